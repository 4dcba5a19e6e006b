// Window statistics of a 3-axis motion window, float32, for the MICROTL_WINDOW_STATISTICS operator: what a classical
// activity recogniser computes, in one fixed order that a C99 port (-ffp-contract=off) reproduces bit for bit.
// Layout: the window is T x 3 values, value[3t + a] (axis a = x, y, z), int8 dequantized on the fly or float32.
// Channels c: x, y, z and the magnitude |a| = sqrt((x·x + y·y) + z·z). Output, S = 30 (cheap) or 46 (extended):
//   [6c + 0..5]  mean, sd, min, max, range, interquartile range   of channel c (24)
//   [24..26]     correlations xy, xz, yz                           (3)
//   [27..29]     gravity direction: the axis means / their length  (3)
//   [30 + 4c + 0..3]  10th, 50th, 90th percentile, mean |first difference| of channel c (extended only, 16)
// The same statistics, in the same order, as the host's WindowStatistics (which computes in double).
namespace MicroTL.Kernels;

/// <summary>One motion window as the kernel reads it: int8 values dequantized on the fly, or float32 values.</summary>
public readonly ref struct MotionWindow
{
    private readonly ReadOnlySpan<sbyte> _quantized;
    private readonly ReadOnlySpan<float> _values;
    private readonly float _scale;
    private readonly int _zeroPoint;

    /// <summary>An int8 window: <c>value[i] = scale · (q[i] - zeroPoint)</c>.</summary>
    public MotionWindow(ReadOnlySpan<sbyte> quantized, float scale, int zeroPoint)
    {
        _quantized = quantized;
        _scale = scale;
        _zeroPoint = zeroPoint;
        IsQuantized = true;
        Steps = quantized.Length / 3;
    }

    /// <summary>A float32 window.</summary>
    public MotionWindow(ReadOnlySpan<float> values)
    {
        _values = values;
        Steps = values.Length / 3;
    }

    /// <summary>T, the samples of each axis.</summary>
    public int Steps { get; }

    /// <summary>True for an int8 window.</summary>
    public bool IsQuantized { get; }

    /// <summary>Value <paramref name="index"/> = 3t + axis, as a float: one multiplication for int8 (exact operands, one rounding).</summary>
    public float At(int index) => IsQuantized ? _scale * (_quantized[index] - _zeroPoint) : _values[index];
}

/// <summary>The statistics of one motion window (see the file's header for the layout), computed in float32 in a fixed order.</summary>
/// <remarks>
/// Per channel, with the channel's values b[0..T) written to the scratch in time order:
/// <c>mean = (Σ_t b[t]) / T</c> (summed from t = 0 up); <c>sd = sqrt((Σ_t d·d) / T)</c>, <c>d = b[t] - mean</c>;
/// <c>jerk = (Σ_{t≥1} |b[t] - b[t-1]|) / (T - 1)</c>; then b is sorted ascending (heapsort, <see cref="SortAscending"/>):
/// min b[0], max b[T-1], <c>range = max - min</c>, percentile q at <c>p = q·(T - 1)</c> (float), <c>lo = (int)p</c>,
/// <c>hi = min(lo + 1, T - 1)</c>: <c>b[lo] + (p - lo)·(b[hi] - b[lo])</c>; IQR = P75 - P25. Correlation of axes a, b:
/// <c>(Σ_t (a_t - mean_a)·(b_t - mean_b)) / ((sd_a·sd_b)·T)</c>, 0 when that denominator is at most 1e-9; gravity:
/// <c>mean_a / sqrt((mean_x·mean_x + mean_y·mean_y) + mean_z·mean_z)</c>, 0 when the length is at most 1e-9. Square
/// roots are IEEE's (exact); nothing else but + - * / and compares.
/// </remarks>
public static class WindowStatisticsFloat
{
    /// <summary>Statistics of the cheap set.</summary>
    public const int CheapCount = 30;

    /// <summary>Statistics of the extended set.</summary>
    public const int ExtendedCount = 46;

    private const int Channels = 4;
    private const float Tiny = 1e-9f;

    /// <summary>Scratch floats the kernel needs for a window of <paramref name="steps"/> samples: one channel's values.</summary>
    public static int ScratchFloats(int steps) => steps;

    /// <summary>
    /// Float operations of one window (each + - * /, square root and compare counted once; the sort counted at its
    /// bound of 2·T·ceil(log2 T) compares per channel): what the cost model prices, as float multiply-adds.
    /// </summary>
    public static long OperationCount(int steps, int statistics)
    {
        long t = steps;
        long log2 = 0;
        while ((1L << (int)log2) < t) log2++;
        long fill = 3 * t + 9 * t;                   // the axes dequantized; the magnitude's 3 values, 5 ops and a root
        long moments = Channels * (t + 3 * t + 3 * t); // mean; sd; first differences
        long sort = Channels * 2 * t * log2;
        long correlations = 3 * 6 * t;
        return fill + moments + sort + correlations + 10L * statistics;
    }

    /// <summary>Writes the <paramref name="destination"/>.Length (30 or 46) statistics of <paramref name="window"/>.</summary>
    /// <param name="window">T x 3 values, T at least 2.</param>
    /// <param name="scratch">At least <see cref="ScratchFloats"/> floats, overwritten.</param>
    /// <param name="destination">30 (cheap) or 46 (extended) floats.</param>
    public static void Compute(scoped in MotionWindow window, Span<float> scratch, Span<float> destination)
    {
        int steps = window.Steps;
        bool extended = destination.Length >= ExtendedCount;
        Span<float> b = scratch[..steps];
        for (int c = 0; c < Channels; c++)
        {
            Fill(window, c, b);
            float sum = 0f;
            for (int t = 0; t < steps; t++) sum = sum + b[t];
            float mean = sum / steps;
            float squares = 0f;
            for (int t = 0; t < steps; t++)
            {
                float d = b[t] - mean;
                squares = squares + d * d;
            }

            float jerk = 0f;
            for (int t = 1; t < steps; t++) jerk = jerk + Math.Abs(b[t] - b[t - 1]);
            SortAscending(b);
            destination[6 * c] = mean;
            destination[6 * c + 1] = DeviceSqrt(squares / steps);
            destination[6 * c + 2] = b[0];
            destination[6 * c + 3] = b[steps - 1];
            destination[6 * c + 4] = b[steps - 1] - b[0];
            destination[6 * c + 5] = Percentile(b, 0.75f) - Percentile(b, 0.25f);
            if (!extended) continue;
            destination[CheapCount + 4 * c] = Percentile(b, 0.1f);
            destination[CheapCount + 4 * c + 1] = Percentile(b, 0.5f);
            destination[CheapCount + 4 * c + 2] = Percentile(b, 0.9f);
            destination[CheapCount + 4 * c + 3] = jerk / (steps - 1);
        }

        int at = 24;
        for (int a = 0; a < 3; a++)
        for (int o = a + 1; o < 3; o++)
        {
            float meanA = destination[6 * a], meanO = destination[6 * o];
            float covariance = 0f;
            for (int t = 0; t < steps; t++) covariance = covariance + (window.At(3 * t + a) - meanA) * (window.At(3 * t + o) - meanO);
            float denominator = destination[6 * a + 1] * destination[6 * o + 1] * steps;
            destination[at++] = denominator > Tiny ? covariance / denominator : 0f;
        }

        float mx = destination[0], my = destination[6], mz = destination[12];
        float norm = DeviceSqrt(mx * mx + my * my + mz * mz);
        destination[at++] = norm > Tiny ? mx / norm : 0f;
        destination[at++] = norm > Tiny ? my / norm : 0f;
        destination[at] = norm > Tiny ? mz / norm : 0f;
    }

    /// <summary>
    /// Sorts ascending in place by heapsort (a max-heap built from the last parent down, then the root swapped to the end and
    /// sifted down), comparing with &lt; only. Any correct sort gives the same values in the same places (equal floats are equal
    /// bits but for ±0, whose order the statistics never show).
    /// </summary>
    public static void SortAscending(Span<float> values)
    {
        int n = values.Length;
        for (int start = n / 2 - 1; start >= 0; start--) SiftDown(values, start, n);
        for (int end = n - 1; end > 0; end--)
        {
            (values[0], values[end]) = (values[end], values[0]);
            SiftDown(values, 0, end);
        }
    }

    private static void SiftDown(Span<float> values, int root, int count)
    {
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= count) return;
            if (child + 1 < count && values[child] < values[child + 1]) child++;
            if (!(values[root] < values[child])) return;
            (values[root], values[child]) = (values[child], values[root]);
            root = child;
        }
    }

    // Linear interpolation between closest ranks (numpy's default), in float.
    private static float Percentile(ReadOnlySpan<float> sorted, float q)
    {
        float position = q * (sorted.Length - 1);
        int low = (int)position;
        int high = Math.Min(low + 1, sorted.Length - 1);
        float fraction = position - low;
        return sorted[low] + fraction * (sorted[high] - sorted[low]);
    }

    private static void Fill(scoped in MotionWindow window, int channel, Span<float> b)
    {
        if (channel < 3)
        {
            for (int t = 0; t < b.Length; t++) b[t] = window.At(3 * t + channel);
            return;
        }

        for (int t = 0; t < b.Length; t++)
        {
            float x = window.At(3 * t), y = window.At(3 * t + 1), z = window.At(3 * t + 2);
            b[t] = DeviceSqrt(x * x + y * y + z * z);
        }
    }

    // IEEE's correctly rounded root (the device's VSQRT.F32, C's sqrtf): the one function besides + - * / this kernel uses.
    private static float DeviceSqrt(float x) => MathF.Sqrt(x);
}
