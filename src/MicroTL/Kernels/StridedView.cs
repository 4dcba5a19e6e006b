// The one loop behind the data movement operators: walk a box of up to 6 dimensions over a flat buffer with arbitrary
// (even negative) element strides. TRANSPOSE, STRIDED_SLICE, SPLIT and UNPACK gather through a view of their input;
// CONCATENATION, PACK and PAD scatter their inputs through a view of their output. Types do not matter, only widths.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Kernels;

/// <summary>A box of <see cref="MaxRank"/> dimensions (leading ones of extent 1) over a flat buffer.</summary>
/// <remarks>Element <c>(i0..i5)</c> of the box is element <c>Base + Σ i_k · Stride(k)</c> of the buffer.</remarks>
public struct StridedView
{
    /// <summary>Most dimensions a view has.</summary>
    public const int MaxRank = BroadcastShape.MaxRank;

    private Int6 _extent, _stride;

    /// <summary>Offset of the box's first element in the buffer.</summary>
    public int Base;

    /// <summary>Extent of dimension <paramref name="d"/>.</summary>
    public readonly int Extent(int d) => _extent[d];

    /// <summary>Element stride of dimension <paramref name="d"/>.</summary>
    public readonly int Stride(int d) => _stride[d];

    /// <summary>Elements in the box.</summary>
    public readonly long Count
    {
        get
        {
            long n = 1;
            for (int d = 0; d < MaxRank; d++) n *= _extent[d];
            return n;
        }
    }

    /// <summary>
    /// The view of the given extents and strides (at most <see cref="MaxRank"/>, aligned to the last dimension) from
    /// <paramref name="baseOffset"/>.
    /// </summary>
    public static StridedView Create(ReadOnlySpan<int> extents, ReadOnlySpan<int> strides, int baseOffset)
    {
        if (extents.Length > MaxRank || strides.Length != extents.Length)
            throw new ArgumentException($"a view has at most {MaxRank} dimensions and one stride per extent");
        var view = new StridedView { Base = baseOffset };
        int pad = MaxRank - extents.Length;
        for (int d = 0; d < MaxRank; d++)
        {
            view._extent[d] = d < pad ? 1 : extents[d - pad];
            view._stride[d] = d < pad ? 0 : strides[d - pad];
        }
        return view;
    }

    /// <summary>Row-major element strides of <paramref name="shape"/> (the last dimension's is 1).</summary>
    public static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int running = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = running;
            running *= shape[d];
        }
        return strides;
    }

    /// <summary>Copies the box of <paramref name="source"/> into <paramref name="destination"/>, row-major.</summary>
    public readonly void Gather<T>(ReadOnlySpan<T> source, Span<T> destination) where T : unmanaged
    {
        int o = 0, inner = _extent[5], innerStride = _stride[5];
        for (int i0 = 0, a0 = Base; i0 < _extent[0]; i0++, a0 += _stride[0])
        for (int i1 = 0, a1 = a0; i1 < _extent[1]; i1++, a1 += _stride[1])
        for (int i2 = 0, a2 = a1; i2 < _extent[2]; i2++, a2 += _stride[2])
        for (int i3 = 0, a3 = a2; i3 < _extent[3]; i3++, a3 += _stride[3])
        for (int i4 = 0, a4 = a3; i4 < _extent[4]; i4++, a4 += _stride[4])
        {
            if (innerStride == 1)
            {
                source.Slice(a4, inner).CopyTo(destination.Slice(o, inner));
                o += inner;
                continue;
            }
            for (int i5 = 0, a5 = a4; i5 < inner; i5++, a5 += innerStride) destination[o++] = source[a5];
        }
    }

    /// <summary>Copies <paramref name="source"/>, row-major, into the box of <paramref name="destination"/>.</summary>
    public readonly void Scatter<T>(ReadOnlySpan<T> source, Span<T> destination) where T : unmanaged
    {
        int o = 0, inner = _extent[5], innerStride = _stride[5];
        for (int i0 = 0, a0 = Base; i0 < _extent[0]; i0++, a0 += _stride[0])
        for (int i1 = 0, a1 = a0; i1 < _extent[1]; i1++, a1 += _stride[1])
        for (int i2 = 0, a2 = a1; i2 < _extent[2]; i2++, a2 += _stride[2])
        for (int i3 = 0, a3 = a2; i3 < _extent[3]; i3++, a3 += _stride[3])
        for (int i4 = 0, a4 = a3; i4 < _extent[4]; i4++, a4 += _stride[4])
        {
            if (innerStride == 1)
            {
                source.Slice(o, inner).CopyTo(destination.Slice(a4, inner));
                o += inner;
                continue;
            }
            for (int i5 = 0, a5 = a4; i5 < inner; i5++, a5 += innerStride) destination[a5] = source[o++];
        }
    }

    /// <summary>
    /// <see cref="Gather{T}"/> or <see cref="Scatter{T}"/> on raw bytes of elements <paramref name="elementBytes"/> wide
    /// (1, 2, 4 or 8): the data movement operators run every tensor type through this.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Move(ReadOnlySpan<byte> source, Span<byte> destination, int elementBytes, bool scatter)
    {
        switch (elementBytes)
        {
            case 1: Run(source, destination, scatter); break;
            case 2: Run(MemoryMarshal.Cast<byte, short>(source), MemoryMarshal.Cast<byte, short>(destination), scatter); break;
            case 4: Run(MemoryMarshal.Cast<byte, int>(source), MemoryMarshal.Cast<byte, int>(destination), scatter); break;
            default: Run(MemoryMarshal.Cast<byte, long>(source), MemoryMarshal.Cast<byte, long>(destination), scatter); break;
        }
    }

    private readonly void Run<T>(ReadOnlySpan<T> source, Span<T> destination, bool scatter) where T : unmanaged
    {
        if (scatter) Scatter(source, destination);
        else Gather(source, destination);
    }
}
