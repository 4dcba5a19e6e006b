// The narrow path of CONV_2D's int8 fast path: convolutions whose window row is short (K = Fh·Fw·Ci of a few dozen
// bytes: the early 1x1 and 3x3 convolutions over few channels and many pixels). Output channels go in vector lanes and
// the window is walked two bytes at a time, as an outer product, instead of K-byte dot products per channel whose
// horizontal sums would cost more than their multiplies. Four pixels share each weight load.
// Each window byte is biased (xu = x + 128 in [0, 255]). On AVX2 (Conv2DInt8NarrowAvx2) xu·w lies in [-32640, 32385]
// and vpmaddwd sums pairs of them exactly. The portable path (here) has no such instruction: its weights are biased
// too (wu = w + 128 in [0, 255]), so each product xu·wu is an exact uint16 and a pair of them, one in each half of a
// 32-bit lane, sums as lane - 65535·(lane >> 16); Σ xu·w = Σ xu·wu - 128·Σ xu. Every level gives the dot-product
// path's int32, so its bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Narrow-row int8 convolution (see <see cref="Conv2DInt8.UsesNarrowPath"/>): output channels in lanes.</summary>
/// <remarks>
/// Packed filter: for each block of eight output channels, K/2 (rounded up) steps of 16 bytes,
/// <c>[w(o0,k) w(o0,k+1) w(o1,k) w(o1,k+1) … w(o7,k+1)]</c>, zero past K; on the portable path each weight before K
/// is stored as <c>w + 128</c> (the bit pattern <c>w ^ 0x80</c>).
/// </remarks>
internal static class Conv2DInt8Narrow
{
    private const int Pixels = 4;

    /// <summary>
    /// The longest window row (bytes) the narrow path takes at <paramref name="simd"/> (already clamped to the CPU):
    /// beyond it the dot products win. With AVX-VNNI they do past 32 bytes (<c>vpdpbusd</c>: 32 multiply-adds an
    /// instruction); on AVX2 and Vector128 the narrow GEMM stays ahead up to 256 (person_detect's pointwise
    /// convolutions, K = 64 to 256, at AVX2: 20.0 -> 10.0 µs each).
    /// </summary>
    public static int MaxRowBytes(SimdLevel simd) => simd >= SimdLevel.AvxVnni ? 32 : 256;

    // Int32 slots (pairs of window bytes) per pixel on the stack: windows of up to 256 bytes and the stager's overhang.
    private const int WindowInts = (256 + 16) / 2;

    /// <summary>True when <see cref="Run"/> takes the AVX2 form at <paramref name="simd"/> (and the signed weight layout).</summary>
    public static bool UsesAvx2(SimdLevel simd) => Avx2.IsSupported && SimdSupport.Clamp(simd) >= SimdLevel.Avx2;

    /// <summary>Writes the interleaved layout above for <paramref name="simd"/> into <paramref name="packed"/> (already cleared).</summary>
    public static void PackFilter(in ConvGeometry g, ReadOnlySpan<sbyte> filter, Span<sbyte> packed, SimdLevel simd)
    {
        int k = Conv2DInt8.RowBytes(g), steps = (k + 1) / 2;
        sbyte bias = UsesAvx2(simd) ? (sbyte)0 : sbyte.MinValue;
        for (int o = 0; o < g.OutputChannels; o++)
        {
            int block = o / 8, lane = o % 8;
            for (int i = 0; i < k; i++)
                packed[(block * steps + i / 2) * 16 + 2 * lane + (i & 1)] = (sbyte)(filter[o * k + i] ^ bias);
        }
    }

    /// <summary>Runs the whole operator; the arguments as <see cref="Conv2DInt8.Run"/>'s, the filter packed as above.</summary>
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output, Span<byte> scratch, SimdLevel simd)
    {
        if (UsesAvx2(simd))
        {
            // One input channel: pixels in lanes (unless a rounding constant would leave int32).
            if (Conv2DInt8NarrowRowsAvx2.Applies(g) && Conv2DInt8NarrowRowsAvx2.TryRun(g, q, input, packedFilter, foldedBias, output)) return;
            Conv2DInt8NarrowAvx2.Run(g, q, input, packedFilter, foldedBias, output, scratch);
            return;
        }
        for (int first = 0; first < g.OutputChannels; first += Avx2ChannelRequantization.MaxChannels)
            RunChannels(g, q, input, packedFilter, foldedBias, output, scratch, first,
                Math.Min(Avx2ChannelRequantization.MaxChannels, g.OutputChannels - first));
    }

    /// <summary>
    /// A bound on |accumulator| of every output of <paramref name="foldedBias"/>'s channels: |folded bias| + Σ |xu·w| over
    /// a window of <paramref name="rowBytes"/>, with xu ≤ 255 (the input plus its offset) and |w| ≤ 128.
    /// </summary>
    internal static long AccumulatorBound(ReadOnlySpan<int> foldedBias, int rowBytes) =>
        QuantizationMath.LargestMagnitude(foldedBias) + 255L * 128 * rowBytes;

    // The portable path for output channels [firstChannel, firstChannel + channels) of every pixel.
    private static void RunChannels(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output, Span<byte> scratch, int firstChannel, int channels)
    {
        int k = Conv2DInt8.RowBytes(g), steps = (k + 1) / 2, outC = g.OutputChannels;
        foldedBias = foldedBias.Slice(firstChannel, channels);
        long bound = AccumulatorBound(foldedBias, k);
        Span<long> constants = stackalloc long[channels / 8 * PortableChannelRequantization.BlockLongs];
        // Block by block (in vector operations where AVX2 has the per-lane shifts): the constructor's scalar loop is the
        // reference. With a rounding constant that could leave int32, the scalar requantization.
        (bool vectorRequantize, bool anyLeftShift) = PortableChannelRequantization.LayOutBlocks(q, firstChannel, channels, bound, constants);
        ref long constantsRef = ref MemoryMarshal.GetReference(constants);
        Vector128<int> min = Vector128.Create(q.ActivationMin), max = Vector128.Create(q.ActivationMax);
        // Four pixels' windows as int16 pairs (MaxRowBytes rounded up to 16 at most), on the stack: 2 KiB and a bit.
        Span<int> windows = stackalloc int[Pixels * WindowInts];
        Span<int> staged = stackalloc int[8];
        // The window sums need exactly K of the staged values: a mask for the last eight.
        Vector128<ushort> tailMask = Vector128.LessThan(Vector128.Create((ushort)0, 1, 2, 3, 4, 5, 6, 7),
            Vector128.Create((ushort)(k - (k - 1) / 8 * 8)));
        var stager = new NarrowWindowStager(g, q.InputOffset, input, scratch, avx2: false);
        ref sbyte wRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(packedFilter), firstChannel / 8 * steps * 16);
        ref int biasRef = ref MemoryMarshal.GetReference(foldedBias);
        ref sbyte outRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), firstChannel);
        ref int x0 = ref MemoryMarshal.GetReference(windows);
        // One base for the four windows (constant offsets in the loads keep the registers for the accumulators).
        const int X1 = WindowInts, X2 = 2 * WindowInts, X3 = 3 * WindowInts;
        int pixelsTotal = g.Batches * g.OutputHeight * g.OutputWidth;
        for (int first = 0; first < pixelsTotal; first += Pixels)
        {
            int count = Math.Min(Pixels, pixelsTotal - first);
            // A missing pixel keeps the previous group's window (or none yet); its results are not stored.
            stager.StageGroup(ref Unsafe.As<int, short>(ref x0), 2 * WindowInts, first, count, Pixels);
            // -128·Σ xu per pixel: the weights' bias taken back out.
            Vector128<int> c0 = Vector128.Create(-128 * WindowSum(ref x0, k, tailMask));
            Vector128<int> c1 = Vector128.Create(-128 * WindowSum(ref Unsafe.Add(ref x0, X1), k, tailMask));
            Vector128<int> c2 = Vector128.Create(-128 * WindowSum(ref Unsafe.Add(ref x0, X2), k, tailMask));
            Vector128<int> c3 = Vector128.Create(-128 * WindowSum(ref Unsafe.Add(ref x0, X3), k, tailMask));
            for (int o = 0; o < channels; o += 8)
            {
                ref byte w = ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref wRef, o / 8 * steps * 16));
                // Per pixel and half block: the lanes' raw sums and the sums of their high halves.
                Vector128<int> al0 = default, ah0 = default, tl0 = default, th0 = default;
                Vector128<int> al1 = default, ah1 = default, tl1 = default, th1 = default;
                Vector128<int> al2 = default, ah2 = default, tl2 = default, th2 = default;
                Vector128<int> al3 = default, ah3 = default, tl3 = default, th3 = default;
                for (int s = 0; s < steps; s++)
                {
                    (Vector128<ushort> wl, Vector128<ushort> wh) = Vector128.Widen(Vector128.LoadUnsafe(ref w, (nuint)(s * 16)));
                    MultiplyAddPairs(Unsafe.Add(ref x0, s), wl, wh, ref al0, ref ah0, ref tl0, ref th0);
                    MultiplyAddPairs(Unsafe.Add(ref x0, s + X1), wl, wh, ref al1, ref ah1, ref tl1, ref th1);
                    MultiplyAddPairs(Unsafe.Add(ref x0, s + X2), wl, wh, ref al2, ref ah2, ref tl2, ref th2);
                    MultiplyAddPairs(Unsafe.Add(ref x0, s + X3), wl, wh, ref al3, ref ah3, ref tl3, ref th3);
                }
                Vector128<int> fl = Vector128.LoadUnsafe(ref biasRef, (nuint)o), fh = Vector128.LoadUnsafe(ref biasRef, (nuint)(o + 4));
                ref sbyte out0 = ref Unsafe.Add(ref outRef, first * outC + o);
                ref long block = ref Unsafe.Add(ref constantsRef, o / 8 * PortableChannelRequantization.BlockLongs);
                for (int p = 0; p < count; p++)
                {
                    (Vector128<int> lo, Vector128<int> hi, Vector128<int> correction) = p switch
                    {
                        0 => (Sum(al0, tl0), Sum(ah0, th0), c0),
                        1 => (Sum(al1, tl1), Sum(ah1, th1), c1),
                        2 => (Sum(al2, tl2), Sum(ah2, th2), c2),
                        _ => (Sum(al3, tl3), Sum(ah3, th3), c3),
                    };
                    lo += fl + correction;
                    hi += fh + correction;
                    ref sbyte destination = ref Unsafe.Add(ref out0, p * outC);
                    if (vectorRequantize)
                        PortableChannelRequantization.Store8(lo, hi, ref block, anyLeftShift, min, max, ref destination);
                    else
                        Store(q, lo, hi, firstChannel + o, ref destination, staged);
                }
            }
        }
    }

    // Σ of the K staged values of one window (at most 256 of at most 255: an exact uint16).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WindowSum(ref int window, int k, Vector128<ushort> tailMask)
    {
        ref ushort values = ref Unsafe.As<int, ushort>(ref window);
        Vector128<ushort> sum = Vector128<ushort>.Zero;
        int i = 0;
        for (; i + 8 < k; i += 8) sum += Vector128.LoadUnsafe(ref values, (nuint)i);
        sum += Vector128.LoadUnsafe(ref values, (nuint)i) & tailMask;
        return Vector128.Sum(sum);
    }

    // lo/hi += the products of (xu_k, xu_k+1) with the biased weights of channels 0-3 / 4-7, each an exact uint16 in
    // its half of a 32-bit lane; tlo/thi += the high halves, so that a lane's pair sums to raw - 65535·high.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddPairs(int pair, Vector128<ushort> wl, Vector128<ushort> wh,
        ref Vector128<int> lo, ref Vector128<int> hi, ref Vector128<int> tlo, ref Vector128<int> thi)
    {
        Vector128<ushort> x = Vector128.Create(pair).AsUInt16();
        Vector128<uint> pl = (x * wl).AsUInt32(), ph = (x * wh).AsUInt32();
        lo += pl.AsInt32();
        hi += ph.AsInt32();
        tlo += Vector128.ShiftRightLogical(pl, 16).AsInt32();
        thi += Vector128.ShiftRightLogical(ph, 16).AsInt32();
    }

    // raw - 65535·high, wrapping: the true sums (below 2^24) come out exactly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Sum(Vector128<int> raw, Vector128<int> high) => raw + high - Vector128.ShiftLeft(high, 16);

    private static void Store(in Int8Requantization q, Vector128<int> lo, Vector128<int> hi, int o, ref sbyte output, Span<int> staged)
    {
        lo.CopyTo(staged);
        hi.CopyTo(staged[4..]);
        for (int i = 0; i < 8; i++) Unsafe.Add(ref output, i) = q.Requantize(staged[i], o + i);
    }
}
