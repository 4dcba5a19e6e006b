using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MicroTL.IO;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl pretrain --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] [--seed N] [--epochs E] --out BASE.tflite
/// [--report R.json] [--float]</c>: trains the base network in float, writes it int8 (calibrated on its training data) or float32.
/// </summary>
public static class PretrainCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("pretrain", args, new HashSet<string>([.. DataArguments.Names, "seed", "epochs", "out", "report", "mnist-per-class"]),
            new HashSet<string> { "float", "quiet" });
        string outPath = a.Require("out");
        (ExperimentData data, DataSelection selection) = DataArguments.Read(a);
        ulong seed = (ulong)Count(a, "seed", 1);
        int epochs = Count(a, "epochs", BasePretrainer.DefaultEpochs(selection.Dataset));
        var progress = new ProgressLine(stderr, a.Has("quiet"));
        var clock = Stopwatch.StartNew();
        using var interrupt = new InterruptScope();
        PretrainResult result = BasePretrainer.Run(data, selection, seed, epochs, Count(a, "mnist-per-class", BasePretrainer.DefaultMnistPerClass), e =>
        {
            progress.Report($"pretrain epoch {e.Epoch}/{epochs}: loss {e.Loss:F4}, train acc {e.Accuracy:P1}, {e.Elapsed.TotalSeconds:F1} s");
            interrupt.Token.ThrowIfCancellationRequested();
        });
        progress.Done();
        byte[] bytes = a.Has("float") ? TfLiteWriter.Write(FloatExporter.Export(result.Network)) : result.Quantized.Bytes;
        double seconds = clock.Elapsed.TotalSeconds;
        AtomicFile.WriteAllBytes(outPath, bytes);
        if (a.Get("report") is { } reportPath) AtomicFile.WriteAllText(reportPath, ToJson(result, selection, a.Has("float"), bytes.Length, seed, epochs, seconds));

        stdout.WriteLine($"data       {selection.Dataset.ToString().ToLowerInvariant()}, classes {string.Join(",", selection.Classes)}"
            + (selection.Subjects is { } s ? $", subjects {MicroTL.Toolkit.Data.Ranges.Format([.. s.Order()])}" : ""));
        string unit = selection.Dataset == DatasetKind.Wisdm ? "windows" : "images ";
        stdout.WriteLine($"{unit}    {result.TrainWindows} training, {result.TestWindows} held out"
            + (result.TestSubjects.Count > 0 ? $" (subjects {string.Join(",", result.TestSubjects)})" : ""));
        stdout.WriteLine($"accuracy   float {result.FloatAccuracy:P1}, int8 {result.Int8Accuracy:P1} (drop {100 * (result.FloatAccuracy - result.Int8Accuracy):F1} points) on held-out data");
        stdout.WriteLine("per class  " + string.Join(", ", selection.Classes.Select((c, k) =>
            $"{c} float {Percent(result.FloatPerClass, k)} int8 {Percent(result.Int8PerClass, k)}")));
        stdout.WriteLine($"wrote      {outPath}: {(a.Has("float") ? "float32" : "int8")}, {bytes.Length} bytes, {seconds:F1} s");
        return ExitCodes.Success;
    }

    internal static int Count(CommandArguments a, string name, int fallback)
    {
        string? text = a.Get(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : throw new UsageException($"--{name} '{text}' is not a non-negative whole number", $"write --{name} N");
    }

    private static string Percent(IReadOnlyList<double> values, int k) =>
        k < values.Count && double.IsFinite(values[k]) ? values[k].ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static void Number(Utf8JsonWriter j, string name, double value)
    {
        if (double.IsFinite(value)) j.WriteNumber(name, value);
        else j.WriteNull(name);
    }

    private static string ToJson(PretrainResult r, DataSelection selection, bool isFloat, int modelBytes, ulong seed, int epochs, double seconds)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteString("dataset", selection.Dataset.ToString().ToLowerInvariant());
            j.WriteStartArray("classes");
            foreach (string c in selection.Classes) j.WriteStringValue(c);
            j.WriteEndArray();
            j.WriteStartArray("subjects");
            foreach (int s in selection.Subjects ?? []) j.WriteNumberValue(s);
            j.WriteEndArray();
            j.WriteStartArray("testSubjects");
            foreach (int s in r.TestSubjects) j.WriteNumberValue(s);
            j.WriteEndArray();
            j.WriteNumber("seed", seed);
            j.WriteNumber("epochs", epochs);
            j.WriteStartObject("windows");
            j.WriteNumber("train", r.TrainWindows);
            j.WriteNumber("test", r.TestWindows);
            j.WriteEndObject();
            j.WriteStartObject("accuracy");
            j.WriteNumber("float", r.FloatAccuracy);
            j.WriteNumber("int8", r.Int8Accuracy);
            j.WriteNumber("drop", r.FloatAccuracy - r.Int8Accuracy);
            j.WriteNumber("agreement", r.Agreement);
            j.WriteStartArray("perClass");
            for (int k = 0; k < selection.Classes.Count; k++)
            {
                j.WriteStartObject();
                j.WriteString("class", selection.Classes[k]);
                Number(j, "float", k < r.FloatPerClass.Count ? r.FloatPerClass[k] : double.NaN);
                Number(j, "int8", k < r.Int8PerClass.Count ? r.Int8PerClass[k] : double.NaN);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
            j.WriteStartArray("perEpoch");
            foreach (EpochProgress e in r.History)
            {
                j.WriteStartObject();
                j.WriteNumber("epoch", e.Epoch);
                j.WriteNumber("trainLoss", e.Loss);
                j.WriteNumber("trainAccuracy", e.Accuracy);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteString("format", isFloat ? "float32" : "int8");
            j.WriteNumber("modelBytes", modelBytes);
            j.WriteStartObject("timing");
            j.WriteNumber("seconds", Math.Round(seconds, 3));
            j.WriteEndObject();
            j.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
