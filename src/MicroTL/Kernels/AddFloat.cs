// ADD, float32, as TFLite's reference_ops::Add / BroadcastAdd6DSlow. Layout: any shape.
namespace MicroTL.Kernels;

/// <summary>Float element-wise addition with an activation clamp.</summary>
/// <remarks><c>out = clamp(a + b, activationMin, activationMax)</c>.</remarks>
public static class AddFloat
{
    /// <summary>Adds two tensors of the same shape.</summary>
    public static void Run(float activationMin, float activationMax, ReadOnlySpan<float> input1, ReadOnlySpan<float> input2, Span<float> output)
    {
        input1 = input1[..output.Length];
        input2 = input2[..output.Length];
        for (int i = 0; i < output.Length; i++) output[i] = Math.Min(Math.Max(input1[i] + input2[i], activationMin), activationMax);
    }

    /// <summary>Adds two tensors broadcast onto the output shape.</summary>
    public static void RunBroadcast(float activationMin, float activationMax, in BroadcastShape shape,
        ReadOnlySpan<float> input1, ReadOnlySpan<float> input2, Span<float> output)
    {
        int o = 0;
        for (int i0 = 0, a0 = 0, b0 = 0; i0 < shape.Extent(0); i0++, a0 += shape.Stride1(0), b0 += shape.Stride2(0))
        for (int i1 = 0, a1 = a0, b1 = b0; i1 < shape.Extent(1); i1++, a1 += shape.Stride1(1), b1 += shape.Stride2(1))
        for (int i2 = 0, a2 = a1, b2 = b1; i2 < shape.Extent(2); i2++, a2 += shape.Stride1(2), b2 += shape.Stride2(2))
        for (int i3 = 0, a3 = a2, b3 = b2; i3 < shape.Extent(3); i3++, a3 += shape.Stride1(3), b3 += shape.Stride2(3))
        for (int i4 = 0, a4 = a3, b4 = b3; i4 < shape.Extent(4); i4++, a4 += shape.Stride1(4), b4 += shape.Stride2(4))
        {
            int a5 = a4, b5 = b4, s1 = shape.Stride1(5), s2 = shape.Stride2(5);
            for (int i5 = 0; i5 < shape.Extent(5); i5++, a5 += s1, b5 += s2)
                output[o++] = Math.Min(Math.Max(input1[a5] + input2[b5], activationMin), activationMax);
        }
    }
}
