// Stages the windows of CONV_2D's narrow path, one output pixel after the other in memory order, as int16 biased
// values (xu = x + 128, zero-extended), ready to be broadcast two at a time. A window inside the image whose rows are
// contiguous (width dilation 1) is widened straight from the input, 16 bytes at a time; others (at the borders, dilated)
// go through the im2col patch of Conv2DInt8.GatherPatch, whose outside taps get the input zero point.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Writes each output pixel's window, widened to int16, for <see cref="Conv2DInt8Narrow"/> and <see cref="Conv2DInt8NarrowAvx2"/>.</summary>
/// <remarks>
/// A staged window holds the K values in order and up to 15 more slots of other bytes past them (whole 16-byte steps):
/// they meet the packed filter's zero weights. The destination needs K rounded up to 16, plus 16, int16 slots.
/// </remarks>
internal ref struct NarrowWindowStager
{
    private readonly ConvGeometry _g;
    private readonly int _inputOffset, _rowBytes, _patchBytes;
    private readonly bool _avx2;
    private readonly ReadOnlySpan<sbyte> _input;
    private readonly Span<byte> _scratch;
    private int _b, _oy, _ox;

    /// <summary>Starts at output pixel (0, 0, 0); <paramref name="scratch"/> holds <see cref="Conv2DInt8.ScratchBytes"/>.</summary>
    public NarrowWindowStager(in ConvGeometry g, int inputOffset, ReadOnlySpan<sbyte> input, Span<byte> scratch, bool avx2)
    {
        _g = g;
        _inputOffset = inputOffset;
        _rowBytes = g.FilterWidth * g.InputChannels;
        _patchBytes = Conv2DInt8.PackedRowBytes(g);
        _input = input;
        _scratch = scratch;
        _avx2 = avx2 && Avx2.IsSupported;
    }

    /// <summary>Stages the current output pixel's window at <paramref name="window"/> and moves to the next pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Next(ref short window)
    {
        ref readonly ConvGeometry g = ref _g;
        int iy0 = _oy * g.StrideHeight - g.PadHeight, ix0 = _ox * g.StrideWidth - g.PadWidth;
        int lastRow = iy0 + (g.FilterHeight - 1) * g.DilationHeight;
        int rowStart = ((_b * g.InputHeight + iy0) * g.InputWidth + ix0) * g.InputChannels;
        int lastStart = rowStart + (lastRow - iy0) * g.InputWidth * g.InputChannels;
        if (g.DilationWidth == 1 && iy0 >= 0 && lastRow < g.InputHeight && ix0 >= 0 && ix0 + g.FilterWidth <= g.InputWidth
            && lastStart + ((_rowBytes + 15) & ~15) <= _input.Length)
        {
            ref byte source = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(_input));
            int rowStride = g.DilationHeight * g.InputWidth * g.InputChannels;
            for (int fy = 0; fy < g.FilterHeight; fy++)
                Widen(ref Unsafe.Add(ref source, rowStart + fy * rowStride), ref Unsafe.Add(ref window, fy * _rowBytes), _rowBytes, flip: true);
        }
        else
        {
            ref byte patch = ref MemoryMarshal.GetReference(_scratch);
            Conv2DInt8.GatherPatch(g, _inputOffset, _input, ref patch, _b, _oy, _ox, _avx2 ? SimdLevel.Avx2 : SimdLevel.Vector128);
            Widen(ref patch, ref window, _patchBytes, flip: false);
        }
        Skip(1);
    }

    /// <summary>Moves <paramref name="pixels"/> output pixels on without staging them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int pixels)
    {
        _ox += pixels;
        while (_ox >= _g.OutputWidth)
        {
            _ox -= _g.OutputWidth;
            if (++_oy < _g.OutputHeight) continue;
            _oy = 0;
            _b++;
        }
    }

    // Zero-extends n bytes (rounded up to 16) to int16, flipping the sign bit first when they are raw int8 inputs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Widen(ref byte source, ref short destination, int n, bool flip)
    {
        Vector128<byte> bias = flip ? Vector128.Create((byte)0x80) : Vector128<byte>.Zero;
        ref ushort target = ref Unsafe.As<short, ushort>(ref destination);
        for (int i = 0; i < n; i += 16)
        {
            Vector128<byte> bytes = Vector128.LoadUnsafe(ref source, (nuint)i) ^ bias;
            if (_avx2)
            {
                Avx2.ConvertToVector256Int16(bytes).AsUInt16().StoreUnsafe(ref target, (nuint)i);
                continue;
            }
            (Vector128<ushort> lo, Vector128<ushort> hi) = Vector128.Widen(bytes);
            lo.StoreUnsafe(ref target, (nuint)i);
            hi.StoreUnsafe(ref target, (nuint)(i + 8));
        }
    }
}
