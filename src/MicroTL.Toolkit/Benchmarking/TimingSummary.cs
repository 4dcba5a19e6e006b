// The spread of repeated timings of one piece of work, in microseconds. On a shared machine the minimum shows what
// the code can do, the median what it did, the 10th-90th percentile band how much the load moved it.
namespace MicroTL.Toolkit.Benchmarking;

/// <summary>Median, extremes and 10th/90th percentiles of a set of timings, in microseconds.</summary>
/// <param name="MedianMicroseconds">The middle timing (the mean of the two middle ones for an even count).</param>
/// <param name="MinMicroseconds">The fastest.</param>
/// <param name="P10Microseconds">The 10th percentile (nearest rank).</param>
/// <param name="P90Microseconds">The 90th percentile (nearest rank).</param>
/// <param name="MaxMicroseconds">The slowest.</param>
public sealed record TimingSummary(
    double MedianMicroseconds, double MinMicroseconds, double P10Microseconds, double P90Microseconds, double MaxMicroseconds)
{
    /// <summary>The summary of <paramref name="microseconds"/> (sorted in place).</summary>
    /// <exception cref="ArgumentException">No timings.</exception>
    public static TimingSummary Of(Span<double> microseconds)
    {
        if (microseconds.IsEmpty) throw new ArgumentException("no timings to summarize", nameof(microseconds));
        microseconds.Sort();
        int n = microseconds.Length;
        double median = n % 2 == 1 ? microseconds[n / 2] : (microseconds[n / 2 - 1] + microseconds[n / 2]) / 2;
        return new TimingSummary(median, microseconds[0], Rank(microseconds, 0.10), Rank(microseconds, 0.90), microseconds[n - 1]);
    }

    // Nearest-rank percentile of sorted values: the smallest value with at least p of the values at or below it.
    private static double Rank(ReadOnlySpan<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
