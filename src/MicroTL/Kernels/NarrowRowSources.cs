// The input rows under one output row of Conv2DInt8NarrowRowsAvx2 (one input channel, width stride 1): read in place
// where no filter row needs padding and the last 16-byte read stays inside the input, else every filter row copied
// with the padding value (-inputOffset, which meets the folded bias as zero) around it, or all padding above and below
// the image. Either way filter row fy starts at a fixed distance from the first (TapOffset), so a tap is one add.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Kernels;

/// <summary>Where output x's tap (fy, fx) lies for the current output row: <c>Base[TapOffset(fy, fx) + x]</c> (raw int8 bytes).</summary>
internal ref struct NarrowRowSources
{
    private readonly ConvGeometry _g;
    private readonly sbyte _pad;
    private readonly ReadOnlySpan<sbyte> _input;
    private readonly Span<byte> _rows;
    private readonly int _rowBytes, _lastRead;
    private readonly bool _inPlacePossible;
    // The first filter row's start in the input, or -1 when the rows are copies.
    private int _start;

    /// <summary>Bytes of one padded row copy: the output width rounded up to 16, the filter's overhang and a 16-byte read past it.</summary>
    public static int RowBufferBytes(in ConvGeometry g) => ((g.OutputWidth + 15) & ~15) + g.FilterWidth + 16;

    /// <summary>Uses <paramref name="rows"/> (Fh·<see cref="RowBufferBytes"/>) for the copies.</summary>
    public NarrowRowSources(in ConvGeometry g, int inputOffset, ReadOnlySpan<sbyte> input, Span<byte> rows)
    {
        _g = g;
        _pad = (sbyte)-inputOffset;
        _input = input;
        _rows = rows;
        _rowBytes = RowBufferBytes(g);
        _lastRead = ((g.OutputWidth + 15) & ~15) + g.FilterWidth - 1;
        // No left padding and no tap right of the row.
        _inPlacePossible = g.PadWidth == 0 && g.OutputWidth + g.FilterWidth - 1 <= g.InputWidth;
        _start = -1;
    }

    /// <summary>True when the current output row reads the input in place (<see cref="TapOffset"/>'s <c>inPlace</c>).</summary>
    public readonly bool InPlace => _start >= 0;

    /// <summary>The byte of tap (0, 0) for output x = 0 of the current output row.</summary>
    public readonly ref byte Base => ref _start >= 0
        ? ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_input), _start))
        : ref MemoryMarshal.GetReference(_rows);

    /// <summary>The distance of tap (<paramref name="fy"/>, <paramref name="fx"/>) from <see cref="Base"/>, reading in place or from copies.</summary>
    public static int TapOffset(in ConvGeometry g, int fy, int fx, bool inPlace) =>
        (inPlace ? fy * g.DilationHeight * g.InputWidth : fy * RowBufferBytes(g)) + fx;

    /// <summary>Points at the input rows under output row <paramref name="oy"/> of batch <paramref name="b"/>, copying them if needed.</summary>
    public void Prepare(int b, int oy)
    {
        int width = _g.InputWidth, pad = _g.PadWidth, iy0 = oy * _g.StrideHeight - _g.PadHeight;
        int iyLast = iy0 + (_g.FilterHeight - 1) * _g.DilationHeight;
        int start = (b * _g.InputHeight + iy0) * width;
        if (_inPlacePossible && iy0 >= 0 && iyLast < _g.InputHeight
            && start + (iyLast - iy0) * width + _lastRead <= _input.Length)
        {
            _start = start;
            return;
        }
        _start = -1;
        for (int fy = 0; fy < _g.FilterHeight; fy++)
        {
            int iy = iy0 + fy * _g.DilationHeight;
            Span<sbyte> copy = MemoryMarshal.Cast<byte, sbyte>(_rows.Slice(fy * _rowBytes, _rowBytes));
            if ((uint)iy >= (uint)_g.InputHeight)
            {
                copy.Fill(_pad);
                continue;
            }
            copy[..pad].Fill(_pad);
            _input.Slice((b * _g.InputHeight + iy) * width, width).CopyTo(copy[pad..]);
            copy[(pad + width)..].Fill(_pad);
        }
    }
}
