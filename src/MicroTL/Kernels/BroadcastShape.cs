// Numpy-style broadcasting of two tensors of up to 6 dimensions onto an output shape, as TFLite's
// NdArrayDesc / BroadcastBinaryFunction6DSlow index it: a dimension of size 1 repeats (stride 0).
using System.Runtime.CompilerServices;

namespace MicroTL.Kernels;

/// <summary>Six ints stored inline (no allocation).</summary>
[InlineArray(BroadcastShape.MaxRank)]
public struct Int6
{
    private int element;
}

/// <summary>The output extents and the two inputs' element strides (0 where broadcast), padded to 6-D.</summary>
public readonly struct BroadcastShape
{
    /// <summary>Most dimensions supported.</summary>
    public const int MaxRank = 6;

    private readonly Int6 extent, stride1, stride2;

    private BroadcastShape(Int6 extent, Int6 stride1, Int6 stride2)
    {
        this.extent = extent;
        this.stride1 = stride1;
        this.stride2 = stride2;
    }

    /// <summary>Output extent of dimension <paramref name="d"/> (0..5, leading dims 1).</summary>
    public int Extent(int d) => extent[d];

    /// <summary>Element stride of input 1 along dimension <paramref name="d"/> (0 when broadcast).</summary>
    public int Stride1(int d) => stride1[d];

    /// <summary>Element stride of input 2 along dimension <paramref name="d"/> (0 when broadcast).</summary>
    public int Stride2(int d) => stride2[d];

    /// <summary>
    /// Builds the indexing when each input dimension (aligned from the right) equals the output's or is 1,
    /// and the output has at most <see cref="MaxRank"/> dimensions; otherwise returns false.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<int> shape1, ReadOnlySpan<int> shape2, ReadOnlySpan<int> outputShape, out BroadcastShape result)
    {
        result = default;
        if (outputShape.Length > MaxRank || shape1.Length > outputShape.Length || shape2.Length > outputShape.Length) return false;
        Int6 extent = default, s1 = default, s2 = default;
        int pad = MaxRank - outputShape.Length;
        for (int d = 0; d < MaxRank; d++) extent[d] = d < pad ? 1 : outputShape[d - pad];
        if (!Strides(shape1, extent, ref s1) || !Strides(shape2, extent, ref s2)) return false;
        result = new BroadcastShape(extent, s1, s2);
        return true;
    }

    private static bool Strides(ReadOnlySpan<int> shape, Int6 extent, ref Int6 stride)
    {
        int pad = MaxRank - shape.Length;
        int running = 1;
        for (int d = MaxRank - 1; d >= 0; d--)
        {
            int size = d < pad ? 1 : shape[d - pad];
            if (size != extent[d] && size != 1) return false;
            stride[d] = size == 1 ? 0 : running;
            running *= size;
        }
        return true;
    }
}
