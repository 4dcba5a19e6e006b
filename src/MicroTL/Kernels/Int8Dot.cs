// Vectorized int8 dot products for the fast paths of CONV_2D and FULLY_CONNECTED.
// Activations are stored biased as unsigned bytes (xu = x + 128, i.e. x ^ 0x80) so the VNNI
// instruction vpdpbusd (u8 × s8 → i32, no intermediate saturation) applies; callers fold the bias
// back with precomputed filter sums: Σ x·w = Σ xu·w - 128·Σ w. Every path is exact in int32
// (wrapping like C++), so all of them give identical bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Unsigned-by-signed int8 dot products (Σ xu[i]·w[i]) over contiguous memory.</summary>
/// <remarks>Every method takes the <see cref="SimdLevel"/> to use, already clamped by the caller (<see cref="SimdSupport.Clamp"/>).</remarks>
internal static class Int8Dot
{
    /// <summary>Writes <c>dst[i] = (byte)(src[i] + 128)</c> and returns Σ src[i].</summary>
    public static int ToBiased(ReadOnlySpan<sbyte> src, Span<byte> dst, SimdLevel simd)
    {
        int n = src.Length;
        ref sbyte s = ref MemoryMarshal.GetReference(src);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        int i = 0, sum = 0;
        if (Vector128.IsHardwareAccelerated && simd != SimdLevel.Scalar)
        {
            Vector128<byte> flip = Vector128.Create((byte)0x80);
            Vector128<int> acc = Vector128<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector128<sbyte> v = Vector128.LoadUnsafe(ref s, (nuint)i);
                (v.AsByte() ^ flip).StoreUnsafe(ref d, (nuint)i);
                (Vector128<short> lo, Vector128<short> hi) = Vector128.Widen(v);
                (Vector128<int> a, Vector128<int> b) = Vector128.Widen(lo + hi);
                acc += a + b;
            }
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++)
        {
            sbyte x = Unsafe.Add(ref s, i);
            Unsafe.Add(ref d, i) = (byte)(x ^ unchecked((sbyte)0x80));
            sum += x;
        }
        return sum;
    }

    /// <summary>Writes <c>dst[i] = (byte)(src[i] + 128)</c> for <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyBiased(ref sbyte src, ref byte dst, int n, SimdLevel simd)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated && simd != SimdLevel.Scalar)
        {
            Vector128<byte> flip = Vector128.Create((byte)0x80);
            for (; i <= n - 16; i += 16)
                (Vector128.LoadUnsafe(ref src, (nuint)i).AsByte() ^ flip).StoreUnsafe(ref dst, (nuint)i);
            if (i <= n - 8)
            {
                // Eight channels (a narrow convolution's pixel) in one 64-bit step.
                ulong eight = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref src, i)));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), eight ^ 0x8080808080808080UL);
                i += 8;
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dst, i) = (byte)(Unsafe.Add(ref src, i) ^ unchecked((sbyte)0x80));
    }

    /// <summary>Four dot products of one biased vector with four weight rows <paramref name="rowStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dot4(ref byte x, ref sbyte w, int rowStride, int n, SimdLevel simd, out int s0, out int s1, out int s2, out int s3)
    {
        ref sbyte w1 = ref Unsafe.Add(ref w, rowStride);
        ref sbyte w2 = ref Unsafe.Add(ref w, 2 * rowStride);
        ref sbyte w3 = ref Unsafe.Add(ref w, 3 * rowStride);
        int i = 0;
        s0 = s1 = s2 = s3 = 0;
        if (AvxVnni.IsSupported && simd == SimdLevel.AvxVnni)
        {
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                Vector256<byte> xv = Vector256.LoadUnsafe(ref x, (nuint)i);
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, xv, Vector256.LoadUnsafe(ref w, (nuint)i));
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, xv, Vector256.LoadUnsafe(ref w1, (nuint)i));
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, xv, Vector256.LoadUnsafe(ref w2, (nuint)i));
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, xv, Vector256.LoadUnsafe(ref w3, (nuint)i));
            }
            s0 = Vector256.Sum(a0); s1 = Vector256.Sum(a1); s2 = Vector256.Sum(a2); s3 = Vector256.Sum(a3);
            if (i <= n - 16)
            {
                // One 16-byte step keeps short rows (e.g. a 3x3x2 window) off the scalar tail.
                Vector128<byte> xv = Vector128.LoadUnsafe(ref x, (nuint)i);
                s0 += Vector128.Sum(AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, xv, Vector128.LoadUnsafe(ref w, (nuint)i)));
                s1 += Vector128.Sum(AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, xv, Vector128.LoadUnsafe(ref w1, (nuint)i)));
                s2 += Vector128.Sum(AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, xv, Vector128.LoadUnsafe(ref w2, (nuint)i)));
                s3 += Vector128.Sum(AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, xv, Vector128.LoadUnsafe(ref w3, (nuint)i)));
                i += 16;
            }
        }
        else if (Avx2.IsSupported && simd >= SimdLevel.Avx2)
        {
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 16; i += 16)
            {
                Vector256<short> xv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, (nuint)i));
                a0 += Avx2.MultiplyAddAdjacent(xv, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w, (nuint)i)));
                a1 += Avx2.MultiplyAddAdjacent(xv, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w1, (nuint)i)));
                a2 += Avx2.MultiplyAddAdjacent(xv, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w2, (nuint)i)));
                a3 += Avx2.MultiplyAddAdjacent(xv, Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w3, (nuint)i)));
            }
            s0 = Vector256.Sum(a0); s1 = Vector256.Sum(a1); s2 = Vector256.Sum(a2); s3 = Vector256.Sum(a3);
        }
        else if (Vector128.IsHardwareAccelerated && simd >= SimdLevel.Vector128)
        {
            Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 16; i += 16)
            {
                (Vector128<ushort> xlu, Vector128<ushort> xhu) = Vector128.Widen(Vector128.LoadUnsafe(ref x, (nuint)i));
                Vector128<short> xl = xlu.AsInt16(), xh = xhu.AsInt16();
                a0 += MulAdd(xl, xh, Vector128.LoadUnsafe(ref w, (nuint)i));
                a1 += MulAdd(xl, xh, Vector128.LoadUnsafe(ref w1, (nuint)i));
                a2 += MulAdd(xl, xh, Vector128.LoadUnsafe(ref w2, (nuint)i));
                a3 += MulAdd(xl, xh, Vector128.LoadUnsafe(ref w3, (nuint)i));
            }
            s0 = Vector128.Sum(a0); s1 = Vector128.Sum(a1); s2 = Vector128.Sum(a2); s3 = Vector128.Sum(a3);
        }
        for (; i < n; i++)
        {
            int xi = Unsafe.Add(ref x, i);
            s0 += xi * Unsafe.Add(ref w, i);
            s1 += xi * Unsafe.Add(ref w1, i);
            s2 += xi * Unsafe.Add(ref w2, i);
            s3 += xi * Unsafe.Add(ref w3, i);
        }
    }

    /// <summary>One dot product Σ xu[i]·w[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref byte x, ref sbyte w, int n, SimdLevel simd)
    {
        int i = 0, s = 0;
        if (AvxVnni.IsSupported && simd == SimdLevel.AvxVnni)
        {
            Vector256<int> a = default;
            for (; i <= n - 32; i += 32)
                a = AvxVnni.MultiplyWideningAndAdd(a, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref w, (nuint)i));
            s = Vector256.Sum(a);
            if (i <= n - 16)
            {
                s += Vector128.Sum(AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, Vector128.LoadUnsafe(ref x, (nuint)i), Vector128.LoadUnsafe(ref w, (nuint)i)));
                i += 16;
            }
        }
        else if (Avx2.IsSupported && simd >= SimdLevel.Avx2)
        {
            Vector256<int> a = default;
            for (; i <= n - 16; i += 16)
                a += Avx2.MultiplyAddAdjacent(
                    Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, (nuint)i)),
                    Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w, (nuint)i)));
            s = Vector256.Sum(a);
        }
        else if (Vector128.IsHardwareAccelerated && simd >= SimdLevel.Vector128)
        {
            Vector128<int> a = default;
            for (; i <= n - 16; i += 16)
            {
                (Vector128<ushort> xl, Vector128<ushort> xh) = Vector128.Widen(Vector128.LoadUnsafe(ref x, (nuint)i));
                a += MulAdd(xl.AsInt16(), xh.AsInt16(), Vector128.LoadUnsafe(ref w, (nuint)i));
            }
            s = Vector128.Sum(a);
        }
        for (; i < n; i++) s += Unsafe.Add(ref x, i) * Unsafe.Add(ref w, i);
        return s;
    }

    // |xu·w| ≤ 255·128 fits in int16, so 16-bit products are exact before widening to int32.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> MulAdd(Vector128<short> xl, Vector128<short> xh, Vector128<sbyte> w)
    {
        (Vector128<short> wl, Vector128<short> wh) = Vector128.Widen(w);
        (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(xl * wl);
        (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(xh * wh);
        return (p0 + p1) + (p2 + p3);
    }
}
