// Cheap statistics of a 3-axis accelerometer window (1 x T x 3, values[3·t + axis], raw m/s²): what a
// classical activity recogniser computes, and what a microcontroller computes in one pass plus a sort.
// Channels: x, y, z and the magnitude |a|. Per channel: mean, standard deviation, minimum, maximum,
// range, interquartile range (24); the correlations xy, xz, yz (3); the gravity direction, the mean
// vector divided by its length (3): 30 values. The extended set adds per channel the 10th, 50th and
// 90th percentiles and the mean absolute first difference (16 more: 46).
namespace MicroTL.Toolkit.Baselines;

/// <summary>Window statistics for the classical baseline (and for head inputs beside the CNN features).</summary>
public static class WindowStatistics
{
    /// <summary>Values of the cheap set.</summary>
    public const int CheapCount = 30;

    /// <summary>Values of the extended set.</summary>
    public const int ExtendedCount = 46;

    /// <summary>The statistics' count for <paramref name="extended"/>.</summary>
    public static int Count(bool extended) => extended ? ExtendedCount : CheapCount;

    /// <summary>Writes the statistics of one window into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The window is empty or not whole 3-axis vectors, or the destination is too short.</exception>
    public static void Compute(ReadOnlySpan<float> window, Span<float> destination, bool extended = false)
    {
        if (window.Length == 0 || window.Length % 3 != 0)
            throw new ArgumentException($"a window is T x 3 values; got {window.Length}");
        if (destination.Length < Count(extended))
            throw new ArgumentException($"the statistics need {Count(extended)} values; the destination has {destination.Length}");
        int steps = window.Length / 3;
        var channel = new float[4][];
        for (int c = 0; c < 4; c++) channel[c] = new float[steps];
        for (int t = 0; t < steps; t++)
        {
            float x = window[3 * t], y = window[3 * t + 1], z = window[3 * t + 2];
            channel[0][t] = x;
            channel[1][t] = y;
            channel[2][t] = z;
            channel[3][t] = MathF.Sqrt(x * x + y * y + z * z);
        }

        var mean = new double[4];
        var sd = new double[4];
        int at = 0;
        for (int c = 0; c < 4; c++)
        {
            float[] v = channel[c];
            double m = 0;
            foreach (float f in v) m += f;
            m /= steps;
            double s = 0;
            foreach (float f in v) s += (f - m) * (f - m);
            mean[c] = m;
            sd[c] = Math.Sqrt(s / steps);
            float[] sorted = (float[])v.Clone();
            Array.Sort(sorted);
            destination[at++] = (float)m;
            destination[at++] = (float)sd[c];
            destination[at++] = sorted[0];
            destination[at++] = sorted[^1];
            destination[at++] = sorted[^1] - sorted[0];
            destination[at++] = Percentile(sorted, 0.75) - Percentile(sorted, 0.25);
        }

        for (int a = 0; a < 3; a++)
        for (int b = a + 1; b < 3; b++)
        {
            double cov = 0;
            for (int t = 0; t < steps; t++) cov += (channel[a][t] - mean[a]) * (channel[b][t] - mean[b]);
            double denominator = sd[a] * sd[b] * steps;
            destination[at++] = denominator > 1e-9 ? (float)(cov / denominator) : 0f;
        }

        double norm = Math.Sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
        for (int a = 0; a < 3; a++) destination[at++] = norm > 1e-9 ? (float)(mean[a] / norm) : 0f;
        if (!extended) return;

        for (int c = 0; c < 4; c++)
        {
            float[] sorted = (float[])channel[c].Clone();
            Array.Sort(sorted);
            destination[at++] = Percentile(sorted, 0.1);
            destination[at++] = Percentile(sorted, 0.5);
            destination[at++] = Percentile(sorted, 0.9);
            double jerk = 0;
            for (int t = 1; t < steps; t++) jerk += Math.Abs(channel[c][t] - channel[c][t - 1]);
            destination[at++] = steps > 1 ? (float)(jerk / (steps - 1)) : 0f;
        }
    }

    /// <summary>The statistics of every sample of <paramref name="samples"/> (N x Count values).</summary>
    public static float[] Of(Training.SampleSet samples, bool extended = false)
    {
        int n = Count(extended);
        var result = new float[samples.Count * n];
        for (int i = 0; i < samples.Count; i++) Compute(samples.Sample(i), result.AsSpan(i * n, n), extended);
        return result;
    }

    // Linear interpolation between closest ranks (numpy's default).
    private static float Percentile(float[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return (float)(sorted[low] + (position - low) * (sorted[high] - sorted[low]));
    }
}
