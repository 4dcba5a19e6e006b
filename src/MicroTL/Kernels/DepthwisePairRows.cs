// The tap-pair rows of the DEPTHWISE_CONV_2D pair kernels (DepthwiseConv2DInt8Avx2, DepthwiseConv2DInt8Pairs128):
// the filter's taps are taken two at a time along a filter row, (fx, fx + 1), so that one multiply-add of int16 pairs
// (vpmaddwd / pmaddwd) sums both. An entry holds the two int16 inputs one pair reads, x[col] in the low half and
// x[col + dilation] in the high half; a weight entry holds the matching two weights (0 past the filter's last column).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Sizes of the tap-pair rows for one geometry and the builders of its rows and weights.</summary>
/// <remarks>
/// A unit is what one ring of rows serves: when M = 1, all C input channels if their rows fit
/// <see cref="MaxStackBytes"/>, else eight consecutive channels (the last unit starting at C - 8); or one input
/// channel when M is a multiple of 8 (its M outputs in blocks of eight lanes, the input broadcast). With M = 1 the
/// last block of eight lanes ends at the last channel, so a channel count that is no multiple of 8 recomputes a few
/// channels, with equal bytes. The ring keeps the last <see cref="RingRows"/> padded input rows of the unit, so each
/// row is widened once per unit. When output rows are short (<see cref="ShortRowPixels"/>) and every row the output
/// reads fits the budget, the ring holds them all (<see cref="HoldsAllRows"/>): the kernels then widen the image first
/// and run each block over every output row in one call, the block's weights in registers throughout, where a small
/// layer would otherwise pay a call, a reload of the weights and a leftover of pixels per row and block.
/// </remarks>
internal readonly struct DepthwisePairRows
{
    /// <summary>
    /// The most stack bytes the pair kernels keep for rows, weights and requantization constants (larger layers take
    /// the blocks), besides the <see cref="MaxPaddedRowBytes"/> a row's build may copy its input to.
    /// </summary>
    public const int MaxStackBytes = 48 * 1024;

    /// <summary>
    /// Output rows of fewer pixels than this take the ring of every row when it fits: there a call and the leftover
    /// pixels per row and block cost the most (person_detect's 6x6 layers: 3.6 -> 3.2 µs on AVX2). Longer rows gain
    /// nothing from it, and lose: its layers of 12-pixel rows ran 6 % slower in the whole image's pixel order, its
    /// first layer (48-pixel rows) 17 %.
    /// </summary>
    public const int ShortRowPixels = 8;

    /// <summary>Bytes of the eight-lane requantization constants the AVX2 path keeps per block.</summary>
    public const int ConstantBytesPerBlock = 288;

    /// <summary>Entries per column: the unit's channels (M = 1: all C, or 8 when all do not fit), or 1 (M a multiple of 8, one channel broadcast).</summary>
    public int Lanes { get; }

    /// <summary>Tap pairs per filter row: ⌈Fw / 2⌉.</summary>
    public int PairsPerRow { get; }

    /// <summary>Columns a row holds, in padded coordinates: every column a pair's first tap reads.</summary>
    public int Columns { get; }

    /// <summary>Padded columns between two stored columns: the stride when every pair's first tap falls on a multiple of it (2·dilation a multiple of the stride), else 1.</summary>
    public int ColumnStep { get; }

    /// <summary>The first stored column whose two inputs both lie inside the image (columns before it read the padding).</summary>
    public int InteriorStart { get; }

    /// <summary>One past the last stored column whose two inputs both lie inside the image.</summary>
    public int InteriorEnd { get; }

    /// <summary>Bytes of a padded input row the stored columns read, all channels: ((Columns - 1)·step + dilation + 1)·C.</summary>
    public int PaddedRowBytes { get; }

    /// <summary>The most bytes of a padded row <see cref="BuildRow"/> copies to the stack to build it as one run (all channels only).</summary>
    public const int MaxPaddedRowBytes = 4096;

    /// <summary>Int32 entries between two stored columns of one output pixel and the next: (stride / step)·Lanes.</summary>
    public int PixelStep { get; }

    /// <summary>Int32 entries between a pixel's two pairs of taps along a filter row: (2·dilation / step)·Lanes.</summary>
    public int PairStep { get; }

    /// <summary>Int32 entries between two rows of the ring (a multiple of 8, room for the eight-column builds).</summary>
    public int RowStride { get; }

    /// <summary>Rows in the ring: the rows one output row reads, (Fh - 1)·dilation + 1, or every row the output reads (<see cref="HoldsAllRows"/>).</summary>
    public int RingRows { get; }

    /// <summary>True when the ring holds every padded row the output reads, so no row is ever replaced within a batch.</summary>
    public bool HoldsAllRows { get; }

    /// <summary>Int32s of the table of each output pixel's place in the ring (<see cref="WritePixelOffsets"/>) when it <see cref="HoldsAllRows"/>, else 0.</summary>
    public int PixelOffsetInts { get; }

    /// <summary>Units: 1 (M = 1, all channels), ⌈C / 8⌉ (M = 1, eight channels each), or C (M a multiple of 8).</summary>
    public int Units { get; }

    /// <summary>Blocks of eight output channels per unit: ⌈Lanes / 8⌉ when M = 1, else M / 8.</summary>
    public int BlocksPerUnit { get; }

    /// <summary>Int32 weight entries per block: Fh · pairs · 8.</summary>
    public int WeightsPerBlock { get; }

    /// <summary>
    /// Lays out the rows of <paramref name="g"/>, all channels in one unit when <paramref name="wholeChannels"/>, every
    /// row the output reads in the ring when <paramref name="allRows"/>.
    /// </summary>
    private DepthwisePairRows(in ConvGeometry g, bool wholeChannels, bool allRows)
    {
        bool single = g.DepthMultiplier == 1;
        Lanes = single ? (wholeChannels ? g.InputChannels : 8) : 1;
        PairsPerRow = (g.FilterWidth + 1) / 2;
        ColumnStep = 2 * g.DilationWidth % g.StrideWidth == 0 ? g.StrideWidth : 1;
        Columns = ((g.OutputWidth - 1) * g.StrideWidth + 2 * (PairsPerRow - 1) * g.DilationWidth) / ColumnStep + 1;
        InteriorStart = Math.Min(Columns, (g.PadWidth + ColumnStep - 1) / ColumnStep);
        InteriorEnd = Math.Clamp((g.InputWidth - g.DilationWidth + g.PadWidth + ColumnStep - 1) / ColumnStep, InteriorStart, Columns);
        PaddedRowBytes = (int)Math.Min(int.MaxValue, ((long)(Columns - 1) * ColumnStep + g.DilationWidth + 1) * g.InputChannels);
        PixelStep = g.StrideWidth / ColumnStep * Lanes;
        PairStep = 2 * g.DilationWidth / ColumnStep * Lanes;
        RowStride = (Columns * Lanes + 7 + 8) / 8 * 8;
        RingRows = (allRows ? (g.OutputHeight - 1) * g.StrideHeight : 0) + (g.FilterHeight - 1) * g.DilationHeight + 1;
        HoldsAllRows = allRows;
        PixelOffsetInts = allRows ? g.OutputHeight * g.OutputWidth : 0;
        Units = single ? (wholeChannels ? 1 : (g.InputChannels + 7) / 8) : g.InputChannels;
        BlocksPerUnit = single ? (Lanes + 7) / 8 : g.DepthMultiplier / 8;
        WeightsPerBlock = g.FilterHeight * PairsPerRow * 8;
    }

    /// <summary>Int32s of the ring.</summary>
    public int RingInts => RingRows * RowStride;

    /// <summary>Int32s of one unit's weights.</summary>
    public int WeightInts => BlocksPerUnit * WeightsPerBlock;

    // Stack bytes of this layout: ring, weights, tags, pixel offsets, requantization constants.
    private long StackBytes => ((long)RingInts + WeightInts + RingRows + PixelOffsetInts) * sizeof(int) + (long)BlocksPerUnit * ConstantBytesPerBlock;

    /// <summary>
    /// The layout of <paramref name="g"/> (which <see cref="Fits"/>): all channels in one unit and every row in the ring
    /// when the output rows are short (<see cref="ShortRowPixels"/>) and that fits the stack budget, else all channels
    /// in a ring of a window's rows, else eight channels a unit.
    /// </summary>
    public static DepthwisePairRows For(in ConvGeometry g)
    {
        if (g.OutputWidth < ShortRowPixels)
        {
            var image = new DepthwisePairRows(g, true, true);
            if (image.StackBytes <= MaxStackBytes) return image;
        }
        var whole = new DepthwisePairRows(g, true, false);
        return whole.StackBytes <= MaxStackBytes ? whole : new DepthwisePairRows(g, false, false);
    }

    /// <summary>True when the pair kernels take <paramref name="g"/>: M = 1 with at least 8 channels or M a multiple of 8, within the stack budget.</summary>
    public static bool Fits(in ConvGeometry g)
    {
        if (g.DepthMultiplier == 1 ? g.InputChannels < 8 : g.DepthMultiplier % 8 != 0) return false;
        if (g.OutputHeight < 1 || g.OutputWidth < 1) return false;
        return For(g).StackBytes <= MaxStackBytes;
    }

    /// <summary>The first input channel of unit <paramref name="unit"/>.</summary>
    public int FirstChannel(in ConvGeometry g, int unit) =>
        g.DepthMultiplier != 1 ? unit : Units == 1 ? 0 : Math.Min(unit * 8, g.InputChannels - 8);

    /// <summary>Where block <paramref name="block"/>'s lanes start within a column's entries (the last block of M = 1 ending at the last channel).</summary>
    public int BlockOffset(int block) => Lanes == 1 ? 0 : Math.Min(block * 8, Lanes - 8);

    /// <summary>The first output channel of block <paramref name="block"/> of unit <paramref name="unit"/>.</summary>
    public int FirstOutput(in ConvGeometry g, int unit, int block) =>
        Lanes == 1 ? unit * g.DepthMultiplier + block * 8 : FirstChannel(g, unit) + BlockOffset(block);

    /// <summary>Writes the weight pairs of every block of <paramref name="unit"/> into <paramref name="weights"/>.</summary>
    public void BuildWeights(in ConvGeometry g, ReadOnlySpan<sbyte> filter, int unit, Span<int> weights)
    {
        Span<sbyte> zeros = stackalloc sbyte[8];
        zeros.Clear();
        int outC = g.OutputChannels;
        // Every tap's eight weights lie inside the filter (o + 8 ≤ O, the blocks' layout); the slices check the rest once.
        filter = filter[..(g.FilterHeight * g.FilterWidth * outC)];
        weights = weights[..(BlocksPerUnit * WeightsPerBlock)];
        Debug.Assert(FirstOutput(g, unit, BlocksPerUnit - 1) + 8 <= outC);
        ref sbyte filterRef = ref MemoryMarshal.GetReference(filter);
        ref int weightRef = ref MemoryMarshal.GetReference(weights);
        for (int block = 0; block < BlocksPerUnit; block++)
        {
            int o = FirstOutput(g, unit, block);
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int p = 0; p < PairsPerRow; p++)
            {
                int fx = 2 * p;
                ref sbyte first = ref Unsafe.Add(ref filterRef, (fy * g.FilterWidth + fx) * outC + o);
                ref sbyte second = ref fx + 1 < g.FilterWidth ? ref Unsafe.Add(ref first, outC) : ref zeros[0];
                PairEight(ref first, ref second, ref Unsafe.Add(ref weightRef, block * WeightsPerBlock + (fy * PairsPerRow + p) * 8));
            }
        }
    }

    /// <summary>
    /// A bound on |accumulator| of every output channel: |folded[o]| plus at most 128·128 per tap (int8 inputs, the
    /// zero point at the padding, times int8 weights); <see cref="Avx2ChannelRequantization.Fits"/> decides from it.
    /// </summary>
    public static long AccumulatorBound(in ConvGeometry g, ReadOnlySpan<int> folded) =>
        QuantizationMath.LargestMagnitude(folded[..g.OutputChannels]) + 128L * 128 * g.FilterHeight * g.FilterWidth;

    /// <summary>
    /// Widens every row the output of batch <paramref name="batch"/> reads into the ring (which <see cref="HoldsAllRows"/>)
    /// and sets <paramref name="rowStart"/> to where output row 0's filter rows start; output row y's lie
    /// y·<see cref="OutputRowStep"/> entries on.
    /// </summary>
    public void FillImage(in ConvGeometry g, ReadOnlySpan<sbyte> input, int batch, int channel, sbyte zeroPoint,
        Span<int> ring, Span<int> tags, Span<int> rowStart, bool wide)
    {
        Debug.Assert(HoldsAllRows);
        tags.Fill(-1);
        // Last row first, so that rowStart is left at output row 0's.
        for (int oy = g.OutputHeight - 1; oy >= 0; oy--)
            FillRing(g, input, batch, oy, channel, zeroPoint, ring, tags, rowStart, wide);
    }

    /// <summary>Entries between the filter rows of one output row and the next when the ring <see cref="HoldsAllRows"/>.</summary>
    public int OutputRowStep(in ConvGeometry g) => g.StrideHeight * RowStride;

    /// <summary>
    /// Writes, for each output pixel in row-major order, where its entries start relative to output row 0's
    /// (<see cref="PixelOffsetInts"/> of them): the kernels then take four consecutive output pixels at a time across
    /// the ends of rows.
    /// </summary>
    public void WritePixelOffsets(in ConvGeometry g, Span<int> offsets)
    {
        if (!HoldsAllRows) return;
        offsets = offsets[..PixelOffsetInts];
        int rowStep = OutputRowStep(g), i = 0;
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
            offsets[i++] = oy * rowStep + ox * PixelStep;
    }

    /// <summary>
    /// Readies the ring for output row <paramref name="outputRow"/>: builds the padded input rows it reads that the ring
    /// lacks (<paramref name="tags"/> names the row each slot holds, -1 for none) and sets <paramref name="rowStart"/> to
    /// where each filter row's entries start in <paramref name="ring"/>.
    /// </summary>
    public void FillRing(in ConvGeometry g, ReadOnlySpan<sbyte> input, int batch, int outputRow, int channel, sbyte zeroPoint,
        Span<int> ring, Span<int> tags, Span<int> rowStart, bool wide)
    {
        // One division per call (the ring's slot of filter row 0), then steps of the dilation, wrapped by a subtraction:
        // a division per filter row cost a tenth of a large layer's row.
        int firstRow = outputRow * g.StrideHeight, firstSlot = firstRow % RingRows;
        for (int fy = 0; fy < g.FilterHeight; fy++)
        {
            int paddedRow = firstRow + fy * g.DilationHeight, slot = firstSlot + fy * g.DilationHeight;
            if (slot >= RingRows) slot -= RingRows;
            if (tags[slot] != paddedRow)
            {
                BuildRow(g, input, batch, paddedRow, channel, zeroPoint, ring.Slice(slot * RowStride, RowStride), wide);
                tags[slot] = paddedRow;
            }
            rowStart[fy] = slot * RowStride;
        }
    }

    /// <summary>
    /// Writes padded row <paramref name="paddedRow"/> (image row paddedRow - PadHeight) of batch <paramref name="batch"/>
    /// for the unit whose first channel is <paramref name="channel"/> into <paramref name="row"/>; outside the image,
    /// the inputs are the zero point. Stored column j holds padded column j·<see cref="ColumnStep"/>. <paramref name="wide"/>
    /// lets the widening use AVX2 (the AVX2 path's rows).
    /// </summary>
    public void BuildRow(in ConvGeometry g, ReadOnlySpan<sbyte> input, int batch, int paddedRow, int channel, sbyte zeroPoint, Span<int> row, bool wide)
    {
        int iy = paddedRow - g.PadHeight, c = g.InputChannels, dW = g.DilationWidth, step = ColumnStep;
        bool rowInside = iy >= 0 && iy < g.InputHeight;
        if (!rowInside)
        {
            row[..(Columns * Lanes)].Fill(Entry(zeroPoint, zeroPoint));
            return;
        }
        int rowBase = (batch * g.InputHeight + iy) * g.InputWidth;
        if (Lanes == c && Lanes >= 8 && step == 1 && PaddedRowBytes <= MaxPaddedRowBytes)
        {
            BuildFromPaddedRow(g, input.Slice(rowBase * c, g.InputWidth * c), zeroPoint, row, wide);
            return;
        }
        int interiorStart = InteriorStart, interiorEnd = InteriorEnd;
        ref int destination = ref MemoryMarshal.GetReference(row);
        int j = 0;
        for (; j < interiorStart; j++) Edge(g, input, rowBase, j, channel, zeroPoint, row);
        if (interiorEnd > interiorStart)
        {
            // Both inputs of every interior column: bytes from the first one's on.
            int first = (rowBase + interiorStart * step - g.PadWidth) * c + channel;
            int last = (rowBase + (interiorEnd - 1) * step - g.PadWidth + dW) * c + channel + (Lanes == 1 ? 1 : Lanes);
            ref sbyte source = ref MemoryMarshal.GetReference(input[first..last]);
            if (Lanes != 1 && Lanes == c && step == 1)
            {
                // All channels, every column: the entries are the flat byte run paired with itself dW·C bytes on.
                PairRun(ref source, dW * c, ref Unsafe.Add(ref destination, interiorStart * c), (interiorEnd - interiorStart) * c, wide);
                j = interiorEnd;
            }
            else if (Lanes != 1)
            {
                PairColumns(ref source, step * c, dW * c, ref Unsafe.Add(ref destination, j * Lanes), interiorEnd - j, Lanes, wide);
                j = interiorEnd;
            }
            else if (c == 1 && interiorEnd - interiorStart >= 8 && (step == 1 || (step == 2 && dW == 1)))
            {
                // One channel: at stride 2 a column's two inputs are two consecutive bytes; at stride 1 eight
                // neighbouring columns are eight consecutive bytes, paired with themselves dW on.
                if (step == 2)
                    PairStrideTwo(ref source, ref Unsafe.Add(ref destination, j), interiorEnd - j);
                else
                    PairRun(ref source, dW, ref Unsafe.Add(ref destination, j), interiorEnd - j, wide);
                j = interiorEnd;
            }
        }
        for (; j < Columns; j++) Edge(g, input, rowBase, j, channel, zeroPoint, row);
    }

    // A row of all channels (Lanes = C ≥ 8) at a column step of 1 from a copy of its bytes with the zero points of the
    // padding around them: then every stored column, at the edges too, is one run of pairs, with no column taken one
    // at a time (the edge columns had cost a tenth of a small layer). At a step of 2 the copy, twice the stored
    // columns, cost more than the one edge column it saves (person_detect's stride-2 layers ran 5 to 10 % slower).
    // Not zeroed: the copy writes every byte the pairs read.
    [SkipLocalsInit]
    private void BuildFromPaddedRow(in ConvGeometry g, ReadOnlySpan<sbyte> imageRow, sbyte zeroPoint, Span<int> row, bool wide)
    {
        int c = g.InputChannels, left = Math.Min(g.PadWidth * c, PaddedRowBytes);
        Span<sbyte> padded = stackalloc sbyte[MaxPaddedRowBytes];
        padded = padded[..PaddedRowBytes];
        padded[..left].Fill(zeroPoint);
        // The image's columns the pairs read (VALID padding and the stride may leave the last ones unread).
        int inside = Math.Min(imageRow.Length, PaddedRowBytes - left);
        imageRow[..inside].CopyTo(padded[left..]);
        padded[(left + inside)..].Fill(zeroPoint);
        ref sbyte source = ref MemoryMarshal.GetReference(padded);
        PairRun(ref source, g.DilationWidth * c, ref MemoryMarshal.GetReference(row[..(Columns * Lanes)]), Columns * c, wide);
    }

    // Entries of n (at least 8) byte pairs (source[e], source[e + pairOffset]) into entries[e], the last eight ending
    // at the last pair: the rows of every column at stride 1, all channels or one. Apart from BuildRow (as the other
    // row builders below), whose many locals would otherwise crowd this loop's registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PairRun(ref sbyte source, nint pairOffset, ref int entries, nint n, bool wide)
    {
        ref sbyte high = ref Unsafe.Add(ref source, pairOffset);
        nint e = 0;
        for (; e + 16 <= n; e += 16)
            PairSixteen(ref Unsafe.Add(ref source, e), ref Unsafe.Add(ref high, e), ref Unsafe.Add(ref entries, e), wide);
        for (; e < n; e += 8)
        {
            nint at = Math.Min(e, n - 8);
            PairEight(ref Unsafe.Add(ref source, at), ref Unsafe.Add(ref high, at), ref Unsafe.Add(ref entries, at));
        }
    }

    // Entries of `columns` stored columns of `lanes` channels each (at least 8): column j's pairs are the lanes bytes
    // at source + j·columnBytes and pairOffset bytes on, sixteen (or eight) lanes at a time, the last chunk ending at
    // the last lane.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PairColumns(ref sbyte source, nint columnBytes, nint pairOffset, ref int entries, int columns, int lanes, bool wide)
    {
        int chunk = lanes >= 16 ? 16 : 8;
        for (int j = 0; j < columns; j++)
        {
            ref sbyte low = ref Unsafe.Add(ref source, j * columnBytes);
            ref sbyte high = ref Unsafe.Add(ref low, pairOffset);
            ref int column = ref Unsafe.Add(ref entries, (nint)j * lanes);
            for (int k = 0; k < lanes; k += chunk)
            {
                int lane = Math.Min(k, lanes - chunk);
                if (chunk == 16)
                    PairSixteen(ref Unsafe.Add(ref low, lane), ref Unsafe.Add(ref high, lane), ref Unsafe.Add(ref column, lane), wide);
                else
                    PairEight(ref Unsafe.Add(ref low, lane), ref Unsafe.Add(ref high, lane), ref Unsafe.Add(ref column, lane));
            }
        }
    }

    // Entries of n (at least 8) one-channel columns at stride 2: column e's pair is the two bytes at source + 2e,
    // sixteen bytes eight columns, the last eight ending at the last column.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PairStrideTwo(ref sbyte source, ref int entries, int n)
    {
        for (int e = 0; e < n; e += 8)
        {
            int at = Math.Min(e, n - 8);
            Vector128<sbyte> bytes = Vector128.LoadUnsafe(ref source, (nuint)(2 * at));
            Vector128.WidenLower(bytes).AsInt32().StoreUnsafe(ref entries, (nuint)at);
            Vector128.WidenUpper(bytes).AsInt32().StoreUnsafe(ref entries, (nuint)(at + 4));
        }
    }

    // One stored column's entries of a row inside the image (BuildRow fills the others whole), the zero point left and
    // right of the image: the unit's eight lanes, or the one lane's two inputs.
    private void Edge(in ConvGeometry g, ReadOnlySpan<sbyte> input, int rowBase, int j, int channel, sbyte zeroPoint, Span<int> row)
    {
        int c = g.InputChannels, xa = j * ColumnStep - g.PadWidth, xb = xa + g.DilationWidth;
        if (Lanes != 1)
        {
            bool insideA = xa >= 0 && xa < g.InputWidth, insideB = xb >= 0 && xb < g.InputWidth;
            if (!insideA && !insideB)
            {
                row.Slice(j * Lanes, Lanes).Fill(Entry(zeroPoint, zeroPoint));
                return;
            }
            // A side outside the image reads the zero points of pad for every chunk (a step of 0).
            Vector128<sbyte> pad = Vector128.Create(zeroPoint);
            ref sbyte zeros = ref Unsafe.As<Vector128<sbyte>, sbyte>(ref pad);
            ref sbyte a = ref insideA ? ref MemoryMarshal.GetReference(input.Slice((rowBase + xa) * c + channel, Lanes)) : ref zeros;
            ref sbyte b = ref insideB ? ref MemoryMarshal.GetReference(input.Slice((rowBase + xb) * c + channel, Lanes)) : ref zeros;
            int stepA = insideA ? 1 : 0, stepB = insideB ? 1 : 0;
            ref int entries = ref MemoryMarshal.GetReference(row.Slice(j * Lanes, Lanes));
            for (int k = 0; k < Lanes; k += 8)
            {
                int lane = Math.Min(k, Lanes - 8);
                PairEight(ref Unsafe.Add(ref a, lane * stepA), ref Unsafe.Add(ref b, lane * stepB), ref Unsafe.Add(ref entries, lane));
            }
            return;
        }
        int low = xa >= 0 && xa < g.InputWidth ? input[(rowBase + xa) * c + channel] : zeroPoint;
        int high = xb >= 0 && xb < g.InputWidth ? input[(rowBase + xb) * c + channel] : zeroPoint;
        row[j] = Entry(low, high);
    }

    /// <summary>One entry: <paramref name="low"/> in the low int16, <paramref name="high"/> in the high one.</summary>
    public static int Entry(int low, int high) => (ushort)(short)low | (high << 16);

    /// <summary>Eight entries from eight int8 pairs (<paramref name="low"/>[i], <paramref name="high"/>[i]).</summary>
    public static void PairEight(ReadOnlySpan<sbyte> low, ReadOnlySpan<sbyte> high, Span<int> destination) =>
        PairEight(ref MemoryMarshal.GetReference(low[..8]), ref MemoryMarshal.GetReference(high[..8]), ref MemoryMarshal.GetReference(destination[..8]));

    // Eight entries from the eight bytes at low and at high (callers keep both and the eight ints in range).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairEight(ref sbyte low, ref sbyte high, ref int destination)
    {
        Vector128<sbyte> a = Load8(ref low), b = Load8(ref high);
        if (Sse2.IsSupported)
        {
            // Interleaved bytes sign-extended to int16: the low and high halves of each entry in place.
            Vector128<sbyte> bytes = Sse2.UnpackLow(a, b);
            Vector128.WidenLower(bytes).AsInt32().StoreUnsafe(ref destination);
            Vector128.WidenUpper(bytes).AsInt32().StoreUnsafe(ref destination, 4);
            return;
        }
        PairEightPortable(a, b, ref destination);
    }

    // Sixteen entries from the sixteen bytes at low and at high: with AVX2 one sign extension per eight entries.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairSixteen(ref sbyte low, ref sbyte high, ref int destination, bool wide)
    {
        if (wide && Avx2.IsSupported)
        {
            Vector128<sbyte> a = Vector128.LoadUnsafe(ref low), b = Vector128.LoadUnsafe(ref high);
            Avx2.ConvertToVector256Int16(Sse2.UnpackLow(a, b)).AsInt32().StoreUnsafe(ref destination);
            Avx2.ConvertToVector256Int16(Sse2.UnpackHigh(a, b)).AsInt32().StoreUnsafe(ref destination, 8);
            return;
        }
        PairEight(ref low, ref high, ref destination);
        PairEight(ref Unsafe.Add(ref low, 8), ref Unsafe.Add(ref high, 8), ref Unsafe.Add(ref destination, 8));
    }

    // The same eight entries from portable operations (NEON and other targets without SSE2's unpack).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void PairEightPortable(Vector128<sbyte> a, Vector128<sbyte> b, ref int destination)
    {
        Vector128<short> a16 = Vector128.WidenLower(a), b16 = Vector128.WidenLower(b);
        Vector128<int> mask = Vector128.Create(0xFFFF);
        (Vector128<int> a0, Vector128<int> a1) = Vector128.Widen(a16);
        (Vector128<int> b0, Vector128<int> b1) = Vector128.Widen(b16);
        ((a0 & mask) | (b0 << 16)).StoreUnsafe(ref destination);
        ((a1 & mask) | (b1 << 16)).StoreUnsafe(ref destination, 4);
    }

    // Eight int8s into the low half of a vector, reading exactly eight bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Load8(ref sbyte bytes) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref bytes))).AsSByte();
}
