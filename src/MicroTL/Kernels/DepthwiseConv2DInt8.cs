// DEPTHWISE_CONV_2D, int8, per-channel requantization, bit-exact with TFLM's
// reference_integer_ops::DepthwiseConvPerChannel.
// Layouts: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M (channel o = c·M + m reads input
// channel c), bias [O], output [B, Oh, Ow, O].
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Int8 depthwise convolution: a plain reference path and a vectorized fast path with identical output.</summary>
/// <remarks>
/// <c>acc[c·M+m] = bias + Σ_{fy,fx inside} w[fy,fx,c·M+m] · (x[iy,ix,c] + inputOffset)</c>, then
/// <see cref="Int8Requantization.Requantize"/>.
/// </remarks>
public static class DepthwiseConv2DInt8
{
    /// <summary>Int32 accumulators of scratch <see cref="Run"/> needs: one per output channel.</summary>
    public static int ScratchInts(in ConvGeometry g) => g.OutputChannels;

    /// <summary>
    /// Fast path (AVX2, M = 1 or a multiple of 8): per block of eight output channels, keeps the accumulators in
    /// vector registers across the window's taps (input lanes loaded when M = 1, broadcast when the eight channels
    /// share an input channel), two neighbouring pixels at a time where their taps coincide, and requantizes eight
    /// lanes at once. Other channels, and other CPUs, accumulate one at a time in <paramref name="accumulators"/>.
    /// <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.</summary>
    public static void Run(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<int> accumulators, SimdLevel simd)
    {
        simd = SimdSupport.Clamp(simd);
        Debug.Assert(g.OutputChannels == g.InputChannels * g.DepthMultiplier);
        // Slicing to the exact sizes checks lengths once, so the unchecked loops below stay in range.
        input = input[..g.InputLength];
        filter = filter[..g.DepthwiseFilterLength];
        output = output[..g.OutputLength];
        Span<int> acc = accumulators[..g.OutputChannels];
        if (!bias.IsEmpty) bias = bias[..g.OutputChannels];

        int c = g.InputChannels, m = g.DepthMultiplier, outC = g.OutputChannels, off = q.InputOffset;
        bool vector = Avx2.IsSupported && simd >= SimdLevel.Avx2 && (m == 1 || m % 8 == 0);
        int vectorChannels = vector ? outC / 8 * 8 : 0;
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        ref sbyte wRef = ref MemoryMarshal.GetReference(filter);
        int outIndex = 0;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int fyStart = FirstInside(iyOrigin, g.DilationHeight), fyEnd = EndInside(iyOrigin, g.DilationHeight, g.InputHeight, g.FilterHeight);
            for (int ox = 0; ox < g.OutputWidth; ox++)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                int fxStart = FirstInside(ixOrigin, g.DilationWidth), fxEnd = EndInside(ixOrigin, g.DilationWidth, g.InputWidth, g.FilterWidth);
                int pixelBase = (b * g.InputHeight + iyOrigin) * g.InputWidth + ixOrigin;
                // Two neighbours with the same taps inside share each filter load (most pixels away from the border).
                int nextOrigin = ixOrigin + g.StrideWidth;
                bool pair = vectorChannels > 0 && ox + 1 < g.OutputWidth && FirstInside(nextOrigin, g.DilationWidth) == fxStart
                    && EndInside(nextOrigin, g.DilationWidth, g.InputWidth, g.FilterWidth) == fxEnd;
                var taps = new TapRange(fyStart, fyEnd, fxStart, fxEnd);
                for (int o = 0; o < vectorChannels; o += 8)
                {
                    Vector256<int> sum = bias.IsEmpty ? Vector256<int>.Zero : Vector256.Create(bias.Slice(o, 8));
                    ref sbyte x = ref Unsafe.Add(ref inRef, m == 1 ? o : o / m);
                    ref sbyte w = ref Unsafe.Add(ref wRef, o);
                    if (pair)
                    {
                        (Vector256<int> first, Vector256<int> second) = Taps(sum, ref x, ref w, g, pixelBase, pixelBase + g.StrideWidth, off, taps, m == 1);
                        VectorQuantizationMath.RequantizeStore8(q, first, o, ref output[outIndex + o]);
                        VectorQuantizationMath.RequantizeStore8(q, second, o, ref output[outIndex + outC + o]);
                    }
                    else
                    {
                        VectorQuantizationMath.RequantizeStore8(q, Taps(sum, ref x, ref w, g, pixelBase, pixelBase, off, taps, m == 1).First, o, ref output[outIndex + o]);
                    }
                }
                for (int p = 0; p < (pair ? 2 : 1); p++)
                {
                    for (int o = vectorChannels; o < outC; o++)
                    {
                        int sum = bias.IsEmpty ? 0 : bias[o];
                        int ic = o / m;
                        for (int fy = fyStart; fy < fyEnd; fy++)
                        for (int fx = fxStart; fx < fxEnd; fx++)
                        {
                            int x = Unsafe.Add(ref inRef, (pixelBase + fy * g.DilationHeight * g.InputWidth + fx * g.DilationWidth) * c + ic);
                            sum += (x + off) * Unsafe.Add(ref wRef, (fy * g.FilterWidth + fx) * outC + o);
                        }
                        acc[o] = sum;
                    }
                    for (int o = vectorChannels; o < outC; o++) output[outIndex + o] = q.Requantize(acc[o], o);
                    outIndex += outC;
                    pixelBase += g.StrideWidth;
                }
                if (pair) ox++;
            }
        }
    }

    // First filter index whose input coordinate origin + k·dilation is ≥ 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstInside(int origin, int dilation) => origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;

    // One past the last filter index whose input coordinate is < size (capped at the filter size).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EndInside(int origin, int dilation, int size, int filterSize) =>
        origin >= size ? 0 : Math.Min(filterSize, (size - origin + dilation - 1) / dilation);

    private readonly record struct TapRange(int FyStart, int FyEnd, int FxStart, int FxEnd);

    // Σ over the taps of (x + off) · w for eight output channels at two pixels (pixel bases a and b; equal for one
    // pixel). Elementwise: lanes are eight consecutive channels of x (M = 1). Otherwise x is one input channel,
    // broadcast to eight multiplier lanes. x and w point at the block's first channel.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> First, Vector256<int> Second) Taps(Vector256<int> start, ref sbyte x, ref sbyte w, in ConvGeometry g,
        int pixelA, int pixelB, int off, TapRange taps, bool elementwise)
    {
        Vector256<int> offV = Vector256.Create(off);
        Vector256<int> sumA = start, sumB = start;
        int c = g.InputChannels, outC = g.OutputChannels;
        for (int fy = taps.FyStart; fy < taps.FyEnd; fy++)
        {
            int row = fy * g.DilationHeight * g.InputWidth;
            int rowTap = fy * g.FilterWidth;
            for (int fx = taps.FxStart; fx < taps.FxEnd; fx++)
            {
                Vector256<int> wv = Avx2.ConvertToVector256Int32(Load8(ref Unsafe.Add(ref w, (rowTap + fx) * outC)));
                int column = row + fx * g.DilationWidth;
                ref sbyte xa = ref Unsafe.Add(ref x, (pixelA + column) * c);
                ref sbyte xb = ref Unsafe.Add(ref x, (pixelB + column) * c);
                Vector256<int> va = elementwise ? Avx2.ConvertToVector256Int32(Load8(ref xa)) + offV : Vector256.Create(xa + off);
                Vector256<int> vb = elementwise ? Avx2.ConvertToVector256Int32(Load8(ref xb)) + offV : Vector256.Create(xb + off);
                sumA += va * wv;
                sumB += vb * wv;
            }
        }
        return (sumA, sumB);
    }

    // Eight bytes into the low half of a vector, without reading past them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Load8(ref sbyte p) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref p))).AsSByte();

    /// <summary>Reference path: TFLM's loop order and arithmetic, one multiply-accumulate at a time.</summary>
    public static void RunReference(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        for (int ic = 0; ic < g.InputChannels; ic++)
        for (int m = 0; m < g.DepthMultiplier; m++)
        {
            int o = m + ic * g.DepthMultiplier;
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int ixOrigin = ox * g.StrideWidth - g.PadWidth;
            int acc = 0;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int iy = iyOrigin + g.DilationHeight * fy;
                int ix = ixOrigin + g.DilationWidth * fx;
                if (ix < 0 || ix >= g.InputWidth || iy < 0 || iy >= g.InputHeight) continue;
                int x = input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + ic];
                int w = filter[(fy * g.FilterWidth + fx) * g.OutputChannels + o];
                acc = unchecked(acc + w * (x + q.InputOffset));
            }
            if (!bias.IsEmpty) acc = unchecked(acc + bias[o]);
            output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputChannels + o] = q.Requantize(acc, o);
        }
    }
}
