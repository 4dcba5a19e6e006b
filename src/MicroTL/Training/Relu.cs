using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>Float32 ReLU, forward and backward, elementwise over spans of equal length (vectorized: no reduction, so every width gives the same bits).</summary>
public static class Relu
{
    /// <summary>Forward: <c>y = x &gt; 0 ? x : +0</c> (NaN gives 0). <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    /// <remarks><paramref name="simd"/>: the lanes to compute with (default: the CPU's best).</remarks>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, SimdLevel? simd = null)
    {
        Debug.Assert(y.Length >= x.Length);
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float destination = ref MemoryMarshal.GetReference(y);
        Mask(TrainingLanes.PathOf(simd), ref source, ref source, ref destination, x.Length);
    }

    /// <summary>
    /// Backward, in place: <c>d[i] = activation[i] &gt; 0 ? d[i] : 0</c> (the subgradient at 0 is taken as 0, matching the
    /// forward's strict comparison). <paramref name="activation"/> may be the pre-activation or the forward's output: each is
    /// positive exactly where the other is.
    /// </summary>
    /// <remarks><paramref name="simd"/>: the lanes to compute with (default: the CPU's best).</remarks>
    public static void BackwardInPlace(ReadOnlySpan<float> activation, Span<float> gradient, SimdLevel? simd = null)
    {
        Debug.Assert(activation.Length >= gradient.Length);
        ref float d = ref MemoryMarshal.GetReference(gradient);
        Mask(TrainingLanes.PathOf(simd), ref MemoryMarshal.GetReference(activation), ref d, ref d, gradient.Length);
    }

    /// <summary><c>destination[i] = condition[i] &gt; 0 ? value[i] : +0</c> for i &lt; length (any of them may be the same buffer).</summary>
    internal static void Mask(LanePath path, ref float condition, ref float value, ref float destination, int length)
    {
        switch (path)
        {
            case LanePath.Vector256: Mask<Vector256Lanes8>(ref condition, ref value, ref destination, length); break;
            case LanePath.Vector128: Mask<Vector128Lanes8>(ref condition, ref value, ref destination, length); break;
            default: Mask<Lane1>(ref condition, ref value, ref destination, length); break; // elementwise: one lane is the plain loop
        }
    }

    private static void Mask<T>(ref float condition, ref float value, ref float destination, int length) where T : struct, ILanes<T>
    {
        int blocked = length - length % T.Count;
        for (int k = 0; k < blocked; k += T.Count)
            T.WherePositive(T.Load(ref Unsafe.Add(ref condition, k)), T.Load(ref Unsafe.Add(ref value, k))).Store(ref Unsafe.Add(ref destination, k));
        for (int k = blocked; k < length; k++)
            Unsafe.Add(ref destination, k) = Unsafe.Add(ref condition, k) > 0f ? Unsafe.Add(ref value, k) : 0f;
    }
}
