// QUANTIZE float32 -> int8, bit-exact with TFLite's reference_ops::AffineQuantize.
// Layout: any shape, element-wise.
namespace MicroTL.Kernels;

/// <summary>Affine quantization of floats to int8.</summary>
/// <remarks><c>q = clamp((int)round(x / scale) + zeroPoint, -128, 127)</c>: the division is in single precision, ties round away from zero.</remarks>
public static class QuantizeFloatToInt8
{
    /// <summary>Quantizes <paramref name="input"/> into <paramref name="output"/> (same length).</summary>
    public static void Run(float scale, int zeroPoint, ReadOnlySpan<float> input, Span<sbyte> output)
    {
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            float rounded = MathF.Round(input[i] / scale, MidpointRounding.AwayFromZero);
            // Out-of-range values (and NaN, as 0) saturate instead of C++'s undefined conversion.
            long q = float.IsNaN(rounded) ? 0 : rounded >= 1e10f ? (long)1e10 : rounded <= -1e10f ? (long)-1e10 : (long)rounded;
            q += zeroPoint;
            output[i] = (sbyte)Math.Clamp(q, sbyte.MinValue, sbyte.MaxValue);
        }
    }
}
