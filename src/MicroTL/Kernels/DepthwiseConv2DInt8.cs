// DEPTHWISE_CONV_2D, int8, per-channel requantization, bit-exact with TFLM's
// reference_integer_ops::DepthwiseConvPerChannel.
// Layouts: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M (channel o = c·M + m reads input
// channel c), bias [O], output [B, Oh, Ow, O].
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroTL.Kernels;

/// <summary>Int8 depthwise convolution: a plain reference path and a vectorized fast path with identical output.</summary>
/// <remarks>
/// <c>acc[c·M+m] = bias + Σ_{fy,fx inside} w[fy,fx,c·M+m] · (x[iy,ix,c] + inputOffset)</c>, then
/// <see cref="Int8Requantization.Requantize"/>.
/// </remarks>
public static class DepthwiseConv2DInt8
{
    /// <summary>Int32s of scratch <see cref="Run"/> needs: one per output channel (the folded biases of the vector blocks).</summary>
    public static int ScratchInts(in ConvGeometry g) => g.OutputChannels;

    /// <summary>
    /// Fast path. Where <see cref="DepthwisePairRows.Fits"/> (M = 1 with at least 8 channels, or M a multiple of 8, rows
    /// within a stack budget): eight output channels in int32 lanes, the filter's taps two at a time in one multiply-add
    /// of int16 pairs over input rows widened once into a ring on the stack (<see cref="DepthwiseConv2DInt8Avx2"/> with
    /// AVX2, <see cref="DepthwiseConv2DInt8Pairs128"/> on <see cref="Vector128"/>). Other vector shapes take the blocks
    /// of <see cref="DepthwiseConv2DInt8Blocks"/>; the rest one channel at a time.
    /// <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.
    /// </summary>
    /// <remarks>
    /// The vector paths compute <c>folded[o] + Σ_taps x·w</c> with <c>folded[o] = bias[o] + inputOffset·Σ_taps w[·,·,o]</c>
    /// (kept in <paramref name="accumulators"/>), a tap outside the image reading the input zero point, whose term
    /// cancels its share of the fold: the same int32 as the reference's <c>bias + Σ_inside (x + inputOffset)·w</c>.
    /// </remarks>
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
        Span<int> folded = accumulators[..g.OutputChannels];
        if (!bias.IsEmpty) bias = bias[..g.OutputChannels];
        bool pairs = DepthwiseConv2DInt8Avx2.Applies(g, simd) || DepthwiseConv2DInt8Pairs128.Applies(g, simd);
        if (!pairs && !DepthwiseConv2DInt8Blocks.Applies(g, simd))
        {
            RunChannels(g, q, input, filter, bias, output, 0);
            return;
        }
        FoldBias(g, q.InputOffset, filter, bias, folded, simd);
        if (DepthwiseConv2DInt8Avx2.Applies(g, simd))
            DepthwiseConv2DInt8Avx2.Run(g, q, input, filter, folded, output);
        else if (DepthwiseConv2DInt8Pairs128.Applies(g, simd))
            DepthwiseConv2DInt8Pairs128.Run(g, q, input, filter, folded, output);
        else
            DepthwiseConv2DInt8Blocks.Run(g, q, input, filter, folded, output, simd);
    }

    // folded[o] = bias[o] + inputOffset · Σ_taps w[·,·,o], eight channels at a time where vectors serve.
    private static void FoldBias(in ConvGeometry g, int inputOffset, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, Span<int> folded, SimdLevel simd)
    {
        int outC = g.OutputChannels, taps = g.FilterHeight * g.FilterWidth, o = 0;
        // |Σ w| ≤ 128 · taps stays within int16 for up to 255 taps; longer filters sum one channel at a time.
        if (simd >= SimdLevel.Vector128 && Vector128.IsHardwareAccelerated && taps <= 255)
        {
            for (; o + 8 <= outC; o += 8)
            {
                Vector128<short> sum = Vector128<short>.Zero;
                for (int t = 0; t < taps; t++)
                    sum += Vector128.WidenLower(Vector128.CreateScalarUnsafe(MemoryMarshal.Read<long>(MemoryMarshal.AsBytes(filter.Slice(t * outC + o, 8)))).AsSByte());
                (Vector128<int> lo, Vector128<int> hi) = Vector128.Widen(sum);
                Vector128<int> start0 = bias.IsEmpty ? Vector128<int>.Zero : Vector128.Create(bias.Slice(o, 4));
                Vector128<int> start1 = bias.IsEmpty ? Vector128<int>.Zero : Vector128.Create(bias.Slice(o + 4, 4));
                (start0 + lo * inputOffset).CopyTo(folded[o..]);
                (start1 + hi * inputOffset).CopyTo(folded[(o + 4)..]);
            }
        }
        for (; o < outC; o++)
        {
            int sum = 0;
            for (int t = 0; t < taps; t++) sum += filter[t * outC + o];
            folded[o] = unchecked((bias.IsEmpty ? 0 : bias[o]) + inputOffset * sum);
        }
    }

    // One channel at a time from firstChannel on, the taps inside the image only: the plain fast path, and the
    // channels the vector blocks leave over.
    internal static void RunChannels(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, int firstChannel)
    {
        int outC = g.OutputChannels, off = q.InputOffset;
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        ref sbyte wRef = ref MemoryMarshal.GetReference(filter);
        int outIndex = 0;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int fyStart = FirstInside(iyOrigin, g.DilationHeight), fyEnd = EndInside(iyOrigin, g.DilationHeight, g.InputHeight, g.FilterHeight);
            for (int ox = 0; ox < g.OutputWidth; ox++, outIndex += outC)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                int fxStart = FirstInside(ixOrigin, g.DilationWidth), fxEnd = EndInside(ixOrigin, g.DilationWidth, g.InputWidth, g.FilterWidth);
                int pixelBase = (b * g.InputHeight + iyOrigin) * g.InputWidth + ixOrigin;
                var taps = new TapRange(fyStart, fyEnd, fxStart, fxEnd);
                for (int o = firstChannel; o < outC; o++)
                    output[outIndex + o] = q.Requantize(ChannelSum(g, ref inRef, ref wRef, pixelBase, o, bias.IsEmpty ? 0 : bias[o], off, taps), o);
            }
        }
    }

    /// <summary>The filter taps whose input lies inside the image, for one output pixel.</summary>
    internal readonly record struct TapRange(int FyStart, int FyEnd, int FxStart, int FxEnd);

    // Output channel o's accumulator at one pixel: start + Σ over the taps of (x + off) · w, one channel at a time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ChannelSum(in ConvGeometry g, ref sbyte inRef, ref sbyte wRef, int pixelBase, int o, int start, int off, TapRange taps)
    {
        int c = g.InputChannels, outC = g.OutputChannels, ic = o / g.DepthMultiplier, sum = start;
        for (int fy = taps.FyStart; fy < taps.FyEnd; fy++)
        for (int fx = taps.FxStart; fx < taps.FxEnd; fx++)
        {
            int x = Unsafe.Add(ref inRef, (pixelBase + fy * g.DilationHeight * g.InputWidth + fx * g.DilationWidth) * c + ic);
            sum += (x + off) * Unsafe.Add(ref wRef, (fy * g.FilterWidth + fx) * outC + o);
        }
        return sum;
    }

    // First filter index whose input coordinate origin + k·dilation is ≥ 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FirstInside(int origin, int dilation) => origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;

    // One past the last filter index whose input coordinate is < size (capped at the filter size).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int EndInside(int origin, int dilation, int size, int filterSize) =>
        origin >= size ? 0 : Math.Min(filterSize, (size - origin + dilation - 1) / dilation);

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
