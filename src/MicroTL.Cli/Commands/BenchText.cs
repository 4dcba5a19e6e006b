using System.Globalization;
using MicroTL.Toolkit.Benchmarking;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>The text form of a <see cref="BenchReport"/>: a summary line, the operator table, the estimates.</summary>
internal static class BenchText
{
    public static void Write(TextWriter o, BenchReport r)
    {
        string load = r.Machine.LoadAverage is { } l ? F($", load average {l:0.##}") : "";
        o.WriteLine(F($"{Path.GetFileName(r.Model)}: {r.Operators.Count} operators, {r.MacsPerInference:N0} MACs; {r.Simd}; {r.Runs:N0} runs after {r.WarmupRuns:N0} warm-up ({r.Machine.ProcessorCount} cores{load}); input: {r.Input}"));
        o.WriteLine(F($"inference: median {Us(r.Inference.MedianMicroseconds)}, min {Us(r.Inference.MinMicroseconds)}, p10-p90 {Us(r.Inference.P10Microseconds)} - {Us(r.Inference.P90Microseconds)}, max {Us(r.Inference.MaxMicroseconds)}; {r.GmacPerSecond:0.##} GMAC/s; {r.AllocatedBytesPerInvoke:0.#} bytes allocated per inference"));
        o.WriteLine();
        o.WriteLine("    #  operator                        MACs    median       min   GMAC/s   share");
        foreach (OperatorTiming op in r.Operators)
            o.WriteLine(F($"  {op.Index,3}  {op.Name,-22} {op.Macs,13:N0} {Us(op.Time.MedianMicroseconds),9} {Us(op.Time.MinMicroseconds),9} {op.GmacPerSecond,8:0.00} {op.Share,7:P1}"));
        if (r.Device is { } d) o.WriteLine(F($"\n{d.Device} (cost model estimate): {d.Milliseconds:0.###} ms, {d.Millijoules:0.####} mJ per inference{Unpriced(d)}; {d.Detail}"));
        if (r.Transfer is not { } t) return;
        TransferTimings x = t.Timings;
        string features = x.HeadFeatureLength == 0 ? $"{x.FeatureLength} features"
            : $"{x.FeatureLength} features ({x.FeatureLength - x.HeadFeatureLength} at the cut, {x.HeadFeatureLength} head features)";
        o.WriteLine(F($"\ntransfer: {features} -> {x.Hidden} -> {x.Classes}, batch {x.BatchSize}, {x.TrainingRecords} training and {x.ValidationRecords} validation records; {x.AllocatedBytesPerStep:0.#} bytes allocated per step"));
        Line(o, "collect a sample", x.CollectSample, t.CollectSampleOnDevice);
        Line(o, "train a step", x.TrainStep, t.TrainStepOnDevice);
        Line(o, "train an epoch", x.TrainEpoch, t.TrainEpochOnDevice);
    }

    private static void Line(TextWriter o, string what, TimingSummary s, DeviceEstimate? device)
    {
        string estimate = device is null ? "" : F($"; {device.Device} estimate {device.Milliseconds:0.###} ms, {device.Millijoules:0.####} mJ");
        o.WriteLine(F($"  {what,-17} median {Us(s.MedianMicroseconds)}, min {Us(s.MinMicroseconds)}, p10-p90 {Us(s.P10Microseconds)} - {Us(s.P90Microseconds)}{estimate}"));
    }

    private static string Unpriced(DeviceEstimate d) => d.UnpricedMacs > 0 ? F($" (without {d.UnpricedMacs:N0} MACs of operators the profile does not price)") : "";

    private static string Us(double microseconds) => microseconds >= 1000 ? F($"{microseconds / 1000:0.###} ms") : F($"{microseconds:0.#} µs");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
