// ADD, int8 + int8 -> int8, bit-exact with TFLite's reference_integer_ops::Add and
// BroadcastAdd6DSlow (the left_shift = 20 scheme). Layout: any shape; broadcast per BroadcastShape.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static MicroTL.Kernels.QuantizationMath;

namespace MicroTL.Kernels;

/// <summary>Fixed-point parameters of an int8 ADD, as TFLM's <c>CalculateOpDataAdd</c> derives them.</summary>
public readonly record struct AddInt8Params(
    int Input1Offset, int Input2Offset, int OutputOffset, int LeftShift,
    int Input1Multiplier, int Input1Shift, int Input2Multiplier, int Input2Shift,
    int OutputMultiplier, int OutputShift, int ActivationMin, int ActivationMax)
{
    /// <summary>
    /// Derives the parameters: with <c>t = 2·max(s1, s2)</c> (double), input multipliers <c>s_i / t</c> and output
    /// multiplier <c>t / (2^20 · s_out)</c>, each by <c>QuantizeMultiplierSmallerThanOneExp</c>.
    /// </summary>
    public static AddInt8Params Create(float scale1, int zeroPoint1, float scale2, int zeroPoint2,
        float outputScale, int outputZeroPoint, int activationMin, int activationMax)
    {
        const int leftShift = 20;
        double twiceMaxInputScale = 2 * (double)Math.Max(scale1, scale2);
        (int m1, int s1) = QuantizeMultiplierSmallerThanOneExp(scale1 / twiceMaxInputScale);
        (int m2, int s2) = QuantizeMultiplierSmallerThanOneExp(scale2 / twiceMaxInputScale);
        (int mo, int so) = QuantizeMultiplierSmallerThanOneExp(twiceMaxInputScale / ((1 << leftShift) * (double)outputScale));
        return new AddInt8Params(-zeroPoint1, -zeroPoint2, outputZeroPoint, leftShift, m1, s1, m2, s2, mo, so, activationMin, activationMax);
    }
}

/// <summary>Int8 element-wise addition in a common fixed-point scale.</summary>
/// <remarks>
/// <c>a' = MBQMSmallerThanOneExp((a + off1)·2^20, m1, s1)</c>, likewise b'; <c>out = clamp(MBQMSmallerThanOneExp(a' + b', mo, so) + outOffset)</c>.
/// </remarks>
public static class AddInt8
{
    /// <summary>Adds one pair of values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte AddOne(in AddInt8Params p, int a, int b)
    {
        int shifted1 = unchecked((p.Input1Offset + a) * (1 << p.LeftShift));
        int shifted2 = unchecked((p.Input2Offset + b) * (1 << p.LeftShift));
        int scaled1 = MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted1, p.Input1Multiplier, p.Input1Shift);
        int scaled2 = MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted2, p.Input2Multiplier, p.Input2Shift);
        int raw = MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked(scaled1 + scaled2), p.OutputMultiplier, p.OutputShift) + p.OutputOffset;
        return (sbyte)Math.Min(p.ActivationMax, Math.Max(p.ActivationMin, raw));
    }

    /// <summary>Adds two tensors of the same shape, eight lanes at a time where AVX2 is available. <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.</summary>
    public static void Run(in AddInt8Params p, ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, Span<sbyte> output, SimdLevel simd)
    {
        simd = SimdSupport.Clamp(simd);
        // Slicing to the output's length checks lengths once, so the unchecked loads below stay in range.
        input1 = input1[..output.Length];
        input2 = input2[..output.Length];
        int i = 0;
        if (Avx2.IsSupported && simd >= SimdLevel.Avx2)
        {
            ref sbyte a = ref MemoryMarshal.GetReference(input1);
            ref sbyte b = ref MemoryMarshal.GetReference(input2);
            ref sbyte o = ref MemoryMarshal.GetReference(output);
            Vector256<int> off1 = Vector256.Create(p.Input1Offset), off2 = Vector256.Create(p.Input2Offset);
            Vector256<int> outOff = Vector256.Create(p.OutputOffset);
            Vector256<int> min = Vector256.Create(p.ActivationMin), max = Vector256.Create(p.ActivationMax);
            for (; i <= output.Length - 8; i += 8)
            {
                Vector256<int> x1 = Vector256.ShiftLeft(Avx2.ConvertToVector256Int32(Load8(ref Unsafe.Add(ref a, i))) + off1, p.LeftShift);
                Vector256<int> x2 = Vector256.ShiftLeft(Avx2.ConvertToVector256Int32(Load8(ref Unsafe.Add(ref b, i))) + off2, p.LeftShift);
                Vector256<int> sum = VectorQuantizationMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(x1, p.Input1Multiplier, p.Input1Shift)
                    + VectorQuantizationMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(x2, p.Input2Multiplier, p.Input2Shift);
                Vector256<int> raw = VectorQuantizationMath.MultiplyByQuantizedMultiplierSmallerThanOneExp(sum, p.OutputMultiplier, p.OutputShift) + outOff;
                Vector256<int> clamped = Vector256.Min(Vector256.Max(raw, min), max);
                VectorQuantizationMath.StoreInt8(clamped, ref Unsafe.Add(ref o, i));
            }
        }
        for (; i < output.Length; i++) output[i] = AddOne(p, input1[i], input2[i]);
    }

    /// <summary>Reference path: <see cref="AddOne"/> element by element.</summary>
    public static void RunReference(in AddInt8Params p, ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, Span<sbyte> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = AddOne(p, input1[i], input2[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Load8(ref sbyte p) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref p))).AsSByte();

    /// <summary>Adds two tensors broadcast onto the output shape.</summary>
    public static void RunBroadcast(in AddInt8Params p, in BroadcastShape shape,
        ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, Span<sbyte> output)
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
                output[o++] = AddOne(p, input1[a5], input2[b5]);
        }
    }
}
