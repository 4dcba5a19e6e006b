// The Vector128 path of DEPTHWISE_CONV_2D (int8, layouts as DepthwiseConv2DInt8): the tap-pair rows of
// DepthwisePairRows as in the AVX2 path, eight output channels in two vectors of four int32 lanes, each pair of taps
// one 128-bit multiply-add of int16 pairs (SSE2's pmaddwd, or its portable equivalent), requantized by
// PortableChannelRequantization (its constants laid out once per unit, the rounding constants and the output offset
// folded into one 64-bit multiply-add), or one channel at a time in the rare layer where its Fits fails.
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
    // Not zeroed: BuildRow writes the Columns·Lanes entries of a row, the only ones the pixel loop reads, BuildWeights
    // and LayOutBlock whole blocks, FillRing the tags and row starts. Zeroing them cost up to a quarter of a small layer.
    [SkipLocalsInit]
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
        Span<long> constants = stackalloc long[rows.BlocksPerUnit * PortableChannelRequantization.BlockLongs];
        long bound = DepthwisePairRows.AccumulatorBound(g, folded);
        var clamp = new Clamp(Vector128.Create(q.ActivationMin), Vector128.Create(q.ActivationMax));
        sbyte zeroPoint = (sbyte)-q.InputOffset;
        for (int unit = 0; unit < rows.Units; unit++)
        {
            int channel = rows.FirstChannel(g, unit);
            rows.BuildWeights(g, filter, unit, weights);
            bool allFolded = true, anyLeftShift = false;
            for (int block = 0; block < rows.BlocksPerUnit; block++)
            {
                PortableChannelRequantization.LayOutBlock(q, rows.FirstOutput(g, unit, block), bound,
                    constants.Slice(block * PortableChannelRequantization.BlockLongs), ref allFolded, ref anyLeftShift);
            }
            // With every row in the ring, each block runs over all output rows in one pass.
            int passRows = rows.HoldsAllRows ? g.OutputHeight : 1, rowStep = rows.OutputRowStep(g);
            for (int b = 0; b < g.Batches; b++)
            {
                if (rows.HoldsAllRows) rows.FillImage(g, input, b, channel, zeroPoint, ring, tags, rowStart, wide: false);
                else tags.Fill(-1);
                for (int oy = 0; oy < g.OutputHeight; oy += passRows)
                {
                    if (!rows.HoldsAllRows) rows.FillRing(g, input, b, oy, channel, zeroPoint, ring, tags, rowStart, wide: false);
                    for (int block = 0; block < rows.BlocksPerUnit; block++)
                    {
                        int o = rows.FirstOutput(g, unit, block);
                        ref sbyte destination = ref output[((b * g.OutputHeight + oy) * g.OutputWidth) * outC + o];
                        ref long blockConstants = ref constants[block * PortableChannelRequantization.BlockLongs];
                        var pixels = new PixelRow(rows, ref ring[rows.BlockOffset(block)], rowStart, passRows, rowStep,
                            ref weights[block * rows.WeightsPerBlock], Vector128.Create(folded.Slice(o, 4)), Vector128.Create(folded.Slice(o + 4, 4)));
                        if (!allFolded)
                            RowFor<ChannelByChannel>(g, pixels, ref blockConstants, q, o, clamp, ref destination);
                        else if (anyLeftShift)
                            RowFor<FoldedLeftShift>(g, pixels, ref blockConstants, q, o, clamp, ref destination);
                        else
                            RowFor<FoldedOnly>(g, pixels, ref blockConstants, q, o, clamp, ref destination);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowFor<TStore>(in ConvGeometry g, in PixelRow pixels, ref long constants, in Int8Requantization q, int o,
        in Clamp clamp, ref sbyte destination)
        where TStore : struct, IStore
    {
        if (g.FilterHeight == 3 && pixels.Rows.PairsPerRow == 2)
        {
            if (pixels.Rows.Lanes == 1)
                Row3x3<Broadcast, TStore>(g, pixels, ref constants, q, o, clamp, ref destination);
            else
                Row3x3<Consecutive, TStore>(g, pixels, ref constants, q, o, clamp, ref destination);
            return;
        }
        Row<TStore>(g, pixels, ref constants, q, o, clamp, ref destination);
    }

    // The output rows of one pass of one block, any filter: four pixels at a time, each weight pair loaded once for them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Row<TStore>(in ConvGeometry g, in PixelRow pixels, ref long constants, in Int8Requantization q, int o,
        in Clamp clamp, ref sbyte destination)
        where TStore : struct, IStore
    {
        DepthwisePairRows rows = pixels.Rows;
        int lanes = rows.Lanes, step = rows.PixelStep, pairStep = rows.PairStep, pairs = rows.PairsPerRow, outC = g.OutputChannels;
        for (int y = 0; y < pixels.OutputRows; y++)
        {
            OneRow<TStore>(g, pixels, y * pixels.OutputRowStep, ref constants, q, o, clamp, ref Unsafe.Add(ref destination, y * g.OutputWidth * outC),
                lanes, step, pairStep, pairs, outC);
        }
    }

    // One output row of the pass, its filter rows rowAt entries past the pass's first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneRow<TStore>(in ConvGeometry g, in PixelRow pixels, int rowAt, ref long constants, in Int8Requantization q, int o,
        in Clamp clamp, ref sbyte destination, int lanes, int step, int pairStep, int pairs, int outC)
        where TStore : struct, IStore
    {
        ref int ringRef = ref pixels.Ring;
        ref int wRef = ref pixels.Weights;
        // Four pixels at a time share each weight pair's loads, in eight independent sums.
        int px = 0, pixelAt = rowAt;
        for (; px + 4 <= g.OutputWidth; px += 4, pixelAt += 4 * step)
        {
            Vector128<int> lo0 = pixels.StartLo, hi0 = pixels.StartHi, lo1 = lo0, hi1 = hi0, lo2 = lo0, hi2 = hi0, lo3 = lo0, hi3 = hi0;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            {
                ref int r = ref Unsafe.Add(ref ringRef, pixels.RowStart[fy] + pixelAt);
                for (int p = 0; p < pairs; p++)
                {
                    ref int entry = ref Unsafe.Add(ref r, p * pairStep);
                    ref int pair = ref Unsafe.Add(ref wRef, (fy * pairs + p) * 8);
                    Vector128<short> wLo = Vector128.LoadUnsafe(ref pair).AsInt16(), wHi = Vector128.LoadUnsafe(ref pair, 4).AsInt16();
                    (Vector128<short> xLo, Vector128<short> xHi) = Entries(lanes, ref entry);
                    lo0 += MultiplyAddAdjacent(xLo, wLo);
                    hi0 += MultiplyAddAdjacent(xHi, wHi);
                    (xLo, xHi) = Entries(lanes, ref Unsafe.Add(ref entry, step));
                    lo1 += MultiplyAddAdjacent(xLo, wLo);
                    hi1 += MultiplyAddAdjacent(xHi, wHi);
                    (xLo, xHi) = Entries(lanes, ref Unsafe.Add(ref entry, 2 * step));
                    lo2 += MultiplyAddAdjacent(xLo, wLo);
                    hi2 += MultiplyAddAdjacent(xHi, wHi);
                    (xLo, xHi) = Entries(lanes, ref Unsafe.Add(ref entry, 3 * step));
                    lo3 += MultiplyAddAdjacent(xLo, wLo);
                    hi3 += MultiplyAddAdjacent(xHi, wHi);
                }
            }
            ref sbyte at0 = ref Unsafe.Add(ref destination, px * outC);
            TStore.Store8(lo0, hi0, ref constants, q, o, clamp.Min, clamp.Max, ref at0);
            TStore.Store8(lo1, hi1, ref constants, q, o, clamp.Min, clamp.Max, ref Unsafe.Add(ref at0, outC));
            TStore.Store8(lo2, hi2, ref constants, q, o, clamp.Min, clamp.Max, ref Unsafe.Add(ref at0, 2 * outC));
            TStore.Store8(lo3, hi3, ref constants, q, o, clamp.Min, clamp.Max, ref Unsafe.Add(ref at0, 3 * outC));
        }
        for (int ox = px, at = pixelAt; ox < g.OutputWidth; ox++, at += step)
        {
            Vector128<int> lo = pixels.StartLo, hi = pixels.StartHi;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            {
                ref int r = ref Unsafe.Add(ref ringRef, pixels.RowStart[fy] + at);
                for (int p = 0; p < pairs; p++)
                {
                    ref int pair = ref Unsafe.Add(ref wRef, (fy * pairs + p) * 8);
                    (Vector128<short> xLo, Vector128<short> xHi) = Entries(lanes, ref Unsafe.Add(ref r, p * pairStep));
                    lo += MultiplyAddAdjacent(xLo, Vector128.LoadUnsafe(ref pair).AsInt16());
                    hi += MultiplyAddAdjacent(xHi, Vector128.LoadUnsafe(ref pair, 4).AsInt16());
                }
            }
            TStore.Store8(lo, hi, ref constants, q, o, clamp.Min, clamp.Max, ref Unsafe.Add(ref destination, ox * outC));
        }
    }

    // A pixel's entries for the block's low and high four lanes: eight channels' entries, or one channel's broadcast.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<short> Lo, Vector128<short> Hi) Entries(int lanes, ref int entry)
    {
        if (lanes == 1)
        {
            Vector128<short> both = Vector128.Create(entry).AsInt16();
            return (both, both);
        }
        return (Vector128.LoadUnsafe(ref entry).AsInt16(), Vector128.LoadUnsafe(ref entry, 4).AsInt16());
    }

    // The output rows of one pass of one block of a 3x3 filter, its twelve weight vectors in registers (the pass's rows
    // follow one another in the output). Not inlined: the caller's loop variables would crowd the registers the pixel
    // loop wants.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Row3x3<TLoad, TStore>(in ConvGeometry g, in PixelRow pixels, ref long constants, in Int8Requantization q, int o,
        in Clamp clamp, ref sbyte destination)
        where TLoad : struct, IPairLoad
        where TStore : struct, IStore
    {
        int step = pixels.Rows.PixelStep, pairStep = pixels.Rows.PairStep, outC = g.OutputChannels;
        ref int w = ref pixels.Weights;
        Vector128<int> startLo = pixels.StartLo, startHi = pixels.StartHi, min = clamp.Min, max = clamp.Max;
        Vector128<short> w0 = Weights(ref w, 0), w1 = Weights(ref w, 4), w2 = Weights(ref w, 8), w3 = Weights(ref w, 12);
        Vector128<short> w4 = Weights(ref w, 16), w5 = Weights(ref w, 20), w6 = Weights(ref w, 24), w7 = Weights(ref w, 28);
        Vector128<short> w8 = Weights(ref w, 32), w9 = Weights(ref w, 36), w10 = Weights(ref w, 40), w11 = Weights(ref w, 44);
        for (int y = 0; y < pixels.OutputRows; y++)
        {
            int rowAt = y * pixels.OutputRowStep;
            ref int r0 = ref Unsafe.Add(ref pixels.Ring, pixels.RowStart[0] + rowAt);
            ref int r1 = ref Unsafe.Add(ref pixels.Ring, pixels.RowStart[1] + rowAt);
            ref int r2 = ref Unsafe.Add(ref pixels.Ring, pixels.RowStart[2] + rowAt);
            for (int ox = g.OutputWidth; ox > 0; ox--)
            {
                // Pair p of filter row fy: weights 8·(2·fy + p) on, the low four lanes then the high four. The weights come
                // first so that the JIT folds each entry load into its pmaddwd (a memory operand is only taken as the second one).
                Vector128<int> lo = startLo + MultiplyAddAdjacent(w0, TLoad.Lo(ref r0, 0)) + MultiplyAddAdjacent(w2, TLoad.Lo(ref r0, pairStep))
                    + MultiplyAddAdjacent(w4, TLoad.Lo(ref r1, 0)) + MultiplyAddAdjacent(w6, TLoad.Lo(ref r1, pairStep))
                    + MultiplyAddAdjacent(w8, TLoad.Lo(ref r2, 0)) + MultiplyAddAdjacent(w10, TLoad.Lo(ref r2, pairStep));
                Vector128<int> hi = startHi + MultiplyAddAdjacent(w1, TLoad.Hi(ref r0, 0)) + MultiplyAddAdjacent(w3, TLoad.Hi(ref r0, pairStep))
                    + MultiplyAddAdjacent(w5, TLoad.Hi(ref r1, 0)) + MultiplyAddAdjacent(w7, TLoad.Hi(ref r1, pairStep))
                    + MultiplyAddAdjacent(w9, TLoad.Hi(ref r2, 0)) + MultiplyAddAdjacent(w11, TLoad.Hi(ref r2, pairStep));
                TStore.Store8(lo, hi, ref constants, q, o, min, max, ref destination);
                r0 = ref Unsafe.Add(ref r0, step);
                r1 = ref Unsafe.Add(ref r1, step);
                r2 = ref Unsafe.Add(ref r2, step);
                destination = ref Unsafe.Add(ref destination, outC);
            }
        }
    }

    // What one block's pass reads: the layout, the ring seen from the block's first lane (reads stay in the ring:
    // RowStride's slack), the ring rows of the first output row's filter rows, how many output rows the pass runs
    // (one, or all when the ring holds every row) and the entries from one's filter rows to the next's, the block's
    // weight pairs and its folded biases.
    private readonly ref struct PixelRow(in DepthwisePairRows rows, ref int ring, ReadOnlySpan<int> rowStart, int outputRows, int outputRowStep,
        ref int weights, Vector128<int> startLo, Vector128<int> startHi)
    {
        public readonly DepthwisePairRows Rows = rows;
        public readonly ref int Ring = ref ring;
        public readonly ReadOnlySpan<int> RowStart = rowStart;
        public readonly int OutputRows = outputRows, OutputRowStep = outputRowStep;
        public readonly ref int Weights = ref weights;
        public readonly Vector128<int> StartLo = startLo, StartHi = startHi;
    }

    // The activation range in int32 lanes.
    private readonly struct Clamp(Vector128<int> min, Vector128<int> max)
    {
        public Vector128<int> Min { get; } = min;

        public Vector128<int> Max { get; } = max;
    }

    // How a block's eight accumulators become int8s: PortableChannelRequantization with or without the left shift
    // (Fits held for the unit), or Int8Requantization one channel at a time. Chosen once per unit.
    private interface IStore
    {
        static abstract void Store8(Vector128<int> lo, Vector128<int> hi, ref long constants, in Int8Requantization q, int o,
            Vector128<int> min, Vector128<int> max, ref sbyte destination);
    }

    private readonly struct FoldedOnly : IStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store8(Vector128<int> lo, Vector128<int> hi, ref long constants, in Int8Requantization q, int o,
            Vector128<int> min, Vector128<int> max, ref sbyte destination) =>
            PortableChannelRequantization.Store8(lo, hi, ref constants, anyLeftShift: false, min, max, ref destination);
    }

    private readonly struct FoldedLeftShift : IStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store8(Vector128<int> lo, Vector128<int> hi, ref long constants, in Int8Requantization q, int o,
            Vector128<int> min, Vector128<int> max, ref sbyte destination) =>
            PortableChannelRequantization.Store8(lo, hi, ref constants, anyLeftShift: true, min, max, ref destination);
    }

    private readonly struct ChannelByChannel : IStore
    {
        public static void Store8(Vector128<int> lo, Vector128<int> hi, ref long constants, in Int8Requantization q, int o,
            Vector128<int> min, Vector128<int> max, ref sbyte destination)
        {
            for (int i = 0; i < 4; i++)
            {
                Unsafe.Add(ref destination, i) = q.Requantize(lo.GetElement(i), o + i);
                Unsafe.Add(ref destination, i + 4) = q.Requantize(hi.GetElement(i), o + i + 4);
            }
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
