using System.Text.Json.Serialization;
using MicroTL.Toolkit.Benchmarking;

namespace MicroTL.Toolkit.Reports;

/// <summary><c>microtl bench --json</c>: the timings of one model's inference, per operator, and of its transfer steps.</summary>
/// <param name="Model">The model file.</param>
/// <param name="Input">Where the input came from: the file given, or the synthetic bytes used.</param>
/// <param name="Simd">The instruction set the kernels used (scalar, vector128, avx2, avxvnni).</param>
/// <param name="Runs">Timed runs.</param>
/// <param name="WarmupRuns">Untimed runs before them.</param>
/// <param name="Machine">The host and its load while the runs ran.</param>
/// <param name="Inference">Timings of one whole inference (µs).</param>
/// <param name="MacsPerInference">Multiply-accumulates of one inference.</param>
/// <param name="GmacPerSecond">MACs over the median inference time, in 10⁹ per second.</param>
/// <param name="AllocatedBytesPerInvoke">Managed bytes allocated per inference in the steady state: the fewest of any timed run (0 is the design).</param>
/// <param name="Operators">Each operator timed on its own, in graph order.</param>
/// <param name="Device">With <c>--device</c>: the cost model's estimate of one inference on that board.</param>
/// <param name="Transfer">With <c>--transfer</c>: the device's transfer-learning steps.</param>
public sealed record BenchReport(
    string Model, string Input, string Simd, int Runs, int WarmupRuns, BenchMachine Machine,
    TimingSummary Inference, long MacsPerInference, double GmacPerSecond, double AllocatedBytesPerInvoke,
    IReadOnlyList<OperatorTiming> Operators,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceEstimate? Device,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BenchTransferReport? Transfer)
{
    /// <summary>The report of <paramref name="timings"/> (and of <paramref name="transfer"/> when measured).</summary>
    public static BenchReport From(string model, string input, InferenceTimings timings, BenchMachine machine,
        DeviceEstimate? device, BenchTransferReport? transfer) =>
        new(model, input, timings.Simd.ToString().ToLowerInvariant(), timings.Runs, timings.WarmupRuns, machine, timings.Inference,
            timings.MacsPerInference, timings.GmacPerSecond, timings.AllocatedBytesPerInvoke, timings.Operators, device, transfer);
}

/// <summary>The host the benchmark ran on: its cores, its load (the machine may be shared), the runtime.</summary>
/// <param name="ProcessorCount">Logical processors.</param>
/// <param name="LoadAverage">The one-minute load average before the runs (Linux; null elsewhere).</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Os">The operating system.</param>
public sealed record BenchMachine(int ProcessorCount, double? LoadAverage, string Runtime, string Os)
{
    /// <summary>This machine, now.</summary>
    public static BenchMachine Current() => new(Environment.ProcessorCount, ReadLoadAverage(),
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, System.Runtime.InteropServices.RuntimeInformation.OSDescription);

    private static double? ReadLoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.TryParse(text.Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double load)
                ? load : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary><c>microtl bench --transfer</c>: the device's steps and, with <c>--device</c>, their estimates on the board.</summary>
/// <param name="Timings">The host's timings.</param>
/// <param name="CollectSampleOnDevice">The cost model's estimate of one sample's collection (the int8 body).</param>
/// <param name="TrainStepOnDevice">The estimate of one training step.</param>
/// <param name="TrainEpochOnDevice">The estimate of one epoch.</param>
public sealed record BenchTransferReport(
    TransferTimings Timings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceEstimate? CollectSampleOnDevice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceEstimate? TrainStepOnDevice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceEstimate? TrainEpochOnDevice);
