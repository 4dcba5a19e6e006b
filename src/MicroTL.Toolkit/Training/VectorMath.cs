// Dot products and axpy over spans: the two primitives every layer reduces to. Fixed 128-bit
// vectors (not Vector<T>) so the summation order does not depend on the machine's vector width;
// no fused multiply-add for the same reason.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroTL.Toolkit.Training;

internal static class VectorMath
{
    /// <summary><c>Σ x[i]·y[i]</c> over <c>x.Length</c> elements (y at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        System.Diagnostics.Debug.Assert(y.Length >= x.Length);
        int n = x.Length, i = 0;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        var acc0 = Vector128<float>.Zero;
        var acc1 = Vector128<float>.Zero;
        for (; i <= n - 8; i += 8)
        {
            acc0 += Vector128.LoadUnsafe(ref px, (nuint)i) * Vector128.LoadUnsafe(ref py, (nuint)i);
            acc1 += Vector128.LoadUnsafe(ref px, (nuint)(i + 4)) * Vector128.LoadUnsafe(ref py, (nuint)(i + 4));
        }

        if (i <= n - 4)
        {
            acc0 += Vector128.LoadUnsafe(ref px, (nuint)i) * Vector128.LoadUnsafe(ref py, (nuint)i);
            i += 4;
        }

        float sum = Vector128.Sum(acc0 + acc1);
        for (; i < n; i++) sum += Unsafe.Add(ref px, i) * Unsafe.Add(ref py, i);
        return sum;
    }

    /// <summary><c>y[i] += a·x[i]</c> over <c>x.Length</c> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        System.Diagnostics.Debug.Assert(y.Length >= x.Length);
        int n = x.Length, i = 0;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        var va = Vector128.Create(a);
        for (; i <= n - 4; i += 4)
            (Vector128.LoadUnsafe(ref py, (nuint)i) + va * Vector128.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref py, i) += a * Unsafe.Add(ref px, i);
    }
}
