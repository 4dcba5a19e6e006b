// DEQUANTIZE int8 -> float32, bit-exact with TFLite's reference_ops::Dequantize.
// Layout: any shape, element-wise.
namespace MicroTL.Kernels;

/// <summary>Affine dequantization of int8 to floats.</summary>
/// <remarks><c>x = scale · (q - zeroPoint)</c> in single precision (the product is exact before its one rounding).</remarks>
public static class DequantizeInt8ToFloat
{
    /// <summary>Dequantizes <paramref name="input"/> into <paramref name="output"/> (same length).</summary>
    public static void Run(float scale, int zeroPoint, ReadOnlySpan<sbyte> input, Span<float> output)
    {
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++) output[i] = scale * (input[i] - zeroPoint);
    }
}
