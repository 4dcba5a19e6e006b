// The AVX2 path of DEPTHWISE_CONV_2D (int8, layouts as DepthwiseConv2DInt8) for the shapes the vector blocks serve
// less well: depth multipliers of 8 (one input channel broadcast to eight lanes) and channel counts that are not a
// multiple of 16. Int32 lanes, the input offset added per tap, two neighbouring pixels sharing each filter load.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Int32-lane AVX2 depthwise convolution (see <see cref="DepthwiseConv2DInt8.Run"/>).</summary>
internal static class DepthwiseConv2DInt8Avx2
{
    /// <summary>True when this path serves <paramref name="g"/> at <paramref name="simd"/>: AVX2, and M a multiple of 8, or M = 1 with at least eight channels that are not a multiple of 16.</summary>
    public static bool Applies(in ConvGeometry g, SimdLevel simd) =>
        Avx2.IsSupported && simd >= SimdLevel.Avx2
        && (g.DepthMultiplier % 8 == 0 || (g.DepthMultiplier == 1 && g.InputChannels >= 8 && g.InputChannels % 16 != 0));

    /// <summary>
    /// Per block of eight output channels, keeps the accumulators in vector registers across the window's taps (input
    /// lanes loaded when M = 1, broadcast when the eight channels share an input channel), two neighbouring pixels at a
    /// time where their taps coincide, and requantizes eight lanes at once. Other channels accumulate one at a time in
    /// <paramref name="accumulators"/>. Lengths are the caller's to check (<see cref="DepthwiseConv2DInt8.Run"/>).
    /// </summary>
    public static void Run(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<int> accumulators)
    {
        Debug.Assert(Applies(g, SimdLevel.Avx2));
        Span<int> acc = accumulators[..g.OutputChannels];
        int m = g.DepthMultiplier, outC = g.OutputChannels, off = q.InputOffset;
        int vectorChannels = outC / 8 * 8;
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        ref sbyte wRef = ref MemoryMarshal.GetReference(filter);
        int outIndex = 0;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int fyStart = DepthwiseConv2DInt8.FirstInside(iyOrigin, g.DilationHeight), fyEnd = DepthwiseConv2DInt8.EndInside(iyOrigin, g.DilationHeight, g.InputHeight, g.FilterHeight);
            for (int ox = 0; ox < g.OutputWidth; ox++)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                int fxStart = DepthwiseConv2DInt8.FirstInside(ixOrigin, g.DilationWidth), fxEnd = DepthwiseConv2DInt8.EndInside(ixOrigin, g.DilationWidth, g.InputWidth, g.FilterWidth);
                int pixelBase = (b * g.InputHeight + iyOrigin) * g.InputWidth + ixOrigin;
                // Two neighbours with the same taps inside share each filter load (most pixels away from the border).
                int nextOrigin = ixOrigin + g.StrideWidth;
                bool pair = vectorChannels > 0 && ox + 1 < g.OutputWidth && DepthwiseConv2DInt8.FirstInside(nextOrigin, g.DilationWidth) == fxStart
                    && DepthwiseConv2DInt8.EndInside(nextOrigin, g.DilationWidth, g.InputWidth, g.FilterWidth) == fxEnd;
                var taps = new DepthwiseConv2DInt8.TapRange(fyStart, fyEnd, fxStart, fxEnd);
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
                        acc[o] = DepthwiseConv2DInt8.ChannelSum(g, ref inRef, ref wRef, pixelBase, o, bias.IsEmpty ? 0 : bias[o], off, taps);
                    for (int o = vectorChannels; o < outC; o++) output[outIndex + o] = q.Requantize(acc[o], o);
                    outIndex += outC;
                    pixelBase += g.StrideWidth;
                }
                if (pair) ox++;
            }
        }
    }

    // Σ over the taps of (x + off) · w for eight output channels at two pixels (pixel bases a and b; equal for one
    // pixel). Elementwise: lanes are eight consecutive channels of x (M = 1). Otherwise x is one input channel,
    // broadcast to eight multiplier lanes. x and w point at the block's first channel.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> First, Vector256<int> Second) Taps(Vector256<int> start, ref sbyte x, ref sbyte w, in ConvGeometry g,
        int pixelA, int pixelB, int off, DepthwiseConv2DInt8.TapRange taps, bool elementwise)
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
}
