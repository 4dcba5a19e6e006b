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
    private readonly int _inputOffset, _rowBytes, _patchBytes, _widenedRowBytes, _rowStride, _lastRowOffset, _xStep, _ixMax, _iyMax;
    private readonly bool _avx2, _contiguous, _pointwise;
    private readonly ReadOnlySpan<sbyte> _input;
    private readonly Span<byte> _scratch;
    // The current output pixel, its window's top-left input position and that position's byte offset (outside the
    // image, possibly negative: then unused).
    private int _b, _oy, _ox, _iy0, _ix0, _rowStart;

    /// <summary>Starts at output pixel (0, 0, 0); <paramref name="scratch"/> holds <see cref="Conv2DInt8.ScratchBytes"/>.</summary>
    public NarrowWindowStager(in ConvGeometry g, int inputOffset, ReadOnlySpan<sbyte> input, Span<byte> scratch, bool avx2)
    {
        _g = g;
        _inputOffset = inputOffset;
        _rowBytes = g.FilterWidth * g.InputChannels;
        _patchBytes = Conv2DInt8.PackedRowBytes(g);
        _widenedRowBytes = (_rowBytes + 15) & ~15;
        _rowStride = g.DilationHeight * g.InputWidth * g.InputChannels;
        _lastRowOffset = (g.FilterHeight - 1) * _rowStride;
        _xStep = g.StrideWidth * g.InputChannels;
        _ixMax = g.InputWidth - g.FilterWidth;
        _iyMax = g.InputHeight - 1 - (g.FilterHeight - 1) * g.DilationHeight;
        // Rows of a window are contiguous runs of Fw·C bytes only without width dilation; a filter larger than the
        // image never lies inside.
        _contiguous = g.DilationWidth == 1 && _ixMax >= 0 && _iyMax >= 0;
        _pointwise = g.FilterHeight == 1 && g.FilterWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1
            && g.PadHeight == 0 && g.PadWidth == 0 && g.OutputHeight == g.InputHeight && g.OutputWidth == g.InputWidth;
        _input = input;
        _scratch = scratch;
        _avx2 = avx2 && Avx2.IsSupported;
        _iy0 = -g.PadHeight;
        _ix0 = -g.PadWidth;
        _rowStart = RowStart();
    }

    /// <summary>
    /// Stages the windows of the next <paramref name="count"/> output pixels (of a group of <paramref name="pixels"/>),
    /// <paramref name="stride"/> int16 slots apart from <paramref name="windows"/>, and moves past the group (a pointwise
    /// group leaves the position to the next call's seek).
    /// </summary>
    /// <remarks>
    /// A 1x1 window over every input pixel in order (stride 1, no padding) is the input's bytes [p·C, p·C + C): such a
    /// group is widened straight from there, the group's missing pixels too while they lie inside the input.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StageGroup(ref short windows, int stride, int first, int count, int pixels)
    {
        int channels = _g.InputChannels;
        if (_pointwise && (first + pixels - 1) * channels + _widenedRowBytes <= _input.Length)
        {
            ref byte source = ref Unsafe.Add(ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(_input)), first * channels);
            Vector128<byte> flip = Vector128.Create((byte)0x80);
            ref ushort target = ref Unsafe.As<short, ushort>(ref windows);
            if (_avx2)
            {
                for (int p = 0; p < pixels; p++)
                for (int i = 0; i < channels; i += 16)
                    Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, (nuint)(p * channels + i)) ^ flip)
                        .AsUInt16().StoreUnsafe(ref target, (nuint)(p * stride + i));
                return;
            }
            for (int p = 0; p < pixels; p++)
                Widen(ref Unsafe.Add(ref source, p * channels), ref Unsafe.Add(ref windows, p * stride), channels, flip: true);
            return;
        }
        // The pointwise groups before this one left the position behind.
        if (_pointwise) SeekTo(first);
        for (int p = 0; p < count; p++) Next(ref Unsafe.Add(ref windows, p * stride));
    }

    /// <summary>Stages the current output pixel's window at <paramref name="window"/> and moves to the next pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Next(ref short window)
    {
        if (_contiguous && (uint)_iy0 <= (uint)_iyMax && (uint)_ix0 <= (uint)_ixMax
            && _rowStart + _lastRowOffset + _widenedRowBytes <= _input.Length)
        {
            ref byte source = ref Unsafe.Add(ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(_input)), _rowStart);
            int rows = _g.FilterHeight, rowBytes = _rowBytes, rowStride = _rowStride;
            if (_avx2 && rowBytes <= 16)
            {
                // One 16-byte step a row (the common small windows: 3x3 over up to 5 channels, 1x5 over 3).
                Vector128<byte> flip = Vector128.Create((byte)0x80);
                ref ushort target = ref Unsafe.As<short, ushort>(ref window);
                for (int fy = 0; fy < rows; fy++)
                    Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, (nuint)(fy * rowStride)) ^ flip)
                        .AsUInt16().StoreUnsafe(ref target, (nuint)(fy * rowBytes));
            }
            else
            {
                for (int fy = 0; fy < rows; fy++)
                    Widen(ref Unsafe.Add(ref source, fy * rowStride), ref Unsafe.Add(ref window, fy * rowBytes), rowBytes, flip: true);
            }
        }
        else
        {
            ref byte patch = ref MemoryMarshal.GetReference(_scratch);
            Conv2DInt8.GatherPatch(_g, _inputOffset, _input, ref patch, _b, _oy, _ox, _avx2 ? SimdLevel.Avx2 : SimdLevel.Vector128);
            Widen(ref patch, ref window, _patchBytes, flip: false);
        }
        Advance();
    }

    // Output pixels in memory order: x fastest, then y, then the batch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance()
    {
        _ix0 += _g.StrideWidth;
        _rowStart += _xStep;
        if (++_ox < _g.OutputWidth) return;
        _ox = 0;
        _ix0 = -_g.PadWidth;
        _iy0 += _g.StrideHeight;
        if (++_oy == _g.OutputHeight)
        {
            _oy = 0;
            _iy0 = -_g.PadHeight;
            _b++;
        }
        _rowStart = RowStart();
    }

    // Moves to output pixel number `pixel` in memory order.
    private void SeekTo(int pixel)
    {
        _ox = pixel % _g.OutputWidth;
        _oy = pixel / _g.OutputWidth % _g.OutputHeight;
        _b = pixel / _g.OutputWidth / _g.OutputHeight;
        _ix0 = _ox * _g.StrideWidth - _g.PadWidth;
        _iy0 = _oy * _g.StrideHeight - _g.PadHeight;
        _rowStart = RowStart();
    }

    private readonly int RowStart() => ((_b * _g.InputHeight + _iy0) * _g.InputWidth + _ix0) * _g.InputChannels;

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
