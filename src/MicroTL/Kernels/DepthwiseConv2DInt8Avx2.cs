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
            for (int ox = g.OutputWidth; ox > 0; ox--)
            {
                Vector256<int> sum0 = start + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r0, 0), w0)
                    + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r1, 0), w2);
                Vector256<int> sum1 = Avx2.MultiplyAddAdjacent(TLoad.Load(ref r0, pairStep), w1)
                    + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r1, pairStep), w3);
                Vector256<int> sum2 = Avx2.MultiplyAddAdjacent(TLoad.Load(ref r2, 0), w4)
                    + Avx2.MultiplyAddAdjacent(TLoad.Load(ref r2, pairStep), w5);
                requantize.Store(sum0 + sum1 + sum2, ref destination);
                r0 = ref Unsafe.Add(ref r0, step);
                r1 = ref Unsafe.Add(ref r1, step);
                r2 = ref Unsafe.Add(ref r2, step);
                destination = ref Unsafe.Add(ref destination, outC);
            }
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
    private struct Requantize8
    {
        private Vector256<int> _multiplier, _oddMultiplier, _mask, _halfMask, _offset, _min, _max;
        private Vector256<uint> _left, _right;

        public void Set(in Int8Requantization q, int o)
        {
            Vector256<int> shift = q.IsPerChannel ? Vector256.Create(q.Shifts.Slice(o, 8)) : Vector256.Create(q.Shifts[0]);
            _multiplier = q.IsPerChannel ? Vector256.Create(q.Multipliers.Slice(o, 8)) : Vector256.Create(q.Multipliers[0]);
            _oddMultiplier = Avx2.ShiftRightLogical(_multiplier.AsInt64(), 32).AsInt32();
            _left = Vector256.Max(shift, Vector256<int>.Zero).AsUInt32();
            _right = Vector256.Max(-shift, Vector256<int>.Zero).AsUInt32();
            _mask = Avx2.ShiftLeftLogicalVariable(Vector256.Create(1), _right) - Vector256.Create(1);
            _halfMask = Vector256.ShiftRightArithmetic(_mask, 1);
            (_offset, _min, _max) = (Vector256.Create(q.OutputOffset), Vector256.Create(q.ActivationMin), Vector256.Create(q.ActivationMax));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(Vector256<int> accumulators, ref sbyte destination)
        {
            // SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT with per-lane exponents (as MultiplyByQuantizedMultiplier).
            Vector256<int> x = Avx2.ShiftLeftLogicalVariable(accumulators, _left);
            Vector256<long> nudge = Vector256.Create(1L << 30);
            Vector256<long> even = Avx2.Multiply(x, _multiplier) + nudge;
            Vector256<long> odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), _oddMultiplier) + nudge;
            // Bits 31..62 of each product: the even ones shifted down, the odd ones shifted up into the high half.
            Vector256<int> product = Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b10101010);
            Vector256<int> threshold = _halfMask - Vector256.ShiftRightArithmetic(product, 31);
            Vector256<int> value = Avx2.ShiftRightArithmeticVariable(product, _right) - Vector256.GreaterThan(product & _mask, threshold) + _offset;
            value = Vector256.Min(Vector256.Max(value, _min), _max);
            // In-lane packs leave lanes 0-3 in the first quadword and 4-7 in the third; the permute brings them together.
            Vector256<short> packed16 = Avx2.Permute4x64(Avx2.PackSignedSaturate(value, value).AsInt64(), 0b_00_00_10_00).AsInt16();
            Vector128<sbyte> packed8 = Sse2.PackSignedSaturate(packed16.GetLower(), packed16.GetLower());
            Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), packed8.AsInt64().ToScalar());
        }
    }
}
