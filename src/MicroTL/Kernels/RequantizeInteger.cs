// QUANTIZE between integer types (int8, int16, int32 in any pairing TFLM runs) and from float32 to int16, bit-exact
// with TFLite's reference_ops::Requantize and AffineQuantize. Layout: any shape, element-wise.
using System.Numerics;
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Integer requantization and float quantization to any integer width.</summary>
/// <remarks>
/// <c>q_out = clamp(MBQM(q_in - zp_in, m, shift) + zp_out)</c> to the output type's range, with
/// <c>(m, shift) = QuantizeMultiplier(s_in / s_out)</c>; from float, <c>clamp((int)round(x / s_out) + zp_out)</c>.
/// </remarks>
public static class RequantizeInteger
{
    /// <summary>Requantizes <paramref name="input"/> into <paramref name="output"/> (same length).</summary>
    public static void Run<TIn, TOut>(int multiplier, int shift, int inputZeroPoint, int outputZeroPoint, ReadOnlySpan<TIn> input, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        int min = int.CreateTruncating(TOut.MinValue), max = int.CreateTruncating(TOut.MaxValue);
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            int value = MultiplyByQuantizedMultiplier(int.CreateTruncating(input[i]) - inputZeroPoint, multiplier, shift) + outputZeroPoint;
            output[i] = TOut.CreateTruncating(Math.Max(Math.Min(value, max), min));
        }
    }

    /// <summary>Quantizes floats into <paramref name="output"/>'s integer type: the division in float, ties away from zero.</summary>
    public static void FromFloat<TOut>(float scale, int zeroPoint, ReadOnlySpan<float> input, Span<TOut> output)
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        long min = long.CreateTruncating(TOut.MinValue), max = long.CreateTruncating(TOut.MaxValue);
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            float rounded = MathF.Round(input[i] / scale, MidpointRounding.AwayFromZero);
            // Out-of-range values (and NaN, as 0) saturate instead of C++'s undefined conversion.
            long q = float.IsNaN(rounded) ? 0 : rounded >= 1e10f ? (long)1e10 : rounded <= -1e10f ? (long)-1e10 : (long)rounded;
            output[i] = TOut.CreateTruncating(Math.Clamp(q + zeroPoint, min, max));
        }
    }
}
