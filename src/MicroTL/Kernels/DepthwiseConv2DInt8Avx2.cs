// The AVX2 path of DEPTHWISE_CONV_2D (int8, layouts as DepthwiseConv2DInt8): eight output channels in the int32
// lanes, the taps two at a time in one vpmaddwd over the tap-pair rows of DepthwisePairRows (each input row widened
// once per unit, zero points for the padding), so the loop over a row's pixels is loads, multiply-adds and the
// eight-lane requantization of Avx2ChannelRequantization (its per-channel constants laid out once per unit, the
// rounding constants and the output offset folded into its 64-bit products where Fits allows), four pixels at a time.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Tap-pair AVX2 depthwise convolution (see <see cref="DepthwiseConv2DInt8.Run"/>).</summary>
internal static class DepthwiseConv2DInt8Avx2
{
    /// <summary>True when this path serves <paramref name="g"/> at <paramref name="simd"/>: AVX2 and <see cref="DepthwisePairRows.Fits"/>.</summary>
    public static bool Applies(in ConvGeometry g, SimdLevel simd) =>
        Avx2.IsSupported && simd >= SimdLevel.Avx2 && DepthwisePairRows.Fits(g);

    /// <summary>
    /// <c>out[o] = Requantize(folded[o] + Σ_taps x·w[·,·,o])</c> with <c>folded</c> as in <see cref="DepthwiseConv2DInt8.Run"/>
    /// (a padding tap reads the zero point, cancelling its share of the fold). Lengths are the caller's to check.
    /// </summary>
    // Not zeroed: BuildRow writes the Columns·Lanes entries of a row, the only ones the pixel loop reads, BuildWeights
    // and LayOutBlock whole blocks, FillRing the tags and row starts. Zeroing them cost up to a quarter of a small layer.
    [SkipLocalsInit]
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> folded, Span<sbyte> output)
    {
        Debug.Assert(Applies(g, SimdLevel.Avx2));
        var rows = DepthwisePairRows.For(g);
        Span<int> ring = stackalloc int[rows.RingInts];
        Span<int> weights = stackalloc int[rows.WeightInts];
        Span<int> tags = stackalloc int[rows.RingRows];
        Span<int> rowStart = stackalloc int[g.FilterHeight];
        Span<int> pixelOffsets = stackalloc int[rows.PixelOffsetInts];
        rows.WritePixelOffsets(g, pixelOffsets);
        Span<int> constants = stackalloc int[rows.BlocksPerUnit * Avx2ChannelRequantization.BlockInts];
        Debug.Assert(Avx2ChannelRequantization.BlockInts * sizeof(int) <= DepthwisePairRows.ConstantBytesPerBlock);
        long bound = DepthwisePairRows.AccumulatorBound(g, folded);
        var clamp = new Clamp(Vector256.Create((sbyte)q.ActivationMin), Vector256.Create((sbyte)q.ActivationMax));
        sbyte zeroPoint = (sbyte)-q.InputOffset;
        for (int unit = 0; unit < rows.Units; unit++)
        {
            int channel = rows.FirstChannel(g, unit);
            rows.BuildWeights(g, filter, unit, weights);
            bool allFolded = true, anyLeftShift = false;
            for (int block = 0; block < rows.BlocksPerUnit; block++)
            {
                Avx2ChannelRequantization.LayOutBlock(q, rows.FirstOutput(g, unit, block), bound,
                    constants.Slice(block * Avx2ChannelRequantization.BlockInts), ref allFolded, ref anyLeftShift);
            }
            // With every row in the ring, each block runs over all output rows in one pass.
            int passRows = rows.HoldsAllRows ? g.OutputHeight : 1;
            for (int b = 0; b < g.Batches; b++)
            {
                if (rows.HoldsAllRows) rows.FillImage(g, input, b, channel, zeroPoint, ring, tags, rowStart, wide: true);
                else tags.Fill(-1);
                for (int oy = 0; oy < g.OutputHeight; oy += passRows)
                {
                    if (!rows.HoldsAllRows) rows.FillRing(g, input, b, oy, channel, zeroPoint, ring, tags, rowStart, wide: true);
                    for (int block = 0; block < rows.BlocksPerUnit; block++)
                    {
                        int o = rows.FirstOutput(g, unit, block);
                        Vector256<int> start = Vector256.Create(folded.Slice(o, 8));
                        ref sbyte destination = ref output[((b * g.OutputHeight + oy) * g.OutputWidth) * g.OutputChannels + o];
                        ReadOnlySpan<int> w = weights.Slice(block * rows.WeightsPerBlock, rows.WeightsPerBlock);
                        ref int blockConstants = ref constants[block * Avx2ChannelRequantization.BlockInts];
                        // The ring's rows seen from this block's first lane; reads stay in the ring (RowStride's slack).
                        ref int lanes = ref ring[rows.BlockOffset(block)];
                        if (allFolded && !anyLeftShift)
                            PassFor<FoldedOnly>(g, rows, pixelOffsets, ref lanes, rowStart, w, start, ref blockConstants, clamp, ref destination);
                        else if (allFolded)
                            PassFor<FoldedLeftShift>(g, rows, pixelOffsets, ref lanes, rowStart, w, start, ref blockConstants, clamp, ref destination);
                        else
                            PassFor<General>(g, rows, pixelOffsets, ref lanes, rowStart, w, start, ref blockConstants, clamp, ref destination);
                    }
                }
            }
        }
    }

    // One block's pass: one output row (a ring of a window's rows), or all of them (pixelOffsets not empty: the ring
    // holds every row), 3x3 filters then four pixels at a time across the ends of rows, others row by row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PassFor<TMode>(in ConvGeometry g, in DepthwisePairRows rows, ReadOnlySpan<int> pixelOffsets, ref int ringRef,
        ReadOnlySpan<int> rowStart, ReadOnlySpan<int> weights, Vector256<int> start, ref int constants, in Clamp clamp, ref sbyte destination)
        where TMode : struct, IRequantizeMode
    {
        if (pixelOffsets.IsEmpty)
        {
            if (rows.Lanes == 1)
                Row<Broadcast, TMode>(g, rows, ref ringRef, rowStart, weights, start, ref constants, clamp, ref destination);
            else
                Row<Consecutive, TMode>(g, rows, ref ringRef, rowStart, weights, start, ref constants, clamp, ref destination);
            return;
        }
        if (g.FilterHeight == 3 && rows.PairsPerRow == 2)
        {
            if (rows.Lanes == 1)
                Image3x3<Broadcast, TMode>(rows, pixelOffsets, ref ringRef, rowStart, weights, start, ref constants, clamp, ref destination, g.OutputChannels);
            else
                Image3x3<Consecutive, TMode>(rows, pixelOffsets, ref ringRef, rowStart, weights, start, ref constants, clamp, ref destination, g.OutputChannels);
            return;
        }
        // Output row y's filter rows lie y·OutputRowStep entries past row 0's, its pixels y·Ow·O bytes on.
        int rowStep = rows.OutputRowStep(g), rowBytes = g.OutputWidth * g.OutputChannels;
        for (int y = 0; y < g.OutputHeight; y++)
        {
            ref int rowRing = ref Unsafe.Add(ref ringRef, y * rowStep);
            ref sbyte rowDestination = ref Unsafe.Add(ref destination, y * rowBytes);
            if (rows.Lanes == 1)
                Row<Broadcast, TMode>(g, rows, ref rowRing, rowStart, weights, start, ref constants, clamp, ref rowDestination);
            else
                Row<Consecutive, TMode>(g, rows, ref rowRing, rowStart, weights, start, ref constants, clamp, ref rowDestination);
        }
    }

    // One output row of one block: every pixel's eight channels. 3x3 filters keep their six weight pairs in registers
    // and take four pixels at a time; other filters take four pixels at a time too, each weight pair loaded once for
    // them. Not inlined: the caller's loop variables would crowd the registers the pixel loop wants.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Row<TLoad, TMode>(in ConvGeometry g, in DepthwisePairRows rows, ref int ringRef, ReadOnlySpan<int> rowStart,
        ReadOnlySpan<int> weights, Vector256<int> start, ref int constants, in Clamp clamp, ref sbyte destination)
        where TLoad : struct, IPairLoad
        where TMode : struct, IRequantizeMode
    {
        ref int wRef = ref MemoryMarshal.GetReference(weights);
        int step = rows.PixelStep, pairStep = rows.PairStep, outC = g.OutputChannels;
        int pairs = rows.PairsPerRow;
        Vector256<sbyte> min = clamp.Min, max = clamp.Max;
        if (g.FilterHeight == 3 && pairs == 2)
        {
            Vector256<short> w0 = Load(ref wRef, 0), w1 = Load(ref wRef, 8), w2 = Load(ref wRef, 16);
            Vector256<short> w3 = Load(ref wRef, 24), w4 = Load(ref wRef, 32), w5 = Load(ref wRef, 40);
            ref int r0 = ref Unsafe.Add(ref ringRef, rowStart[0]);
            ref int r1 = ref Unsafe.Add(ref ringRef, rowStart[1]);
            ref int r2 = ref Unsafe.Add(ref ringRef, rowStart[2]);
            int ox = g.OutputWidth;
            for (; ox >= 4; ox -= 4)
            {
                // Four neighbouring pixels: two int16 packs, one int8 pack, one clamp and one permute for all four.
                Vector256<int> a = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 0, pairStep, w0, w1, w2, w3, w4, w5), ref constants);
                Vector256<int> b = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, step, pairStep, w0, w1, w2, w3, w4, w5), ref constants);
                Vector256<int> c = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 2 * step, pairStep, w0, w1, w2, w3, w4, w5), ref constants);
                Vector256<int> d = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 3 * step, pairStep, w0, w1, w2, w3, w4, w5), ref constants);
                StoreFour(a, b, c, d, min, max, ref destination, outC);
                r0 = ref Unsafe.Add(ref r0, 4 * step);
                r1 = ref Unsafe.Add(ref r1, 4 * step);
                r2 = ref Unsafe.Add(ref r2, 4 * step);
                destination = ref Unsafe.Add(ref destination, 4 * outC);
            }
            if (ox >= 2)
            {
                Vector256<int> a = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 0, pairStep, w0, w1, w2, w3, w4, w5), ref constants);
                Vector256<int> b = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, step, pairStep, w0, w1, w2, w3, w4, w5), ref constants);
                StoreTwo(a, b, min, max, ref destination, outC);
                r0 = ref Unsafe.Add(ref r0, 2 * step);
                r1 = ref Unsafe.Add(ref r1, 2 * step);
                r2 = ref Unsafe.Add(ref r2, 2 * step);
                destination = ref Unsafe.Add(ref destination, 2 * outC);
                ox -= 2;
            }
            if (ox == 1)
            {
                StoreOne(Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 0, pairStep, w0, w1, w2, w3, w4, w5), ref constants), min, max, ref destination);
            }
            return;
        }
        // Other filters: four pixels at a time share each weight pair's load, in four independent sums.
        int px = 0, pixelAt = 0;
        for (; px + 4 <= g.OutputWidth; px += 4, pixelAt += 4 * step)
        {
            Vector256<int> s0 = start, s1 = start, s2 = start, s3 = start;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            {
                ref int r = ref Unsafe.Add(ref ringRef, rowStart[fy] + pixelAt);
                for (int p = 0; p < pairs; p++)
                {
                    Vector256<short> w = Load(ref wRef, (fy * pairs + p) * 8);
                    int o = p * pairStep;
                    s0 += Avx2.MultiplyAddAdjacent(w, TLoad.Load(ref r, o));
                    s1 += Avx2.MultiplyAddAdjacent(w, TLoad.Load(ref r, o + step));
                    s2 += Avx2.MultiplyAddAdjacent(w, TLoad.Load(ref r, o + 2 * step));
                    s3 += Avx2.MultiplyAddAdjacent(w, TLoad.Load(ref r, o + 3 * step));
                }
            }
            StoreFour(Scale<TMode>(s0, ref constants), Scale<TMode>(s1, ref constants), Scale<TMode>(s2, ref constants),
                Scale<TMode>(s3, ref constants), min, max, ref Unsafe.Add(ref destination, px * outC), outC);
        }
        for (int ox = px, at = pixelAt; ox < g.OutputWidth; ox++, at += step)
        {
            Vector256<int> sum = start;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            {
                ref int r = ref Unsafe.Add(ref ringRef, rowStart[fy] + at);
                for (int p = 0; p < pairs; p++)
                    sum += Avx2.MultiplyAddAdjacent(TLoad.Load(ref r, p * pairStep), Load(ref wRef, (fy * pairs + p) * 8));
            }
            StoreOne(Scale<TMode>(sum, ref constants), min, max, ref Unsafe.Add(ref destination, ox * outC));
        }
    }

    // Every output pixel of the image, four consecutive ones at a time across the ends of rows (the pass covers whole
    // rows, so they are consecutive in the output too), each at its place in the ring that holds every row. Not
    // inlined, as Row.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Image3x3<TLoad, TMode>(in DepthwisePairRows rows, ReadOnlySpan<int> pixelOffsets, ref int ringRef, ReadOnlySpan<int> rowStart,
        ReadOnlySpan<int> weights, Vector256<int> start, ref int constants, in Clamp clamp, ref sbyte destination, int outC)
        where TLoad : struct, IPairLoad
        where TMode : struct, IRequantizeMode
    {
        ref int wRef = ref MemoryMarshal.GetReference(weights);
        Vector256<short> w0 = Load(ref wRef, 0), w1 = Load(ref wRef, 8), w2 = Load(ref wRef, 16);
        Vector256<short> w3 = Load(ref wRef, 24), w4 = Load(ref wRef, 32), w5 = Load(ref wRef, 40);
        Vector256<sbyte> min = clamp.Min, max = clamp.Max;
        int pairStep = rows.PairStep;
        ref int r0 = ref Unsafe.Add(ref ringRef, rowStart[0]);
        ref int r1 = ref Unsafe.Add(ref ringRef, rowStart[1]);
        ref int r2 = ref Unsafe.Add(ref ringRef, rowStart[2]);
        ref int at = ref MemoryMarshal.GetReference(pixelOffsets);
        int n = pixelOffsets.Length, i = 0;
        for (; i + 4 <= n; i += 4)
        {
            Vector256<int> a = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i), pairStep, w0, w1, w2, w3, w4, w5), ref constants);
            Vector256<int> b = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i + 1), pairStep, w0, w1, w2, w3, w4, w5), ref constants);
            Vector256<int> c = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i + 2), pairStep, w0, w1, w2, w3, w4, w5), ref constants);
            Vector256<int> e = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i + 3), pairStep, w0, w1, w2, w3, w4, w5), ref constants);
            StoreFour(a, b, c, e, min, max, ref Unsafe.Add(ref destination, i * outC), outC);
        }
        if (i + 2 <= n)
        {
            Vector256<int> a = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i), pairStep, w0, w1, w2, w3, w4, w5), ref constants);
            Vector256<int> b = Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i + 1), pairStep, w0, w1, w2, w3, w4, w5), ref constants);
            StoreTwo(a, b, min, max, ref Unsafe.Add(ref destination, i * outC), outC);
            i += 2;
        }
        if (i < n)
            StoreOne(Scale<TMode>(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, Unsafe.Add(ref at, i), pairStep, w0, w1, w2, w3, w4, w5), ref constants),
                min, max, ref Unsafe.Add(ref destination, i * outC));
    }

    // The six pairs of a 3x3 window whose first entries lie at offset in the three rows. The weights come first so
    // that the JIT folds each entry load into its vpmaddwd (a memory operand is only taken as the second one).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Sum3x3<TLoad>(Vector256<int> start, ref int r0, ref int r1, ref int r2, int offset, int pairStep,
        Vector256<short> w0, Vector256<short> w1, Vector256<short> w2, Vector256<short> w3, Vector256<short> w4, Vector256<short> w5)
        where TLoad : struct, IPairLoad
    {
        Vector256<int> sum0 = start + Avx2.MultiplyAddAdjacent(w0, TLoad.Load(ref r0, offset))
            + Avx2.MultiplyAddAdjacent(w2, TLoad.Load(ref r1, offset));
        Vector256<int> sum1 = Avx2.MultiplyAddAdjacent(w1, TLoad.Load(ref r0, offset + pairStep))
            + Avx2.MultiplyAddAdjacent(w3, TLoad.Load(ref r1, offset + pairStep));
        Vector256<int> sum2 = Avx2.MultiplyAddAdjacent(w4, TLoad.Load(ref r2, offset))
            + Avx2.MultiplyAddAdjacent(w5, TLoad.Load(ref r2, offset + pairStep));
        return sum0 + sum1 + sum2;
    }

    // The requantized int32 lanes (output offset added) of one block's eight channels, in the mode the caller chose once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Scale<TMode>(Vector256<int> accumulators, ref int constants) where TMode : struct, IRequantizeMode =>
        Avx2ChannelRequantization.Lanes(accumulators, ref constants, TMode.Folded, TMode.AnyLeftShift);

    // Four pixels' eight channels: the int16 and int8 packs leave pixel p's low four channels in dword p and its high
    // four in dword p + 4; saturating packs then a clamp within int8 give the bytes of the int32 clamp.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFour(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d,
        Vector256<sbyte> min, Vector256<sbyte> max, ref sbyte destination, int outC)
    {
        Vector256<sbyte> bytes = Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a, b), Avx2.PackSignedSaturate(c, d));
        bytes = Vector256.Min(Vector256.Max(bytes, min), max);
        Vector256<long> ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsInt64();
        if (outC == 8)
        {
            // Four neighbouring pixels of eight channels are 32 consecutive bytes.
            ordered.AsSByte().StoreUnsafe(ref destination);
            return;
        }
        Vector128<long> low = ordered.GetLower(), high = ordered.GetUpper();
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), low.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref destination, outC)), low.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref destination, 2 * outC)), high.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref destination, 3 * outC)), high.GetElement(1));
    }

    // Two pixels' eight channels, as StoreFour.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTwo(Vector256<int> a, Vector256<int> b, Vector256<sbyte> min, Vector256<sbyte> max, ref sbyte destination, int outC)
    {
        Vector256<short> words = Avx2.PackSignedSaturate(a, b);
        Vector256<sbyte> bytes = Vector256.Min(Vector256.Max(Avx2.PackSignedSaturate(words, words), min), max);
        Vector128<long> ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 0, 4, 1, 5)).AsInt64().GetLower();
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), ordered.ToScalar());
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref destination, outC)), ordered.GetElement(1));
    }

    // One pixel's eight channels, as StoreFour.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOne(Vector256<int> value, Vector256<sbyte> min, Vector256<sbyte> max, ref sbyte destination)
    {
        Vector256<short> words = Avx2.PackSignedSaturate(value, value);
        Vector256<sbyte> bytes = Vector256.Min(Vector256.Max(Avx2.PackSignedSaturate(words, words), min), max);
        Vector256<int> ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 0, 4, 0, 4, 0, 4));
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), ordered.AsInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Load(ref int entries, int index) => Vector256.LoadUnsafe(ref entries, (nuint)index).AsInt16();

    // The activation range in int8 lanes, passed by reference so the row call stays cheap.
    private readonly struct Clamp(Vector256<sbyte> min, Vector256<sbyte> max)
    {
        public Vector256<sbyte> Min { get; } = min;

        public Vector256<sbyte> Max { get; } = max;
    }

    // Which requantization the pixel loop inlines: the folded rounding constant (Avx2ChannelRequantization.Fits held
    // for every channel of the unit) with or without a left shift, or the general one. Decided once per unit.
    private interface IRequantizeMode
    {
        static abstract bool Folded { get; }

        static abstract bool AnyLeftShift { get; }
    }

    private readonly struct FoldedOnly : IRequantizeMode
    {
        public static bool Folded => true;

        public static bool AnyLeftShift => false;
    }

    private readonly struct FoldedLeftShift : IRequantizeMode
    {
        public static bool Folded => true;

        public static bool AnyLeftShift => true;
    }

    // A left shift by zero changes nothing, so the general mode shifts every lane.
    private readonly struct General : IRequantizeMode
    {
        public static bool Folded => false;

        public static bool AnyLeftShift => true;
    }

    // How a pixel's eight lanes of entries are read: eight channels' entries, or one channel's broadcast.
    private interface IPairLoad
    {
        static abstract Vector256<short> Load(ref int row, int index);
    }

    private readonly struct Consecutive : IPairLoad
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load(ref int row, int index) => Vector256.LoadUnsafe(ref row, (nuint)index).AsInt16();
    }

    private readonly struct Broadcast : IPairLoad
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load(ref int row, int index) => Vector256.Create(Unsafe.Add(ref row, index)).AsInt16();
    }
}
