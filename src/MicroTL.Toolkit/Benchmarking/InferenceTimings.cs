using MicroTL.Kernels;

namespace MicroTL.Toolkit.Benchmarking;

/// <summary>What <see cref="InferenceBenchmark.Run(MicroTL.Runtime.Interpreter, int, int, TimeSpan)"/> measured.</summary>
/// <param name="Simd">The instruction set the kernels used.</param>
/// <param name="Runs">Timed runs of the whole inference (and of each operator).</param>
/// <param name="WarmupRuns">Untimed runs before them (at least the number asked for; more when a minimum warm-up time was given).</param>
/// <param name="Inference">Timings of the whole inference.</param>
/// <param name="MacsPerInference">Multiply-accumulates of one inference.</param>
/// <param name="AllocatedBytesPerInvoke">Managed bytes allocated per inference in the steady state: the fewest of any timed run (0 is the design).</param>
/// <param name="Operators">Each operator timed on its own, in graph order.</param>
public sealed record InferenceTimings(
    SimdLevel Simd, int Runs, int WarmupRuns, TimingSummary Inference, long MacsPerInference, double AllocatedBytesPerInvoke,
    IReadOnlyList<OperatorTiming> Operators)
{
    /// <summary>MACs over the median inference time, in 10⁹ per second.</summary>
    public double GmacPerSecond => MacsPerInference / (Inference.MedianMicroseconds * 1e3);
}
