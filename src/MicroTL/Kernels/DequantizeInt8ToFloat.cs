// DEQUANTIZE int8 -> float32, bit-exact with TFLite's reference_ops::Dequantize.
// Layout: any shape, element-wise.
namespace MicroTL.Kernels;

/// <summary>Affine dequantization of int8 to floats.</summary>
/// <remarks><c>x = (float)((double)scale · (q - zeroPoint))</c>: the product is in double precision, as TFLite keeps the scale as a double.</remarks>
public static class DequantizeInt8ToFloat
{
    /// <summary>Dequantizes <paramref name="input"/> into <paramref name="output"/> (same length).</summary>
    public static void Run(float scale, int zeroPoint, ReadOnlySpan<sbyte> input, Span<float> output)
    {
        input = input[..output.Length];
        double s = scale;
        for (int i = 0; i < output.Length; i++) output[i] = (float)(s * (input[i] - zeroPoint));
    }
}
