// CONV_2D's narrow path on AVX2 for windows over ONE input channel at width stride 1 (an image model's first 3x3
// layer, 28x28x1 -> 26x26x8): output pixels in the vector lanes instead of channels. A 9-byte window staged per pixel
// and broadcast to eight channel lanes left the staging, the broadcasts and the per-pixel stores the larger cost; here
// each window pair (taps k, k + 1 of the packed filter) becomes one "pair plane" per output row, eight consecutive
// pixels' (xu_k, xu_k+1) as int16 pairs, built by interleaving two shifted input rows (no per-pixel staging), and
// vpmaddwd multiplies it by one channel's broadcast weight pair, sixteen pixels by four channels in registers. The
// results are requantized with per-channel broadcast constants (PixelLaneRequantization) and transposed to NHWC by
// packs, a byte shuffle and two unpacks. The int32 sums (doubled) are the dot-product path's, so are the bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Narrow CONV_2D over one input channel on AVX2, pixels in lanes; filter packed as <see cref="Conv2DInt8Narrow"/>'s (AVX2 layout).</summary>
internal static class Conv2DInt8NarrowRowsAvx2
{
    // Most output pixels per tile: whole output rows while they fit (blocks of eight pixels then run across rows), else
    // part of one row. The buffers are kept small: the JIT zeroes a stackalloc of variable size 16 bytes at a time.
    private const int TilePixels = 128;

    // Output channels per chunk: their broadcast weights and constants are laid out once per chunk.
    private const int ChunkChannels = 64;

    private const int ConstantInts = PixelLaneRequantization.ConstantInts, Bias = PixelLaneRequantization.Bias;

    /// <summary>
    /// True when this kernel takes <paramref name="g"/> (already on the AVX2 narrow path): one input channel, width
    /// stride and dilation 1, a padded input row that fits the row copies.
    /// </summary>
    public static bool Applies(in ConvGeometry g) =>
        Avx2.IsSupported && g.InputChannels == 1 && g.StrideWidth == 1 && g.DilationWidth == 1 && g.PadWidth >= 0
        && g.PadWidth + g.InputWidth <= NarrowRowSources.RowBufferBytes(g);

    /// <summary>
    /// Runs the whole operator (lengths checked by <see cref="Conv2DInt8.Run"/>). False, with nothing written, when a
    /// channel's rounding constant would not fold into int32 (<see cref="Avx2ChannelRequantization.Fits"/>): the caller
    /// then takes the channel-lane form.
    /// </summary>
    public static bool TryRun(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output)
    {
        int k = Conv2DInt8.RowBytes(g), steps = (k + 1) / 2;
        // The accumulators are doubled (weights and bias times 2) so that each 64-bit product's high half is SRDHM's
        // result, and their bound doubles with them.
        long bound = 2 * Conv2DInt8Narrow.AccumulatorBound(foldedBias, k);
        // One chunk checks its channels as it lays them out, before anything is written; more check all first.
        if (g.OutputChannels > ChunkChannels)
            for (int o = 0; o < g.OutputChannels; o++)
            {
                int i = q.IsPerChannel ? o : 0, shift = q.Shifts[i];
                if (!Avx2ChannelRequantization.Fits(q.Multipliers[i], Math.Max(shift, 0), Math.Max(-shift, 0), q.OutputOffset, bound)) return false;
            }
        int rowBytes = NarrowRowSources.RowBufferBytes(g), chunk = Math.Min(ChunkChannels, g.OutputChannels);
        Span<byte> rows = stackalloc byte[g.FilterHeight * rowBytes];
        // Whole rows per tile (as many as make whole blocks of eight pixels, if any do), or one row cut into tiles.
        int ow = g.OutputWidth, tileRows = Math.Max(1, TilePixels / ow), tileWidth = Math.Min(ow, TilePixels);
        for (int r = tileRows; r > 1; r--)
            if (r * ow % 8 == 0 && r > tileRows / 2)
            {
                tileRows = r;
                break;
            }
        // Ints per pair plane: a tile and the 16-pixel overhang of its last row's groups.
        int planeInts = tileRows * tileWidth + 16;
        Span<int> planes = stackalloc int[steps * planeInts];
        Span<int> weights = stackalloc int[chunk * steps];
        // Per step, its two taps' offsets from the rows' base (the second clamped to the last tap past K), read in
        // place, then from copies.
        Span<int> taps = stackalloc int[4 * steps];
        for (int s = 0; s < steps; s++)
        {
            (int fya, int fxa) = Math.DivRem(2 * s, g.FilterWidth);
            (int fyb, int fxb) = Math.DivRem(Math.Min(2 * s + 1, k - 1), g.FilterWidth);
            taps[4 * s] = NarrowRowSources.TapOffset(g, fya, fxa, inPlace: true);
            taps[4 * s + 1] = NarrowRowSources.TapOffset(g, fyb, fxb, inPlace: true);
            taps[4 * s + 2] = NarrowRowSources.TapOffset(g, fya, fxa, inPlace: false);
            taps[4 * s + 3] = NarrowRowSources.TapOffset(g, fyb, fxb, inPlace: false);
        }
        Span<int> constants = stackalloc int[chunk * ConstantInts];
        Span<sbyte> tail = stackalloc sbyte[8 * chunk];
        for (int first = 0; first < g.OutputChannels; first += ChunkChannels)
        {
            int channels = Math.Min(ChunkChannels, g.OutputChannels - first);
            LayOutWeights(packedFilter, steps, first, channels, weights);
            if (!PixelLaneRequantization.LayOutConstants(q, foldedBias, first, channels, bound, constants, out bool anyLeft)) return false;
            var rowSources = new NarrowRowSources(g, q.InputOffset, input, rows);
            for (int b = 0; b < g.Batches; b++)
            for (int oy = 0; oy < g.OutputHeight; oy += tileRows)
            {
                int tileHeight = Math.Min(tileRows, g.OutputHeight - oy);
                ref sbyte outRow = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), (b * g.OutputHeight + oy) * ow * g.OutputChannels + first);
                for (int x0 = 0; x0 < ow; x0 += tileWidth)
                {
                    int width = Math.Min(tileWidth, ow - x0);
                    for (int r = 0; r < tileHeight; r++)
                    {
                        rowSources.Prepare(b, oy + r);
                        BuildPlanes(ref rowSources.Base, taps, rowSources.InPlace, planes, planeInts, x0, width, r * width);
                    }
                    ref int planesRef = ref MemoryMarshal.GetReference(planes), weightsRef = ref MemoryMarshal.GetReference(weights);
                    ref int constantsRef = ref MemoryMarshal.GetReference(constants);
                    ref sbyte tileOutput = ref Unsafe.Add(ref outRow, x0 * g.OutputChannels);
                    if (anyLeft)
                        RunTile<LeftShifts>(g, ref planesRef, planeInts, steps, tileHeight * width, ref weightsRef, ref constantsRef, channels, q, ref tileOutput, tail);
                    else
                        RunTile<NoLeftShift>(g, ref planesRef, planeInts, steps, tileHeight * width, ref weightsRef, ref constantsRef, channels, q, ref tileOutput, tail);
                }
            }
        }
        return true;
    }

    // For each block of eight channels and each step, the eight channels' int16 pairs (2·w(c, 2s), 2·w(c, 2s + 1)):
    // weights[(block·steps + s)·8 + c].
    private static void LayOutWeights(ReadOnlySpan<sbyte> packed, int steps, int first, int channels, Span<int> weights)
    {
        // A packed step of eight channels, sign-extended to int16, is their eight pairs; doubled, they stay int16.
        ref int target = ref MemoryMarshal.GetReference(weights);
        ref sbyte source = ref Unsafe.Add(ref MemoryMarshal.GetReference(packed), first / 8 * steps * 16);
        for (int i = 0; i < channels / 8 * steps; i++)
        {
            Vector256<short> pairs = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, (nuint)(16 * i)));
            (pairs + pairs).AsInt32().StoreUnsafe(ref target, (nuint)(8 * i));
        }
    }

    // The pair planes of output pixels [x0, x0 + width) of the current row, from int `at` of each plane: plane s holds,
    // per pixel, xu of taps 2s and 2s + 1 (zero-weight tap past K: any value) as two int16s, for whole groups of 16
    // pixels (the overhang is the next row's start, rewritten by it, or the planes' slack).
    private static void BuildPlanes(ref byte rows, ReadOnlySpan<int> taps, bool inPlace, Span<int> planes, int planeInts, int x0, int width, int at)
    {
        Vector128<byte> flip = Vector128.Create((byte)0x80);
        ref ushort planeRef = ref Unsafe.As<int, ushort>(ref MemoryMarshal.GetReference(planes));
        ref byte first = ref Unsafe.Add(ref rows, x0);
        ref int tap = ref Unsafe.Add(ref MemoryMarshal.GetReference(taps), inPlace ? 0 : 2);
        for (int s = 0; s < taps.Length / 4; s++)
        {
            ref byte a = ref Unsafe.Add(ref first, Unsafe.Add(ref tap, 4 * s));
            ref byte b = ref Unsafe.Add(ref first, Unsafe.Add(ref tap, 4 * s + 1));
            ref ushort plane = ref Unsafe.Add(ref planeRef, 2 * (s * planeInts + at));
            for (int x = 0; x < width; x += 16)
            {
                Vector128<byte> va = Vector128.LoadUnsafe(ref a, (nuint)x), vb = Vector128.LoadUnsafe(ref b, (nuint)x);
                Vector128<byte> lo = Sse2.UnpackLow(va, vb) ^ flip, hi = Sse2.UnpackHigh(va, vb) ^ flip;
                Avx2.ConvertToVector256Int16(lo).AsUInt16().StoreUnsafe(ref plane, (nuint)(2 * x));
                Avx2.ConvertToVector256Int16(hi).AsUInt16().StoreUnsafe(ref plane, (nuint)(2 * x + 16));
            }
        }
    }

    // The tile's `count` output pixels (consecutive in the output), every channel of the chunk: sixteen pixels at a
    // time, the last eight or fewer eight by eight channels.
    private static void RunTile<TShift>(in ConvGeometry g, ref int planes, int planeInts, int steps, int count, ref int weights, ref int constants,
        int channels, in Int8Requantization q, ref sbyte output, Span<sbyte> tail) where TShift : struct
    {
        bool anyLeft = typeof(TShift) == typeof(LeftShifts);
        int outC = g.OutputChannels;
        Vector256<sbyte> min = Vector256.Create((sbyte)q.ActivationMin), max = Vector256.Create((sbyte)q.ActivationMax);
        int x = 0;
        // Sixteen pixels by four channels in registers: each weight broadcast and each channel's constants serve two vectors.
        for (; x + 16 <= count; x += 16)
        {
            ref int pixels = ref Unsafe.Add(ref planes, x);
            ref sbyte destination = ref Unsafe.Add(ref output, x * outC);
            for (int c = 0; c < channels; c += 8)
            {
                ref int w = ref Unsafe.Add(ref weights, c * steps);
                ref int k0 = ref Unsafe.Add(ref constants, c * ConstantInts);
                (Vector256<sbyte> low0, Vector256<sbyte> high0) = FourChannels<TShift>(ref pixels, planeInts, steps, ref w, ref k0);
                (Vector256<sbyte> low1, Vector256<sbyte> high1) = FourChannels<TShift>(ref pixels, planeInts, steps, ref Unsafe.Add(ref w, 4),
                    ref Unsafe.Add(ref k0, 4 * ConstantInts));
                PixelLaneRequantization.StoreTransposed(low0, low1, min, max, ref Unsafe.Add(ref destination, c), outC);
                PixelLaneRequantization.StoreTransposed(high0, high1, min, max, ref Unsafe.Add(ref destination, 8 * outC + c), outC);
            }
        }
        for (; x < count; x += 8)
        {
            ref int pixels = ref Unsafe.Add(ref planes, x);
            bool whole = x + 8 <= count;
            ref sbyte destination = ref whole ? ref Unsafe.Add(ref output, x * outC) : ref MemoryMarshal.GetReference(tail);
            int stride = whole ? outC : channels;
            for (int c = 0; c < channels; c += 8)
            {
                ref int w = ref Unsafe.Add(ref weights, c * steps);
                ref int k0 = ref Unsafe.Add(ref constants, c * ConstantInts + Bias);
                Vector256<int> a0 = Vector256.Create(k0), a1 = Vector256.Create(Unsafe.Add(ref k0, ConstantInts));
                Vector256<int> a2 = Vector256.Create(Unsafe.Add(ref k0, 2 * ConstantInts)), a3 = Vector256.Create(Unsafe.Add(ref k0, 3 * ConstantInts));
                Vector256<int> a4 = Vector256.Create(Unsafe.Add(ref k0, 4 * ConstantInts)), a5 = Vector256.Create(Unsafe.Add(ref k0, 5 * ConstantInts));
                Vector256<int> a6 = Vector256.Create(Unsafe.Add(ref k0, 6 * ConstantInts)), a7 = Vector256.Create(Unsafe.Add(ref k0, 7 * ConstantInts));
                for (int s = 0; s < steps; s++)
                {
                    Vector256<short> p = Vector256.LoadUnsafe(ref pixels, (nuint)(s * planeInts)).AsInt16();
                    ref int ws = ref Unsafe.Add(ref w, s * 8);
                    a0 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(ws).AsInt16());
                    a1 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 1)).AsInt16());
                    a2 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 2)).AsInt16());
                    a3 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 3)).AsInt16());
                    a4 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 4)).AsInt16());
                    a5 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 5)).AsInt16());
                    a6 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 6)).AsInt16());
                    a7 += Avx2.MultiplyAddAdjacent(p, Vector256.Create(Unsafe.Add(ref ws, 7)).AsInt16());
                }
                k0 = ref Unsafe.Subtract(ref k0, Bias);
                Vector256<short> w01 = Avx2.PackSignedSaturate(PixelLaneRequantization.Requantize(a0, ref k0, anyLeft), PixelLaneRequantization.Requantize(a1, ref Unsafe.Add(ref k0, ConstantInts), anyLeft));
                Vector256<short> w23 = Avx2.PackSignedSaturate(PixelLaneRequantization.Requantize(a2, ref Unsafe.Add(ref k0, 2 * ConstantInts), anyLeft),
                    PixelLaneRequantization.Requantize(a3, ref Unsafe.Add(ref k0, 3 * ConstantInts), anyLeft));
                Vector256<short> w45 = Avx2.PackSignedSaturate(PixelLaneRequantization.Requantize(a4, ref Unsafe.Add(ref k0, 4 * ConstantInts), anyLeft),
                    PixelLaneRequantization.Requantize(a5, ref Unsafe.Add(ref k0, 5 * ConstantInts), anyLeft));
                Vector256<short> w67 = Avx2.PackSignedSaturate(PixelLaneRequantization.Requantize(a6, ref Unsafe.Add(ref k0, 6 * ConstantInts), anyLeft),
                    PixelLaneRequantization.Requantize(a7, ref Unsafe.Add(ref k0, 7 * ConstantInts), anyLeft));
                PixelLaneRequantization.StoreTransposed(Avx2.PackSignedSaturate(w01, w23), Avx2.PackSignedSaturate(w45, w67), min, max,
                    ref Unsafe.Add(ref destination, c), stride);
            }
            if (!whole)
                for (int p = 0; p < count - x; p++)
                    tail.Slice(p * channels, channels).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, (x + p) * outC), channels));
        }
    }

    // Channels [0, 4) of `weights` and `constants` (eight-channel step layout) for pixels 0-7 and 8-15 of `pixels`:
    // requantized and packed to bytes, per 128-bit half four pixels of each channel (as StoreTransposed takes them).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<sbyte> Low, Vector256<sbyte> High) FourChannels<TShift>(ref int pixels, int planeInts, int steps,
        ref int weights, ref int constants) where TShift : struct
    {
        bool anyLeft = typeof(TShift) == typeof(LeftShifts);
        Vector256<int> a0 = Vector256.Create(Unsafe.Add(ref constants, Bias)), a1 = Vector256.Create(Unsafe.Add(ref constants, ConstantInts + Bias));
        Vector256<int> a2 = Vector256.Create(Unsafe.Add(ref constants, 2 * ConstantInts + Bias)), a3 = Vector256.Create(Unsafe.Add(ref constants, 3 * ConstantInts + Bias));
        Vector256<int> b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        for (int s = 0; s < steps; s++)
        {
            Vector256<short> p = Vector256.LoadUnsafe(ref pixels, (nuint)(s * planeInts)).AsInt16();
            Vector256<short> q = Vector256.LoadUnsafe(ref pixels, (nuint)(s * planeInts + 8)).AsInt16();
            ref int ws = ref Unsafe.Add(ref weights, s * 8);
            Vector256<short> w0 = Vector256.Create(ws).AsInt16(), w1 = Vector256.Create(Unsafe.Add(ref ws, 1)).AsInt16();
            a0 += Avx2.MultiplyAddAdjacent(p, w0);
            b0 += Avx2.MultiplyAddAdjacent(q, w0);
            a1 += Avx2.MultiplyAddAdjacent(p, w1);
            b1 += Avx2.MultiplyAddAdjacent(q, w1);
            Vector256<short> w2 = Vector256.Create(Unsafe.Add(ref ws, 2)).AsInt16(), w3 = Vector256.Create(Unsafe.Add(ref ws, 3)).AsInt16();
            a2 += Avx2.MultiplyAddAdjacent(p, w2);
            b2 += Avx2.MultiplyAddAdjacent(q, w2);
            a3 += Avx2.MultiplyAddAdjacent(p, w3);
            b3 += Avx2.MultiplyAddAdjacent(q, w3);
        }
        (a0, b0) = PixelLaneRequantization.Requantize2(a0, b0, ref constants, anyLeft);
        (a1, b1) = PixelLaneRequantization.Requantize2(a1, b1, ref Unsafe.Add(ref constants, ConstantInts), anyLeft);
        (a2, b2) = PixelLaneRequantization.Requantize2(a2, b2, ref Unsafe.Add(ref constants, 2 * ConstantInts), anyLeft);
        (a3, b3) = PixelLaneRequantization.Requantize2(a3, b3, ref Unsafe.Add(ref constants, 3 * ConstantInts), anyLeft);
        return (Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(a0, a1), Avx2.PackSignedSaturate(a2, a3)),
            Avx2.PackSignedSaturate(Avx2.PackSignedSaturate(b0, b1), Avx2.PackSignedSaturate(b2, b3)));
    }

    // Type arguments of RunTile: whether some channel's multiplier is above one (a left shift before the multiply).
    private struct LeftShifts;

    private struct NoLeftShift;
}
