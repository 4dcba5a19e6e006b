// The loops of the element-wise operators, generic over a small struct that computes one element: the JIT specializes
// each (operator, type) pair, so the loops cost what a hand-written one would. Binary operators broadcast numpy-style
// through BroadcastShape in row-major output order, the order of TFLite's BroadcastBinaryFunction6DSlow.
using System.Runtime.CompilerServices;

namespace MicroTL.Kernels;

/// <summary>One output element from one input element.</summary>
public interface IUnaryElement<TIn, TOut>
{
    /// <summary>The output for <paramref name="x"/>.</summary>
    TOut Apply(TIn x);
}

/// <summary>One output element from two input elements.</summary>
public interface IBinaryElement<TIn1, TIn2, TOut>
{
    /// <summary>The output for <paramref name="a"/> and <paramref name="b"/>.</summary>
    TOut Apply(TIn1 a, TIn2 b);
}

/// <summary>Element-wise loops over spans.</summary>
public static class ElementwiseLoops
{
    /// <summary><c>output[i] = op(input[i])</c>.</summary>
    public static void Unary<TIn, TOut, TOp>(in TOp op, ReadOnlySpan<TIn> input, Span<TOut> output)
        where TOp : struct, IUnaryElement<TIn, TOut>
    {
        input = input[..output.Length];
        for (int i = 0; i < output.Length; i++) output[i] = op.Apply(input[i]);
    }

    /// <summary><c>output[i] = op(a[i], b[i])</c> for inputs of the output's shape.</summary>
    public static void Binary<TIn1, TIn2, TOut, TOp>(in TOp op, ReadOnlySpan<TIn1> a, ReadOnlySpan<TIn2> b, Span<TOut> output)
        where TOp : struct, IBinaryElement<TIn1, TIn2, TOut>
    {
        a = a[..output.Length];
        b = b[..output.Length];
        for (int i = 0; i < output.Length; i++) output[i] = op.Apply(a[i], b[i]);
    }

    /// <summary><c>output[i0..i5] = op(a[strided], b[strided])</c>, broadcasting through <paramref name="shape"/>.</summary>
    public static void Broadcast<TIn1, TIn2, TOut, TOp>(in TOp op, in BroadcastShape shape, ReadOnlySpan<TIn1> a, ReadOnlySpan<TIn2> b, Span<TOut> output)
        where TOp : struct, IBinaryElement<TIn1, TIn2, TOut>
    {
        int o = 0;
        for (int i0 = 0, a0 = 0, b0 = 0; i0 < shape.Extent(0); i0++, a0 += shape.Stride1(0), b0 += shape.Stride2(0))
        for (int i1 = 0, a1 = a0, b1 = b0; i1 < shape.Extent(1); i1++, a1 += shape.Stride1(1), b1 += shape.Stride2(1))
        for (int i2 = 0, a2 = a1, b2 = b1; i2 < shape.Extent(2); i2++, a2 += shape.Stride1(2), b2 += shape.Stride2(2))
        for (int i3 = 0, a3 = a2, b3 = b2; i3 < shape.Extent(3); i3++, a3 += shape.Stride1(3), b3 += shape.Stride2(3))
        for (int i4 = 0, a4 = a3, b4 = b3; i4 < shape.Extent(4); i4++, a4 += shape.Stride1(4), b4 += shape.Stride2(4))
        {
            int a5 = a4, b5 = b4, s1 = shape.Stride1(5), s2 = shape.Stride2(5);
            for (int i5 = 0; i5 < shape.Extent(5); i5++, a5 += s1, b5 += s2) output[o++] = op.Apply(a[a5], b[b5]);
        }
    }

    /// <summary>Clamps to the int8 range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte SaturateInt8(int x) => (sbyte)Math.Min(Math.Max(x, sbyte.MinValue), sbyte.MaxValue);
}
