// MEAN over some axes, bit-exact with TFLite's reference_ops::Mean (float) and QuantizedMeanOrSum (int8): the input is
// summed in row-major order into one accumulator per output element, then divided (float) or rescaled (int8).
// The accumulators are addressed through a view of the input's shape whose reduced dimensions have stride 0.
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Int8 and float32 means.</summary>
public static class MeanKernel
{
    /// <summary>
    /// The multiplier and shift TFLite applies to a sum of <paramref name="count"/> values: the input/output scale
    /// multiplier divided by the count with as much precision as 31 bits allow (QuantizedMeanOrSum).
    /// </summary>
    public static (int Multiplier, int Shift) MeanMultiplier(int multiplier, int shift, long count)
    {
        int extra = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)count);
        extra = Math.Min(extra, 32);
        extra = Math.Min(extra, 31 + shift);
        return ((int)(((long)multiplier << extra) / count), shift - extra);
    }

    /// <summary>
    /// Int8 mean: <c>out = clamp(MBQM(Σ x - zp_in·N, m, shift) + zp_out)</c> per output element, where
    /// <paramref name="accumulators"/> (one int32 per output) are addressed by <paramref name="view"/> over the input.
    /// </summary>
    public static void RunInt8(in StridedView view, long count, int inputZeroPoint, int multiplier, int shift, int outputZeroPoint,
        ReadOnlySpan<sbyte> input, Span<int> accumulators, Span<sbyte> output)
    {
        accumulators = accumulators[..output.Length];
        accumulators.Clear();
        Sum(view, input, accumulators);
        for (int i = 0; i < output.Length; i++)
        {
            int shifted = unchecked((int)(accumulators[i] - (long)inputZeroPoint * count));
            int value = MultiplyByQuantizedMultiplier(shifted, multiplier, shift) + outputZeroPoint;
            output[i] = (sbyte)Math.Min(Math.Max(value, sbyte.MinValue), sbyte.MaxValue);
        }
    }

    /// <summary>Float mean: the sum in input order, divided by <paramref name="count"/> in float.</summary>
    public static void RunFloat(in StridedView view, long count, ReadOnlySpan<float> input, Span<float> output)
    {
        output.Clear();
        Sum(view, input, output);
        float n = count;
        for (int i = 0; i < output.Length; i++) output[i] /= n;
    }

    private static void Sum(in StridedView view, ReadOnlySpan<sbyte> input, Span<int> accumulators)
    {
        int x = 0;
        for (int i0 = 0, a0 = 0; i0 < view.Extent(0); i0++, a0 += view.Stride(0))
        for (int i1 = 0, a1 = a0; i1 < view.Extent(1); i1++, a1 += view.Stride(1))
        for (int i2 = 0, a2 = a1; i2 < view.Extent(2); i2++, a2 += view.Stride(2))
        for (int i3 = 0, a3 = a2; i3 < view.Extent(3); i3++, a3 += view.Stride(3))
        for (int i4 = 0, a4 = a3; i4 < view.Extent(4); i4++, a4 += view.Stride(4))
        for (int i5 = 0, a5 = a4; i5 < view.Extent(5); i5++, a5 += view.Stride(5))
            accumulators[a5] = unchecked(accumulators[a5] + input[x++]);
    }

    private static void Sum(in StridedView view, ReadOnlySpan<float> input, Span<float> accumulators)
    {
        int x = 0;
        for (int i0 = 0, a0 = 0; i0 < view.Extent(0); i0++, a0 += view.Stride(0))
        for (int i1 = 0, a1 = a0; i1 < view.Extent(1); i1++, a1 += view.Stride(1))
        for (int i2 = 0, a2 = a1; i2 < view.Extent(2); i2++, a2 += view.Stride(2))
        for (int i3 = 0, a3 = a2; i3 < view.Extent(3); i3++, a3 += view.Stride(3))
        for (int i4 = 0, a4 = a3; i4 < view.Extent(4); i4++, a4 += view.Stride(4))
        for (int i5 = 0, a5 = a4; i5 < view.Extent(5); i5++, a5 += view.Stride(5))
            accumulators[a5] += input[x++];
    }
}
