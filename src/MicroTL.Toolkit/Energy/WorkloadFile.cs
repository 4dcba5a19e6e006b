using System.Text;
using System.Text.Json;
using MicroTL.Toolkit.IO;
using MicroTL.Training;

namespace MicroTL.Toolkit.Energy;

/// <summary>
/// Reads a <see cref="Workload"/> from a transfer report (<c>microtl transfer --report</c>, with the
/// <c>workload</c> object that <c>transfer --dataset</c> adds) and writes one in the same shape.
/// </summary>
/// <remarks>
/// Fields read: <c>epochs</c>; <c>ops.collectionInt8Macs</c> (by operator name), <c>ops.bytesStored</c>,
/// <c>ops.training</c> {forwardMultiplyAdds, backwardMultiplyAdds, optimizerMultiplyAdds, bytesDequantized, steps};
/// <c>head</c> {inputs, hidden, classes} or <c>headParameterBytes</c>; <c>memory.totalBytes</c> (optional);
/// <c>workload</c> {samples, rawBytesPerSample, cloudTrainHostSeconds, cloudModelBytes, deployedModelBytes};
/// <c>description</c> (optional). <c>workload.samples</c> falls back to <c>store.samplesOffered</c>.
/// </remarks>
public static class WorkloadFile
{
    /// <summary>Reads a report file.</summary>
    /// <exception cref="WorkloadException">Not JSON, or a field is missing or out of range; the message names the field and file.</exception>
    public static Workload Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkloadException($"scenario {path}: cannot read: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses report JSON; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="WorkloadException">Not JSON, or a field is missing or out of range.</exception>
    public static Workload Parse(string json, string origin)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            JsonElement ops = Get(root, "ops", origin), training = Get(ops, "training", origin, "ops."), w = Get(root, "workload", origin);
            var macs = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (JsonProperty p in Get(ops, "collectionInt8Macs", origin, "ops.").EnumerateObject()) macs[p.Name] = p.Value.GetInt64();
            long samples = w.TryGetProperty("samples", out JsonElement s) ? s.GetInt64()
                : root.TryGetProperty("store", out JsonElement store) && store.TryGetProperty("samplesOffered", out JsonElement so) ? so.GetInt64()
                : throw new WorkloadException($"scenario {origin}: field 'workload.samples' is missing");
            return new Workload
            {
                Description = root.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : $"transfer report {origin}",
                Samples = checked((int)samples),
                RawBytesPerSample = Long(w, "rawBytesPerSample", origin, "workload."),
                CollectionInt8Macs = macs,
                BytesStored = Long(ops, "bytesStored", origin, "ops."),
                Training = new OpCounts(Long(training, "forwardMultiplyAdds", origin, "ops.training."), Long(training, "backwardMultiplyAdds", origin, "ops.training."),
                    Long(training, "optimizerMultiplyAdds", origin, "ops.training."), Long(training, "bytesDequantized", origin, "ops.training."),
                    0, Long(training, "steps", origin, "ops.training.")),
                Epochs = checked((int)Long(root, "epochs", origin, "")),
                HeadParameterBytes = root.TryGetProperty("headParameterBytes", out JsonElement hp) ? hp.GetInt64()
                    : Workload.HeadParameterBytesOf(new HeadShape((int)Long(Get(root, "head", origin), "inputs", origin, "head."),
                        (int)Long(root.GetProperty("head"), "hidden", origin, "head."), (int)Long(root.GetProperty("head"), "classes", origin, "head."))),
                CloudTrainHostSeconds = Get(w, "cloudTrainHostSeconds", origin, "workload.").GetDouble(),
                CloudModelBytes = Long(w, "cloudModelBytes", origin, "workload."),
                DeployedModelBytes = w.TryGetProperty("deployedModelBytes", out JsonElement db) ? db.GetInt64() : 0,
                RamBytesNeeded = root.TryGetProperty("memory", out JsonElement m) && m.TryGetProperty("totalBytes", out JsonElement tb) ? tb.GetInt64() : null,
                StoreInFlash = root.TryGetProperty("storeInFlash", out JsonElement f) && f.ValueKind == JsonValueKind.True,
            }.Validated();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new WorkloadException($"scenario {origin}: not a transfer report with a 'workload' object: {e.Message}");
        }
    }

    /// <summary>The workload as JSON in the report's shape, with <paramref name="measuredWith"/> saying how it was obtained.</summary>
    public static string ToJson(Workload w, string measuredWith)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            j.WriteStartObject();
            j.WriteString("description", w.Description);
            j.WriteString("measuredWith", measuredWith);
            j.WriteNumber("epochs", w.Epochs);
            j.WriteNumber("headParameterBytes", w.HeadParameterBytes);
            j.WriteBoolean("storeInFlash", w.StoreInFlash);
            if (w.RamBytesNeeded is { } ram)
            {
                j.WriteStartObject("memory");
                j.WriteNumber("totalBytes", ram);
                j.WriteEndObject();
            }

            WriteOps(j, w.CollectionInt8Macs, w.BytesStored, w.Training);
            j.WriteStartObject("workload");
            j.WriteNumber("samples", w.Samples);
            j.WriteNumber("rawBytesPerSample", w.RawBytesPerSample);
            j.WriteNumber("cloudTrainHostSeconds", w.CloudTrainHostSeconds);
            j.WriteNumber("cloudModelBytes", w.CloudModelBytes);
            j.WriteNumber("deployedModelBytes", w.DeployedModelBytes);
            j.WriteEndObject();
            j.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The <c>ops</c> object that <see cref="Parse"/> reads: int8 MACs of collection by operator, bytes stored, head training work.</summary>
    public static void WriteOps(Utf8JsonWriter j, IReadOnlyDictionary<string, long> collectionInt8Macs, long bytesStored, OpCounts training)
    {
        j.WriteStartObject("ops");
        j.WriteStartObject("collectionInt8Macs");
        foreach ((string op, long macs) in collectionInt8Macs.OrderBy(kv => kv.Key, StringComparer.Ordinal)) j.WriteNumber(op, macs);
        j.WriteEndObject();
        j.WriteNumber("bytesStored", bytesStored);
        j.WriteStartObject("training");
        j.WriteNumber("forwardMultiplyAdds", training.ForwardMultiplyAdds);
        j.WriteNumber("backwardMultiplyAdds", training.BackwardMultiplyAdds);
        j.WriteNumber("optimizerMultiplyAdds", training.OptimizerMultiplyAdds);
        j.WriteNumber("bytesDequantized", training.BytesDequantized);
        j.WriteNumber("steps", training.Steps);
        j.WriteEndObject();
        j.WriteEndObject();
    }

    /// <summary>Writes <see cref="ToJson"/> atomically.</summary>
    public static void Write(string path, Workload w, string measuredWith) => AtomicFile.WriteAllText(path, ToJson(w, measuredWith));

    private static JsonElement Get(JsonElement e, string name, string origin, string prefix = "") =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null
            ? v : throw new WorkloadException($"scenario {origin}: field '{prefix}{name}' is missing");

    private static long Long(JsonElement e, string name, string origin, string prefix)
    {
        JsonElement v = Get(e, name, origin, prefix);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x)
            ? x : throw new WorkloadException($"scenario {origin}: field '{prefix}{name}' must be an integer");
    }
}
