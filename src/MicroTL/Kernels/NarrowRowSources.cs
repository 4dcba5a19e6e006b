// The input rows under one output row of Conv2DInt8NarrowRowsAvx2 (one input channel, width stride 1): each filter
// row's input row, read in place where it needs no padding and can be over-read by 16 bytes, else copied with the
// padding value (-inputOffset, which meets the folded bias as zero) around it, or all padding above and below the image.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Kernels;

/// <summary>Per filter row, where output x's tap fx lies: <c>Row(fy)[x + fx]</c> (raw int8 bytes).</summary>
internal ref struct NarrowRowSources
{
    private readonly ConvGeometry _g;
    private readonly sbyte _pad;
    private readonly ReadOnlySpan<sbyte> _input;
    private readonly Span<byte> _rows;
    // Per filter row: the row's start in the input (≥ 0), or -1 - its copy's index in _rows.
    private readonly Span<int> _offsets;
    private readonly int _rowBytes;

    /// <summary>Bytes of one padded row copy: the output width rounded up to 16, the filter's overhang and a 16-byte read past it.</summary>
    public static int RowBufferBytes(in ConvGeometry g) => ((g.OutputWidth + 15) & ~15) + g.FilterWidth + 16;

    /// <summary>Uses <paramref name="rows"/> (Fh·<see cref="RowBufferBytes"/>) for the copies, <paramref name="offsets"/> (Fh ints).</summary>
    public NarrowRowSources(in ConvGeometry g, int inputOffset, ReadOnlySpan<sbyte> input, Span<byte> rows, Span<int> offsets)
    {
        _g = g;
        _pad = (sbyte)-inputOffset;
        _input = input;
        _rows = rows;
        _offsets = offsets;
        _rowBytes = RowBufferBytes(g);
    }

    /// <summary>Points every filter row at its input row for output row <paramref name="oy"/> of batch <paramref name="b"/>.</summary>
    public void Prepare(int b, int oy)
    {
        int width = _g.InputWidth, pad = _g.PadWidth;
        // In place: no left padding, no tap right of the row, and the last 16-byte read inside the input.
        bool inPlace = pad == 0 && _g.OutputWidth + _g.FilterWidth - 1 <= width;
        int lastRead = ((_g.OutputWidth + 15) & ~15) + _g.FilterWidth - 1;
        for (int fy = 0; fy < _g.FilterHeight; fy++)
        {
            int iy = oy * _g.StrideHeight - _g.PadHeight + fy * _g.DilationHeight;
            int start = (b * _g.InputHeight + iy) * width;
            bool inside = (uint)iy < (uint)_g.InputHeight;
            if (inside && inPlace && start + lastRead <= _input.Length)
            {
                _offsets[fy] = start;
                continue;
            }
            _offsets[fy] = -1 - fy * _rowBytes;
            Span<sbyte> copy = MemoryMarshal.Cast<byte, sbyte>(_rows.Slice(fy * _rowBytes, _rowBytes));
            if (!inside)
            {
                copy.Fill(_pad);
                continue;
            }
            copy[..pad].Fill(_pad);
            _input.Slice(start, width).CopyTo(copy[pad..]);
            copy[(pad + width)..].Fill(_pad);
        }
    }

    /// <summary>The first byte of filter row <paramref name="fy"/>'s (padded) input row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref byte Row(int fy)
    {
        int offset = _offsets[fy];
        return ref offset >= 0
            ? ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_input), offset))
            : ref Unsafe.Add(ref MemoryMarshal.GetReference(_rows), -1 - offset);
    }
}
