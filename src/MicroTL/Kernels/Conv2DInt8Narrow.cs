// The narrow path of CONV_2D's int8 fast path: convolutions whose window row is short (K = Fh·Fw·Ci of a few dozen
// bytes: the early 1x1 and 3x3 convolutions over few channels and many pixels). Output channels go in vector lanes and
// the window is walked two bytes at a time, as an outer product, instead of K-byte dot products per channel whose
// horizontal sums would cost more than their multiplies. Four pixels share each weight load.
// Each patch byte is biased (xu = x + 128 in [0, 255]), so xu·w lies in [-32640, 32385]: exact in int16, and a pair of
// them exact in int32 (vpmaddwd, or its portable form). Every level gives the dot-product path's int32, so its bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Narrow-row int8 convolution (see <see cref="Conv2DInt8.UsesNarrowPath"/>): output channels in lanes.</summary>
/// <remarks>
/// Packed filter: for each block of eight output channels, K/2 (rounded up) steps of 16 bytes,
/// <c>[w(o0,k) w(o0,k+1) w(o1,k) w(o1,k+1) … w(o7,k+1)]</c>, zero past K.
/// </remarks>
internal static class Conv2DInt8Narrow
{
    private const int Pixels = 4;

    /// <summary>The longest window row (bytes) the narrow path takes at <paramref name="simd"/>: beyond it the dot products win.</summary>
    public static int MaxRowBytes(SimdLevel simd) => simd >= SimdLevel.Avx2 ? 32 : 256;

    // Int32 slots (pairs of window bytes) per pixel on the stack: windows of up to 256 bytes and the stager's overhang.
    private const int WindowInts = (256 + 16) / 2;

    /// <summary>Writes the interleaved layout above into <paramref name="packed"/> (already cleared).</summary>
    public static void PackFilter(in ConvGeometry g, ReadOnlySpan<sbyte> filter, Span<sbyte> packed)
    {
        int k = Conv2DInt8.RowBytes(g), steps = (k + 1) / 2;
        for (int o = 0; o < g.OutputChannels; o++)
        {
            int block = o / 8, lane = o % 8;
            for (int i = 0; i < k; i++)
                packed[(block * steps + i / 2) * 16 + 2 * lane + (i & 1)] = filter[o * k + i];
        }
    }

    /// <summary>Runs the whole operator; the arguments as <see cref="Conv2DInt8.Run"/>'s, the filter packed as above.</summary>
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output, Span<byte> scratch, SimdLevel simd)
    {
        int k = Conv2DInt8.RowBytes(g), steps = (k + 1) / 2, outC = g.OutputChannels, patchBytes = Conv2DInt8.PackedRowBytes(g);
        bool avx2 = Avx2.IsSupported && simd >= SimdLevel.Avx2;
        if (avx2 && Conv2DInt8NarrowAvx2.Supports(g))
        {
            Conv2DInt8NarrowAvx2.Run(g, q, input, packedFilter, foldedBias, output, scratch);
            return;
        }
        // Four pixels' windows as int16 pairs (MaxRowBytes rounded up to 16 at most), on the stack: 2 KiB and a bit.
        Span<int> windows = stackalloc int[Pixels * WindowInts];
        Span<int> staged = stackalloc int[8];
        bool portable = !avx2 && outC <= PortableRequantization.MaxChannels;
        int constants = portable ? outC : 0;
        var requantize = new PortableRequantization(q, constants, stackalloc int[constants], stackalloc int[constants],
            stackalloc int[constants], stackalloc long[constants]);
        var stager = new NarrowWindowStager(g, q.InputOffset, input, scratch, avx2: false);
        ref sbyte wRef = ref MemoryMarshal.GetReference(packedFilter);
        int pixelsTotal = g.Batches * g.OutputHeight * g.OutputWidth;
        for (int first = 0; first < pixelsTotal; first += Pixels)
        {
            int count = Math.Min(Pixels, pixelsTotal - first);
            // A missing pixel keeps the previous group's window (or none yet); its results are not stored.
            for (int p = 0; p < count; p++) stager.Next(ref Unsafe.As<int, short>(ref windows[p * WindowInts]));
            ref int x0 = ref MemoryMarshal.GetReference(windows);
            ref int x1 = ref Unsafe.Add(ref x0, WindowInts);
            ref int x2 = ref Unsafe.Add(ref x0, 2 * WindowInts);
            ref int x3 = ref Unsafe.Add(ref x0, 3 * WindowInts);
            for (int o = 0; o < outC; o += 8)
            {
                ref sbyte w = ref Unsafe.Add(ref wRef, o / 8 * steps * 16);
                Vector256<int> f = Vector256.Create(foldedBias.Slice(o, 8));
                if (avx2)
                {
                    Vector256<int> a0 = f, a1 = f, a2 = f, a3 = f;
                    for (int s = 0; s < steps; s++)
                    {
                        Vector256<short> wv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref w, (nuint)(s * 16)));
                        a0 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x0, s)).AsInt16(), wv);
                        a1 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x1, s)).AsInt16(), wv);
                        a2 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x2, s)).AsInt16(), wv);
                        a3 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x3, s)).AsInt16(), wv);
                    }
                    int at = first * outC + o;
                    VectorQuantizationMath.RequantizeStore8(q, a0, o, ref output[at]);
                    if (count > 1) VectorQuantizationMath.RequantizeStore8(q, a1, o, ref output[at + outC]);
                    if (count > 2) VectorQuantizationMath.RequantizeStore8(q, a2, o, ref output[at + 2 * outC]);
                    if (count > 3) VectorQuantizationMath.RequantizeStore8(q, a3, o, ref output[at + 3 * outC]);
                    continue;
                }
                Vector128<int> l0 = f.GetLower(), h0 = f.GetUpper(), l1 = l0, h1 = h0, l2 = l0, h2 = h0, l3 = l0, h3 = h0;
                for (int s = 0; s < steps; s++)
                {
                    (Vector128<short> wl, Vector128<short> wh) = Vector128.Widen(Vector128.LoadUnsafe(ref w, (nuint)(s * 16)));
                    MultiplyAddPairs(Unsafe.Add(ref x0, s), wl, wh, ref l0, ref h0);
                    MultiplyAddPairs(Unsafe.Add(ref x1, s), wl, wh, ref l1, ref h1);
                    MultiplyAddPairs(Unsafe.Add(ref x2, s), wl, wh, ref l2, ref h2);
                    MultiplyAddPairs(Unsafe.Add(ref x3, s), wl, wh, ref l3, ref h3);
                }
                int index = first * outC + o;
                if (portable)
                {
                    requantize.Store8(l0, h0, o, ref output[index]);
                    if (count > 1) requantize.Store8(l1, h1, o, ref output[index + outC]);
                    if (count > 2) requantize.Store8(l2, h2, o, ref output[index + 2 * outC]);
                    if (count > 3) requantize.Store8(l3, h3, o, ref output[index + 3 * outC]);
                    continue;
                }
                Store(q, l0, h0, o, output.Slice(index, 8), staged);
                if (count > 1) Store(q, l1, h1, o, output.Slice(index + outC, 8), staged);
                if (count > 2) Store(q, l2, h2, o, output.Slice(index + 2 * outC, 8), staged);
                if (count > 3) Store(q, l3, h3, o, output.Slice(index + 3 * outC, 8), staged);
            }
        }
    }

    // Output pixels in memory order: x fastest, then y, then the batch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NextPixel(in ConvGeometry g, ref int b, ref int oy, ref int ox)
    {
        if (++ox < g.OutputWidth) return;
        ox = 0;
        if (++oy < g.OutputHeight) return;
        oy = 0;
        b++;
    }

    // lo/hi += the pairwise sums of (xu_k, xu_k+1) times the weights of channels 0-3 / 4-7: vpmaddwd in portable form.
    // Each int16 product is exact; the low one is sign-extended from its half of the int32 lane, the high one shifted down.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddPairs(int pair, Vector128<short> wl, Vector128<short> wh, ref Vector128<int> lo, ref Vector128<int> hi)
    {
        Vector128<short> x = Vector128.Create(pair).AsInt16();
        Vector128<int> pl = (x * wl).AsInt32(), ph = (x * wh).AsInt32();
        lo += Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(pl, 16), 16) + Vector128.ShiftRightArithmetic(pl, 16);
        hi += Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(ph, 16), 16) + Vector128.ShiftRightArithmetic(ph, 16);
    }

    private static void Store(in Int8Requantization q, Vector128<int> lo, Vector128<int> hi, int o, Span<sbyte> output, Span<int> staged)
    {
        lo.CopyTo(staged);
        hi.CopyTo(staged[4..]);
        for (int i = 0; i < 8; i++) output[i] = q.Requantize(staged[i], o + i);
    }
}
