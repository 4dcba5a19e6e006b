// The AVX2 path of DEPTHWISE_CONV_2D (int8, layouts as DepthwiseConv2DInt8): eight output channels in the int32
// lanes, the taps two at a time in one vpmaddwd over the tap-pair rows of DepthwisePairRows (each input row widened
// once per unit, zero points for the padding), so the loop over a row's pixels is loads, multiply-adds and one
// eight-lane requantization whose per-channel constants stay in registers.
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
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> folded, Span<sbyte> output)
    {
        Debug.Assert(Applies(g, SimdLevel.Avx2));
        var rows = DepthwisePairRows.For(g);
        Span<int> ring = stackalloc int[rows.RingInts];
        Span<int> weights = stackalloc int[rows.WeightInts];
        Span<int> tags = stackalloc int[rows.RingRows];
        Span<int> rowStart = stackalloc int[g.FilterHeight];
        Span<Requantize8> constants = stackalloc Requantize8[rows.BlocksPerUnit];
        Debug.Assert(Unsafe.SizeOf<Requantize8>() <= DepthwisePairRows.ConstantBytesPerBlock);
        sbyte zeroPoint = (sbyte)-q.InputOffset;
        for (int unit = 0; unit < rows.Units; unit++)
        {
            int channel = rows.FirstChannel(g, unit);
            rows.BuildWeights(g, filter, unit, weights);
            for (int block = 0; block < rows.BlocksPerUnit; block++) constants[block].Set(q, rows.FirstOutput(g, unit, block));
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
                            rows.BuildRow(g, input, b, paddedRow, channel, zeroPoint, ring.Slice(slot * rows.RowStride, rows.RowStride), wide: true);
                            tags[slot] = paddedRow;
                        }
                        rowStart[fy] = slot * rows.RowStride;
                    }
                    for (int block = 0; block < rows.BlocksPerUnit; block++)
                    {
                        int o = rows.FirstOutput(g, unit, block);
                        Vector256<int> start = Vector256.Create(folded.Slice(o, 8));
                        ref sbyte destination = ref output[((b * g.OutputHeight + oy) * g.OutputWidth) * g.OutputChannels + o];
                        ReadOnlySpan<int> w = weights.Slice(block * rows.WeightsPerBlock, rows.WeightsPerBlock);
                        // The ring's rows seen from this block's first lane; reads stay in the ring (RowStride's slack).
                        ref int lanes = ref ring[rows.BlockOffset(block)];
                        if (rows.Lanes == 1)
                            Row<Broadcast>(g, rows, ref lanes, rowStart, w, start, constants[block], ref destination);
                        else
                            Row<Consecutive>(g, rows, ref lanes, rowStart, w, start, constants[block], ref destination);
                    }
                }
            }
        }
    }

    // One output row of one block: every pixel's eight channels. 3x3 filters keep their six weight pairs in registers.
    // Not inlined: the caller's loop variables would crowd the registers the pixel loop wants.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Row<TLoad>(in ConvGeometry g, in DepthwisePairRows rows, ref int ringRef, ReadOnlySpan<int> rowStart,
        ReadOnlySpan<int> weights, Vector256<int> start, in Requantize8 requantize, ref sbyte destination)
        where TLoad : struct, IPairLoad
    {
        ref int wRef = ref MemoryMarshal.GetReference(weights);
        int lanes = rows.Lanes, step = rows.PixelStep, pairStep = rows.PairStep, outC = g.OutputChannels;
        int pairs = rows.PairsPerRow;
        if (g.FilterHeight == 3 && pairs == 2)
        {
            Vector256<short> w0 = Load(ref wRef, 0), w1 = Load(ref wRef, 8), w2 = Load(ref wRef, 16);
            Vector256<short> w3 = Load(ref wRef, 24), w4 = Load(ref wRef, 32), w5 = Load(ref wRef, 40);
            ref int r0 = ref Unsafe.Add(ref ringRef, rowStart[0]);
            ref int r1 = ref Unsafe.Add(ref ringRef, rowStart[1]);
            ref int r2 = ref Unsafe.Add(ref ringRef, rowStart[2]);
            int ox = g.OutputWidth;
            for (; ox >= 2; ox -= 2)
            {
                // Two neighbouring pixels: one pack and one clamp for both.
                Vector256<int> first = Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 0, pairStep, w0, w1, w2, w3, w4, w5);
                Vector256<int> second = Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, step, pairStep, w0, w1, w2, w3, w4, w5);
                requantize.StorePair(first, second, ref destination, ref Unsafe.Add(ref destination, outC));
                r0 = ref Unsafe.Add(ref r0, 2 * step);
                r1 = ref Unsafe.Add(ref r1, 2 * step);
                r2 = ref Unsafe.Add(ref r2, 2 * step);
                destination = ref Unsafe.Add(ref destination, 2 * outC);
            }
            if (ox == 1) requantize.Store(Sum3x3<TLoad>(start, ref r0, ref r1, ref r2, 0, pairStep, w0, w1, w2, w3, w4, w5), ref destination);
            return;
        }
        for (int ox = 0, at = 0; ox < g.OutputWidth; ox++, at += step)
        {
            Vector256<int> sum = start;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            {
                ref int r = ref Unsafe.Add(ref ringRef, rowStart[fy] + at);
                for (int p = 0; p < pairs; p++)
                    sum += Avx2.MultiplyAddAdjacent(TLoad.Load(ref r, p * pairStep), Load(ref wRef, (fy * pairs + p) * 8));
            }
            requantize.Store(sum, ref Unsafe.Add(ref destination, ox * outC));
        }
    }

    // The six pairs of a 3x3 window whose first entries lie at offset in the three rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Sum3x3<TLoad>(Vector256<int> start, ref int r0, ref int r1, ref int r2, int offset, int pairStep,
        Vector256<short> w0, Vector256<short> w1, Vector256<short> w2, Vector256<short> w3, Vector256<short> w4, Vector256<short> w5)
        where TLoad : struct, IPairLoad
    {
        Vector256<int> sum0 = start + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r0, offset), w0)
            + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r1, offset), w2);
        Vector256<int> sum1 = Avx2.MultiplyAddAdjacent(TLoad.Load(ref r0, offset + pairStep), w1)
            + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r1, offset + pairStep), w3);
        Vector256<int> sum2 = Avx2.MultiplyAddAdjacent(TLoad.Load(ref r2, offset), w4)
            + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r2, offset + pairStep), w5);
        return sum0 + sum1 + sum2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Load(ref int entries, int index) => Vector256.LoadUnsafe(ref entries, (nuint)index).AsInt16();

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

    // VectorQuantizationMath.RequantizeStore8 for eight fixed channels, its per-channel vectors computed once per row.
    // Mutable so that Set writes the constants in place in the caller's stack array (a constructor's value would be copied).
    // The output offset is added in int16 lanes with saturation and the activation range clamped in int8 lanes, after
    // the saturating packs: a value beyond int16 saturates to ±32767, which the offset (within ±128) and the int8 pack
    // keep beyond int8, so the clamp gives the bytes of the int32 add and clamp.
    private struct Requantize8
    {
        private Vector256<int> _multiplier, _oddMultiplier, _mask, _halfMask;
        private Vector256<uint> _left, _right;
        private Vector256<short> _offset;
        private Vector128<sbyte> _min, _max;

        public void Set(in Int8Requantization q, int o)
        {
            Vector256<int> shift = q.IsPerChannel ? Vector256.Create(q.Shifts.Slice(o, 8)) : Vector256.Create(q.Shifts[0]);
            _multiplier = q.IsPerChannel ? Vector256.Create(q.Multipliers.Slice(o, 8)) : Vector256.Create(q.Multipliers[0]);
            _oddMultiplier = Avx2.ShiftRightLogical(_multiplier.AsInt64(), 32).AsInt32();
            _left = Vector256.Max(shift, Vector256<int>.Zero).AsUInt32();
            _right = Vector256.Max(-shift, Vector256<int>.Zero).AsUInt32();
            _mask = Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), _right) - Vector256.Create(1);
            _halfMask = Vector256.ShiftRightArithmetic(_mask, 1);
            _offset = Vector256.Create((short)q.OutputOffset);
            (_min, _max) = (Vector128.Create((sbyte)q.ActivationMin), Vector128.Create((sbyte)q.ActivationMax));
        }

        // SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT with per-lane exponents (as MultiplyByQuantizedMultiplier).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector256<int> Scale(Vector256<int> accumulators)
        {
            Vector256<int> x = Avx2.ShiftLeftLogicalVariable(accumulators, _left);
            Vector256<long> nudge = Vector256.Create(1L << 30);
            Vector256<long> even = Avx2.Multiply(x, _multiplier) + nudge;
            Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), _oddMultiplier) + nudge;
            // Bits 31..62 of each product: the even ones shifted down, the odd ones shifted up into the high half.
            Vector256<int> product = Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b10101010);
            Vector256<int> threshold = _halfMask - Vector256.ShiftRightArithmetic(product, 31);
            return Avx2.ShiftRightArithmeticVariable(product, _right) - Vector256.GreaterThan(product & _mask, threshold);
        }

        // Int16 lanes (saturated, offset) to int8 (saturated, clamped): 16 bytes from the two halves.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector128<sbyte> Narrow(Vector256<short> packed16)
        {
            packed16 = Avx2.AddSaturate(packed16, _offset);
            Vector128<sbyte> bytes = Sse2.PackSignedSaturate(packed16.GetLower(), packed16.GetUpper());
            return Sse41.Min(Sse41.Max(bytes, _min), _max);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(Vector256<int> accumulators, ref sbyte destination)
        {
            Vector256<int> value = Scale(accumulators);
            // In-lane packs leave lanes 0-3 in the first quadword and 4-7 in the third; the permute brings them together.
            Vector256<short> packed16 = Avx2.Permute4x64(Avx2.PackSignedSaturate(value, value).AsInt64(), 0b_00_00_10_00).AsInt16();
            Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), Narrow(packed16).AsInt64().ToScalar());
        }

        // Two pixels' eight channels at once: one pack, one offset, one clamp.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void StorePair(Vector256<int> first, Vector256<int> second, ref sbyte firstDestination, ref sbyte secondDestination)
        {
            // [a0-3 b0-3 | a4-7 b4-7] in int16, permuted to [a0-3 a4-7 | b0-3 b4-7].
            Vector256<short> packed16 = Avx2.Permute4x64(Avx2.PackSignedSaturate(Scale(first), Scale(second)).AsInt64(), 0b_11_01_10_00).AsInt16();
            Vector128<long> bytes = Narrow(packed16).AsInt64();
            Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref firstDestination), bytes.ToScalar());
            Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref secondDestination), bytes.GetElement(1));
        }
    }
}
