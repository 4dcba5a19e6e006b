// The vector blocks of DEPTHWISE_CONV_2D's fast path (int8, layouts as DepthwiseConv2DInt8): output channels in vector
// lanes, the window's taps two at a time. With the input offset folded into the bias, each product x·w of int8 values
// lies in [-16256, 16384], so two of them sum exactly in int16 when negated (-x0·w0 - x1·w1 lies in [-32768, 32512]),
// and AVX2's vpmaddwd sums two in int32. Every path gives the reference's int32 accumulator, so the same bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Channel blocks of the int8 depthwise convolution's fast path (see <see cref="DepthwiseConv2DInt8.Run"/>).</summary>
internal static class DepthwiseConv2DInt8Blocks
{
    /// <summary>The most taps (Fh·Fw) the blocks take: their offsets live on the stack.</summary>
    public const int MaxTaps = 256;

    /// <summary>
    /// True when the blocks run: vectors on, at most <see cref="MaxTaps"/> taps, and whole blocks of eight lanes
    /// (M = 1 with at least eight channels, or M a multiple of 8).
    /// </summary>
    public static bool Applies(in ConvGeometry g, SimdLevel simd) =>
        simd >= SimdLevel.Vector128 && Vector128.IsHardwareAccelerated && g.FilterHeight * g.FilterWidth <= MaxTaps
        && (g.DepthMultiplier == 1 ? g.InputChannels >= 8 : g.DepthMultiplier % 8 == 0);

    /// <summary>
    /// Runs the whole operator: <c>out[o] = Requantize(folded[o] + Σ_taps x·w[·,·,o])</c>, a tap outside the image
    /// reading the input zero point. Blocks of 16 channels with AVX2 (M = 1), then of 8, then one channel at a time.
    /// </summary>
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> folded, Span<sbyte> output, SimdLevel simd)
    {
        int c = g.InputChannels, m = g.DepthMultiplier, outC = g.OutputChannels, taps = g.FilterHeight * g.FilterWidth;
        bool avx2 = Avx2.IsSupported && simd >= SimdLevel.Avx2;
        int end16 = avx2 && m == 1 ? c / 16 * 16 : 0;
        int end8 = m == 1 ? c / 8 * 8 : outC;
        sbyte zeroPoint = (sbyte)-q.InputOffset;
        Span<sbyte> pad = stackalloc sbyte[16];
        pad.Fill(zeroPoint);
        Span<int> relative = stackalloc int[taps];
        Span<int> at = stackalloc int[taps];
        Span<int> staged = stackalloc int[8];
        // Without AVX2, the eight-lane requantization runs on portable vectors from per-channel constants on the stack.
        bool portable = !avx2 && outC <= PortableRequantization.MaxChannels;
        int constants = portable ? outC : 0;
        var requantize = new PortableRequantization(q, constants, stackalloc int[constants], stackalloc int[constants],
            stackalloc int[constants], stackalloc long[constants]);
        for (int fy = 0; fy < g.FilterHeight; fy++)
        for (int fx = 0; fx < g.FilterWidth; fx++)
            relative[fy * g.FilterWidth + fx] = (fy * g.DilationHeight * g.InputWidth + fx * g.DilationWidth) * c;

        var source = new TapSource(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(pad), at);
        ref sbyte wRef = ref MemoryMarshal.GetReference(filter);
        ref int foldedRef = ref MemoryMarshal.GetReference(folded);
        int outIndex = 0;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int fyStart = DepthwiseConv2DInt8.FirstInside(iyOrigin, g.DilationHeight);
            int fyEnd = DepthwiseConv2DInt8.EndInside(iyOrigin, g.DilationHeight, g.InputHeight, g.FilterHeight);
            for (int ox = 0; ox < g.OutputWidth; ox++, outIndex += outC)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                int fxStart = DepthwiseConv2DInt8.FirstInside(ixOrigin, g.DilationWidth);
                int fxEnd = DepthwiseConv2DInt8.EndInside(ixOrigin, g.DilationWidth, g.InputWidth, g.FilterWidth);
                int pixel = ((b * g.InputHeight + iyOrigin) * g.InputWidth + ixOrigin) * c;
                if (fyStart == 0 && fyEnd == g.FilterHeight && fxStart == 0 && fxEnd == g.FilterWidth)
                {
                    for (int t = 0; t < taps; t++) at[t] = pixel + relative[t];
                }
                else
                {
                    for (int fy = 0; fy < g.FilterHeight; fy++)
                    for (int fx = 0; fx < g.FilterWidth; fx++)
                    {
                        int t = fy * g.FilterWidth + fx;
                        at[t] = fy >= fyStart && fy < fyEnd && fx >= fxStart && fx < fxEnd ? pixel + relative[t] : -1;
                    }
                }

                int o = 0;
                for (; o < end16; o += 16)
                {
                    (Vector256<int> first, Vector256<int> second) = Block16(source, ref Unsafe.Add(ref wRef, o), outC, taps, o);
                    VectorQuantizationMath.RequantizeStore8(q, first + Vector256.LoadUnsafe(ref foldedRef, (nuint)o), o, ref output[outIndex + o]);
                    VectorQuantizationMath.RequantizeStore8(q, second + Vector256.LoadUnsafe(ref foldedRef, (nuint)(o + 8)), o + 8, ref output[outIndex + o + 8]);
                }
                for (; o < end8; o += 8)
                {
                    (Vector128<int> lo, Vector128<int> hi) = Block8(source, ref Unsafe.Add(ref wRef, o), outC, taps, m == 1 ? o : o / m, m == 1);
                    lo += Vector128.LoadUnsafe(ref foldedRef, (nuint)o);
                    hi += Vector128.LoadUnsafe(ref foldedRef, (nuint)(o + 4));
                    if (avx2)
                    {
                        VectorQuantizationMath.RequantizeStore8(q, Vector256.Create(lo, hi), o, ref output[outIndex + o]);
                        continue;
                    }
                    if (portable)
                    {
                        requantize.Store8(lo, hi, o, ref output[outIndex + o]);
                        continue;
                    }
                    lo.CopyTo(staged);
                    hi.CopyTo(staged[4..]);
                    for (int i = 0; i < 8; i++) output[outIndex + o + i] = q.Requantize(staged[i], o + i);
                }
                for (; o < outC; o++)
                {
                    // Channels past the last block (M = 1): one at a time, the same folded sum.
                    int sum = folded[o];
                    for (int t = 0; t < taps; t++) sum += source.Byte(t, o) * Unsafe.Add(ref wRef, t * outC + o);
                    output[outIndex + o] = q.Requantize(sum, o);
                }
            }
        }
    }

    // Eight output channels [o, o + 8): Σ_taps x·w as two vectors of four int32 lanes. Lanes read eight consecutive
    // input channels from inputChannel (M = 1) or one input channel broadcast (M a multiple of 8).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<int> Lo, Vector128<int> Hi) Block8(in TapSource source, ref sbyte w, int outC, int taps, int inputChannel, bool consecutive)
    {
        Vector128<int> lo = Vector128<int>.Zero, hi = Vector128<int>.Zero;
        int t = 0;
        for (; t + 1 < taps; t += 2)
        {
            Vector128<short> x0 = consecutive ? Widen8(ref source.Lanes(t, inputChannel)) : Vector128.Create((short)source.Byte(t, inputChannel));
            Vector128<short> x1 = consecutive ? Widen8(ref source.Lanes(t + 1, inputChannel)) : Vector128.Create((short)source.Byte(t + 1, inputChannel));
            Vector128<short> sum = Vector128<short>.Zero - x0 * Widen8(ref Unsafe.Add(ref w, t * outC)) - x1 * Widen8(ref Unsafe.Add(ref w, (t + 1) * outC));
            (Vector128<int> a, Vector128<int> b) = Vector128.Widen(sum);
            lo -= a;
            hi -= b;
        }
        if (t < taps)
        {
            Vector128<short> x = consecutive ? Widen8(ref source.Lanes(t, inputChannel)) : Vector128.Create((short)source.Byte(t, inputChannel));
            (Vector128<int> a, Vector128<int> b) = Vector128.Widen(x * Widen8(ref Unsafe.Add(ref w, t * outC)));
            lo += a;
            hi += b;
        }
        return (lo, hi);
    }

    // Sixteen output channels [o, o + 16) of M = 1 with AVX2: vpmaddwd on two taps interleaved. The in-lane unpacks
    // leave channels 0-3 and 8-11 in the low accumulator, 4-7 and 12-15 in the high one; the permutes restore the order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> First, Vector256<int> Second) Block16(in TapSource source, ref sbyte w, int outC, int taps, int o)
    {
        Vector256<int> accLo = Vector256<int>.Zero, accHi = Vector256<int>.Zero;
        for (int t = 0; t < taps; t += 2)
        {
            Vector256<short> x0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source.Lanes(t, o)));
            Vector256<short> w0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.Add(ref w, t * outC)));
            Vector256<short> x1 = Vector256<short>.Zero, w1 = Vector256<short>.Zero;
            if (t + 1 < taps)
            {
                x1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source.Lanes(t + 1, o)));
                w1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.Add(ref w, (t + 1) * outC)));
            }
            accLo += Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x0, x1), Avx2.UnpackLow(w0, w1));
            accHi += Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x0, x1), Avx2.UnpackHigh(w0, w1));
        }
        return (Avx2.Permute2x128(accLo, accHi, 0x20), Avx2.Permute2x128(accLo, accHi, 0x31));
    }

    // Eight int8s sign-extended to int16 lanes, reading exactly eight bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Widen8(ref sbyte p) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref p))).AsSByte());

    // Where each tap of the current pixel reads: its input element offset, or -1 for a tap outside the image, which
    // reads the zero-point padding instead.
    private readonly ref struct TapSource(ref sbyte input, ref sbyte pad, Span<int> at)
    {
        private readonly ref sbyte _input = ref input;
        private readonly ref sbyte _pad = ref pad;
        private readonly Span<int> _at = at;

        // The first of the lanes of tap t from channel ch on (the padding for a tap outside: 16 zero points).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref sbyte Lanes(int t, int ch)
        {
            int offset = _at[t];
            return ref offset >= 0 ? ref Unsafe.Add(ref _input, offset + ch) : ref _pad;
        }

        // The input value of tap t at channel ch (the zero point for a tap outside).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public sbyte Byte(int t, int ch) => Lanes(t, ch);
    }
}
