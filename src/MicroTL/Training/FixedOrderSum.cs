using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>
/// The one reduction order of the training path (the float contract, <see cref="HeadTrainer"/>): how a sum of many
/// float terms is added up, fixed so that it does not depend on the SIMD width or the CPU, and a plain C loop gives
/// the same bits. Every dot product of the head's forward pass and every sum of squares of the gradient norm is one.
/// </summary>
/// <remarks>
/// <para>For terms <c>t_0 .. t_{n-1}</c> (a dot product: <c>t_k = a_k * b_k</c>, the product rounded to float) and
/// <c>m = 8 * floor(n / 8)</c>:</para>
/// <list type="number">
/// <item>8 partial sums: <c>s_l = ((0f + t_l) + t_{8+l}) + t_{16+l} + ...</c> over the k &lt; m with <c>k % 8 == l</c>,
/// in float, k ascending;</item>
/// <item>folded in halves: <c>r = ((s_0 + s_4) + (s_2 + s_6)) + ((s_1 + s_5) + (s_3 + s_7))</c>;</item>
/// <item>the tail in order: <c>r = (r + t_m) + t_{m+1} + ... + t_{n-1}</c>.</item>
/// </list>
/// <para>In C: <c>float s[8] = {0}; for (k = 0; k &lt; m; k++) s[k % 8] += a[k] * b[k];</c> then the fold and the tail
/// loop, with <c>-ffp-contract=off</c>. A 256-bit vector holds the 8 partial sums in its lanes, two 128-bit vectors
/// hold 4 each, and the scalar path holds 8 floats; all three give the same bits (the tests hold them to a plain loop
/// of this definition).</para>
/// </remarks>
public static class FixedOrderSum
{
    /// <summary>Partial sums of the reduction, the lanes of its blocks.</summary>
    public const int Lanes = 8;

    /// <summary><c>sum_k a_k * b_k</c> in the fixed order (see the type's remarks).</summary>
    /// <param name="a">First factors.</param>
    /// <param name="b">Second factors, as many.</param>
    /// <param name="simd">The lanes to compute with (default: the CPU's best); every level gives the same bits.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, SimdLevel? simd = null)
    {
        if (a.Length != b.Length) TrainingThrow.Argument(nameof(b), $"spans of {a.Length} and {b.Length} floats; a dot product needs equal lengths");
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        return TrainingLanes.PathOf(simd) switch
        {
            LanePath.Vector256 => Dot<Vector256Lanes8>(ref x, ref y, a.Length),
            LanePath.Vector128 => Dot<Vector128Lanes8>(ref x, ref y, a.Length),
            _ => Dot<ScalarLanes8>(ref x, ref y, a.Length),
        };
    }

    /// <summary><c>sum_k a_k * a_k</c> in the fixed order: a dot product of the values with themselves.</summary>
    public static float SumOfSquares(ReadOnlySpan<float> values, SimdLevel? simd = null) => Dot(values, values, simd);

    /// <summary>The dot product of <paramref name="length"/> floats at <paramref name="a"/> and <paramref name="b"/>.</summary>
    internal static float Dot<T>(ref float a, ref float b, int length) where T : struct, ILanes<T>
    {
        int blocked = length & ~(Lanes - 1);
        T sums = T.Zero;
        for (int k = 0; k < blocked; k += Lanes)
            sums += T.Load(ref Unsafe.Add(ref a, k)) * T.Load(ref Unsafe.Add(ref b, k));
        float sum = sums.FoldedSum();
        for (int k = blocked; k < length; k++) sum += Unsafe.Add(ref a, k) * Unsafe.Add(ref b, k);
        return sum;
    }

    /// <summary>
    /// Four dot products of one row <paramref name="w"/> with four rows of <paramref name="x"/> (<paramref name="stride"/>
    /// floats apart), each in the fixed order: the forward pass's inner loop, reading the weights once for four samples.
    /// </summary>
    internal static void Dot4<T>(ref float w, ref float x, int stride, int length, out float d0, out float d1, out float d2, out float d3)
        where T : struct, ILanes<T>
    {
        ref float x1 = ref Unsafe.Add(ref x, stride);
        ref float x2 = ref Unsafe.Add(ref x, 2 * stride);
        ref float x3 = ref Unsafe.Add(ref x, 3 * stride);
        int blocked = length & ~(Lanes - 1);
        T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
        for (int k = 0; k < blocked; k += Lanes)
        {
            T wk = T.Load(ref Unsafe.Add(ref w, k));
            s0 += wk * T.Load(ref Unsafe.Add(ref x, k));
            s1 += wk * T.Load(ref Unsafe.Add(ref x1, k));
            s2 += wk * T.Load(ref Unsafe.Add(ref x2, k));
            s3 += wk * T.Load(ref Unsafe.Add(ref x3, k));
        }

        d0 = s0.FoldedSum();
        d1 = s1.FoldedSum();
        d2 = s2.FoldedSum();
        d3 = s3.FoldedSum();
        for (int k = blocked; k < length; k++)
        {
            float wk = Unsafe.Add(ref w, k);
            d0 += wk * Unsafe.Add(ref x, k);
            d1 += wk * Unsafe.Add(ref x1, k);
            d2 += wk * Unsafe.Add(ref x2, k);
            d3 += wk * Unsafe.Add(ref x3, k);
        }
    }

    /// <summary>
    /// <see cref="Dot4{T}"/> for two rows at once, <paramref name="w"/> (into <paramref name="d"/>) and
    /// <paramref name="v"/> (into <paramref name="e"/>): eight independent sums, where four left the latency of their
    /// additions, not the multiplies, to bound the loop. Each sum in the fixed order.
    /// </summary>
    internal static void Dot4x2<T>(ref float w, ref float v, ref float x, int stride, int length, out Four d, out Four e)
        where T : struct, ILanes<T>
    {
        ref float x1 = ref Unsafe.Add(ref x, stride);
        ref float x2 = ref Unsafe.Add(ref x, 2 * stride);
        ref float x3 = ref Unsafe.Add(ref x, 3 * stride);
        int blocked = length & ~(Lanes - 1);
        T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero, t0 = T.Zero, t1 = T.Zero, t2 = T.Zero, t3 = T.Zero;
        for (int k = 0; k < blocked; k += Lanes)
        {
            T wk = T.Load(ref Unsafe.Add(ref w, k)), vk = T.Load(ref Unsafe.Add(ref v, k));
            T xk = T.Load(ref Unsafe.Add(ref x, k));
            s0 += wk * xk;
            t0 += vk * xk;
            xk = T.Load(ref Unsafe.Add(ref x1, k));
            s1 += wk * xk;
            t1 += vk * xk;
            xk = T.Load(ref Unsafe.Add(ref x2, k));
            s2 += wk * xk;
            t2 += vk * xk;
            xk = T.Load(ref Unsafe.Add(ref x3, k));
            s3 += wk * xk;
            t3 += vk * xk;
        }

        d = new Four(s0.FoldedSum(), s1.FoldedSum(), s2.FoldedSum(), s3.FoldedSum());
        e = new Four(t0.FoldedSum(), t1.FoldedSum(), t2.FoldedSum(), t3.FoldedSum());
        for (int k = blocked; k < length; k++)
        {
            float wk = Unsafe.Add(ref w, k), vk = Unsafe.Add(ref v, k);
            float a = Unsafe.Add(ref x, k), b = Unsafe.Add(ref x1, k), c = Unsafe.Add(ref x2, k), f = Unsafe.Add(ref x3, k);
            d = new Four(d.S0 + wk * a, d.S1 + wk * b, d.S2 + wk * c, d.S3 + wk * f);
            e = new Four(e.S0 + vk * a, e.S1 + vk * b, e.S2 + vk * c, e.S3 + vk * f);
        }
    }

    /// <summary>Four sums, one per sample.</summary>
    internal readonly record struct Four(float S0, float S1, float S2, float S3);
}
