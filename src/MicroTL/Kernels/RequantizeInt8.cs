// QUANTIZE int8 -> int8 (a change of scale and zero point), bit-exact with TFLite's
// reference_ops::Requantize. Layout: any shape, element-wise.
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Rescales int8 values from one quantization to another.</summary>
/// <remarks>
/// With <c>(m, shift) = QuantizeMultiplier(s_in / s_out)</c> (double):
/// <c>q_out = clamp(MultiplyByQuantizedMultiplier(q_in - zp_in, m, shift) + zp_out, -128, 127)</c>.
/// </remarks>
public static class RequantizeInt8
{
    /// <summary>Requantizes <paramref name="input"/> into <paramref name="output"/> (same length).</summary>
    public static void Run(int multiplier, int shift, int inputZeroPoint, int outputZeroPoint, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++)
        {
            int value = MultiplyByQuantizedMultiplier(input[i] - inputZeroPoint, multiplier, shift) + outputZeroPoint;
            output[i] = (sbyte)Math.Max(Math.Min(value, sbyte.MaxValue), sbyte.MinValue);
        }
    }
}
