// The Vector128 path of DEPTHWISE_CONV_2D (int8, layouts as DepthwiseConv2DInt8): the tap-pair rows of
// DepthwisePairRows as in the AVX2 path, eight output channels in two vectors of four int32 lanes, each pair of taps
// one 128-bit multiply-add of int16 pairs (SSE2's pmaddwd, or its portable equivalent), requantized by
// PortableRequantization.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Tap-pair depthwise convolution on <see cref="Vector128"/> (see <see cref="DepthwiseConv2DInt8.Run"/>).</summary>
internal static class DepthwiseConv2DInt8Pairs128
{
    /// <summary>True when this path serves <paramref name="g"/> at <paramref name="simd"/>: vectors, <see cref="DepthwisePairRows.Fits"/>, and requantization constants that fit the stack.</summary>
    public static bool Applies(in ConvGeometry g, SimdLevel simd) =>
        simd >= SimdLevel.Vector128 && Vector128.IsHardwareAccelerated && g.OutputChannels <= PortableRequantization.MaxChannels
        && DepthwisePairRows.Fits(g);

    /// <summary>As <see cref="DepthwiseConv2DInt8Avx2.Run"/>, on 128-bit vectors. Lengths are the caller's to check.</summary>
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> folded, Span<sbyte> output)
    {
        Debug.Assert(Applies(g, SimdLevel.Vector128));
        var rows = DepthwisePairRows.For(g);
        int outC = g.OutputChannels;
        Span<int> ring = stackalloc int[rows.RingInts];
        Span<int> weights = stackalloc int[rows.WeightInts];
        Span<int> tags = stackalloc int[rows.RingRows];
        Span<int> rowStart = stackalloc int[g.FilterHeight];
        var requantize = new PortableRequantization(q, outC, stackalloc int[outC], stackalloc int[outC], stackalloc int[outC], stackalloc long[outC]);
        sbyte zeroPoint = (sbyte)-q.InputOffset;
        for (int unit = 0; unit < rows.Units; unit++)
        {
            int channel = rows.FirstChannel(g, unit);
            rows.BuildWeights(g, filter, unit, weights);
            for (int b = 0; b < g.Batches; b++)
            {
                tags.Fill(-1);
                for (int oy = 0; oy < g.OutputHeight; oy++)
                {
                    for (int fy = 0; fy < g.FilterHeight; fy++)
                    {
                        int paddedRow = oy * g.StrideHeight + fy * g.DilationHeight, slot = paddedRow % rows.RingRows;
                        if (tags[slot] != paddedRow)
                        {
                            rows.BuildRow(g, input, b, paddedRow, channel, zeroPoint, ring.Slice(slot * rows.RowStride, rows.RowStride), wide: false);
                            tags[slot] = paddedRow;
                        }
                        rowStart[fy] = slot * rows.RowStride;
                    }
                    for (int block = 0; block < rows.BlocksPerUnit; block++)
                    {
                        int o = rows.FirstOutput(g, unit, block);
                        int pixel = ((b * g.OutputHeight + oy) * g.OutputWidth) * outC + o;
                        ReadOnlySpan<int> w = weights.Slice(block * rows.WeightsPerBlock, rows.WeightsPerBlock);
                        ref int ringRef = ref ring[rows.BlockOffset(block)];
                        ref int wRef = ref MemoryMarshal.GetReference(w);
                        Vector128<int> startLo = Vector128.Create(folded.Slice(o, 4)), startHi = Vector128.Create(folded.Slice(o + 4, 4));
                        if (g.FilterHeight == 3 && rows.PairsPerRow == 2)
                        {
                            if (rows.Lanes == 1)
                                Row3x3<Broadcast>(g, rows, ref ringRef, rowStart, ref wRef, startLo, startHi, requantize, o, ref output[pixel]);
                            else
                                Row3x3<Consecutive>(g, rows, ref ringRef, rowStart, ref wRef, startLo, startHi, requantize, o, ref output[pixel]);
                            continue;
                        }
                        int lanes = rows.Lanes, step = rows.PixelStep, pairStep = rows.PairStep, pairs = rows.PairsPerRow;
                        for (int ox = 0, at = 0; ox < g.OutputWidth; ox++, at += step, pixel += outC)
                        {
                            Vector128<int> lo = startLo, hi = startHi;
                            for (int fy = 0; fy < g.FilterHeight; fy++)
                            {
                                ref int r = ref Unsafe.Add(ref ringRef, rowStart[fy] + at);
                                for (int p = 0; p < pairs; p++)
                                {
                                    ref int entry = ref Unsafe.Add(ref r, p * pairStep);
                                    ref int pair = ref Unsafe.Add(ref wRef, (fy * pairs + p) * 8);
                                    Vector128<short> xLo = lanes != 1 ? Vector128.LoadUnsafe(ref entry).AsInt16() : Vector128.Create(entry).AsInt16();
                                    Vector128<short> xHi = lanes != 1 ? Vector128.LoadUnsafe(ref entry, 4).AsInt16() : xLo;
                                    lo += MultiplyAddAdjacent(xLo, Vector128.LoadUnsafe(ref pair).AsInt16());
                                    hi += MultiplyAddAdjacent(xHi, Vector128.LoadUnsafe(ref pair, 4).AsInt16());
                                }
                            }
                            requantize.Store8(lo, hi, o, ref output[pixel]);
                        }
                    }
                }
            }
        }
    }

    // One output row of one block of a 3x3 filter, its twelve weight vectors in registers. Not inlined: the caller's
    // loop variables would crowd the registers the pixel loop wants.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Row3x3<TLoad>(in ConvGeometry g, in DepthwisePairRows rows, ref int ringRef, ReadOnlySpan<int> rowStart, ref int w,
        Vector128<int> startLo, Vector128<int> startHi, in PortableRequantization requantize, int o, ref sbyte destination)
        where TLoad : struct, IPairLoad
    {
        int step = rows.PixelStep, pairStep = rows.PairStep, outC = g.OutputChannels;
        Vector128<short> w0 = Weights(ref w, 0), w1 = Weights(ref w, 4), w2 = Weights(ref w, 8), w3 = Weights(ref w, 12);
        Vector128<short> w4 = Weights(ref w, 16), w5 = Weights(ref w, 20), w6 = Weights(ref w, 24), w7 = Weights(ref w, 28);
        Vector128<short> w8 = Weights(ref w, 32), w9 = Weights(ref w, 36), w10 = Weights(ref w, 40), w11 = Weights(ref w, 44);
        ref int r0 = ref Unsafe.Add(ref ringRef, rowStart[0]);
        ref int r1 = ref Unsafe.Add(ref ringRef, rowStart[1]);
        ref int r2 = ref Unsafe.Add(ref ringRef, rowStart[2]);
        for (int ox = g.OutputWidth; ox > 0; ox--)
        {
            // Pair p of filter row fy: weights 8·(2·fy + p) on, the low four lanes then the high four.
            Vector128<int> lo = startLo + MultiplyAddAdjacent(TLoad.Lo(ref r0, 0), w0) + MultiplyAddAdjacent(TLoad.Lo(ref r0, pairStep), w2)
                + MultiplyAddAdjacent(TLoad.Lo(ref r1, 0), w4) + MultiplyAddAdjacent(TLoad.Lo(ref r1, pairStep), w6)
                + MultiplyAddAdjacent(TLoad.Lo(ref r2, 0), w8) + MultiplyAddAdjacent(TLoad.Lo(ref r2, pairStep), w10);
            Vector128<int> hi = startHi + MultiplyAddAdjacent(TLoad.Hi(ref r0, 0), w1) + MultiplyAddAdjacent(TLoad.Hi(ref r0, pairStep), w3)
                + MultiplyAddAdjacent(TLoad.Hi(ref r1, 0), w5) + MultiplyAddAdjacent(TLoad.Hi(ref r1, pairStep), w7)
                + MultiplyAddAdjacent(TLoad.Hi(ref r2, 0), w9) + MultiplyAddAdjacent(TLoad.Hi(ref r2, pairStep), w11);
            requantize.Store8(lo, hi, o, ref destination);
            r0 = ref Unsafe.Add(ref r0, step);
            r1 = ref Unsafe.Add(ref r1, step);
            r2 = ref Unsafe.Add(ref r2, step);
            destination = ref Unsafe.Add(ref destination, outC);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Weights(ref int w, int index) => Vector128.LoadUnsafe(ref w, (nuint)index).AsInt16();

    // How a pixel's eight lanes of entries are read: eight channels' entries (four per vector), or one channel's broadcast.
    private interface IPairLoad
    {
        static abstract Vector128<short> Lo(ref int row, int index);

        static abstract Vector128<short> Hi(ref int row, int index);
    }

    private readonly struct Consecutive : IPairLoad
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> Lo(ref int row, int index) => Vector128.LoadUnsafe(ref row, (nuint)index).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> Hi(ref int row, int index) => Vector128.LoadUnsafe(ref row, (nuint)(index + 4)).AsInt16();
    }

    private readonly struct Broadcast : IPairLoad
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> Lo(ref int row, int index) => Vector128.Create(Unsafe.Add(ref row, index)).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<short> Hi(ref int row, int index) => Vector128.Create(Unsafe.Add(ref row, index)).AsInt16();
    }

    /// <summary>Lane i: <c>a[2i]·b[2i] + a[2i+1]·b[2i+1]</c> (pmaddwd), exact for int8-range values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> MultiplyAddAdjacent(Vector128<short> a, Vector128<short> b) =>
        Sse2.IsSupported ? Sse2.MultiplyAddAdjacent(a, b) : MultiplyAddAdjacentPortable(a, b);

    /// <summary>The portable form of <see cref="MultiplyAddAdjacent"/>: the low and high int16 of each int32 lane, sign-extended and multiplied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> MultiplyAddAdjacentPortable(Vector128<short> a, Vector128<short> b)
    {
        Vector128<int> a32 = a.AsInt32(), b32 = b.AsInt32();
        Vector128<int> lowA = Vector128.ShiftRightArithmetic(a32 << 16, 16), lowB = Vector128.ShiftRightArithmetic(b32 << 16, 16);
        return lowA * lowB + Vector128.ShiftRightArithmetic(a32, 16) * Vector128.ShiftRightArithmetic(b32, 16);
    }
}
