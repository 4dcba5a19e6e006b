using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Reports;

/// <summary>
/// Reads a <see cref="Workload"/> from a transfer report (<c>microtl transfer --report</c>, with the
/// <c>workload</c> object that <c>transfer --dataset</c> adds) or a workload file, and writes one
/// (<see cref="WorkloadDocument"/>: the same fields).
/// </summary>
/// <remarks>
/// Fields read: <c>epochs</c>; <c>ops.collectionInt8Macs</c> (by operator name), <c>ops.bytesStored</c>,
/// <c>ops.training</c> {forwardMultiplyAdds, backwardMultiplyAdds, optimizerMultiplyAdds, bytesDequantized, steps};
/// <c>head</c> {inputs, hidden, classes} or <c>headParameterBytes</c>; <c>memory.totalBytes</c> (optional);
/// <c>workload</c> {samples, rawBytesPerSample, cloudTrainHostSeconds, cloudModelBytes, deployedModelBytes};
/// <c>description</c> and <c>storeInFlash</c> (optional). <c>workload.samples</c> falls back to <c>store.samplesOffered</c>.
/// </remarks>
public static class WorkloadFile
{
    /// <summary>Reads a report file.</summary>
    /// <exception cref="WorkloadException">Unreadable, not JSON, or a field is missing or out of range; the message names the field and file.</exception>
    public static Workload Read(string path)
    {
        string text;
        try { text = BoundedFile.ReadAllText(path, ReportJson.MaxFileBytes, "scenario", $"the most a report file can be ({ReportJson.MaxFileBytes >> 20} MiB)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkloadException(e is FilePathException or InputTooLargeException or FileNotFoundException ? e.Message : $"scenario {path}: cannot read: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses report JSON; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="WorkloadException">Not JSON, or a field is missing or out of range.</exception>
    public static Workload Parse(string json, string origin)
    {
        try
        {
            return ReportJson.Deserialize<WorkloadDocument>(json, origin).ToWorkload(origin);
        }
        catch (ReportFormatException e)
        {
            throw new WorkloadException($"scenario {e.Message}; a transfer report with a 'workload' object is needed");
        }
    }

    /// <summary>The workload as JSON in the report's shape, with <paramref name="measuredWith"/> saying how it was obtained.</summary>
    public static string ToJson(Workload w, string measuredWith) => ReportJson.Serialize(WorkloadDocument.From(w, measuredWith)) + "\n";

    /// <summary>Writes <see cref="ToJson"/> atomically.</summary>
    public static void Write(string path, Workload w, string measuredWith) => AtomicFile.WriteAllText(path, ToJson(w, measuredWith));
}
