// The AVX2 form of CONV_2D's narrow path (Conv2DInt8Narrow): a GEMM of [pixels x K] biased windows by [K x O] weights,
// four pixels by sixteen output channels in registers. Each window is widened to int16 once (straight from the input
// where it lies inside the image and its rows are contiguous), each pair of its bytes is broadcast as one int32 and
// multiplied against two interleaved int16 weight pairs per channel with vpmaddwd; the requantization's per-channel
// constants are laid out once per call (Avx2ChannelRequantization.LayOutBlock). The int32 sums are the dot-product path's, so
// are the bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Narrow-row int8 convolution on AVX2 (see <see cref="Conv2DInt8.UsesNarrowPath"/>), filter packed as <see cref="Conv2DInt8Narrow"/>'s.</summary>
internal static class Conv2DInt8NarrowAvx2
{
    private const int Pixels = 4;

    // Int16 slots per staged window: K ≤ 32 plus the 16-byte overhang of the last row's widening.
    private const int WindowShorts = 272;

    /// <summary>
    /// Runs the whole operator; the arguments as <see cref="Conv2DInt8.Run"/>'s (lengths already checked, K ≤ 256),
    /// output channels in chunks of at most <see cref="Avx2ChannelRequantization.MaxChannels"/>.
    /// </summary>
    public static void Run(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output, Span<byte> scratch)
    {
        for (int first = 0; first < g.OutputChannels; first += Avx2ChannelRequantization.MaxChannels)
            RunChannels(g, q, input, packedFilter, foldedBias, output, scratch, first,
                Math.Min(Avx2ChannelRequantization.MaxChannels, g.OutputChannels - first));
    }

    // Output channels [firstChannel, firstChannel + channels) of every pixel.
    private static void RunChannels(in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output, Span<byte> scratch, int firstChannel, int channels)
    {
        int k = Conv2DInt8.RowBytes(g), steps = (k + 1) / 2, outC = g.OutputChannels;
        foldedBias = foldedBias.Slice(firstChannel, channels);
        long bound = Conv2DInt8Narrow.AccumulatorBound(foldedBias, k);
        Span<int> constants = stackalloc int[channels / 8 * Avx2ChannelRequantization.BlockInts];
        // Block by block in vector operations: the constructor's scalar loop took 4 % of person_detect's inference.
        (bool folded, bool anyLeftShift) = Avx2ChannelRequantization.LayOutBlocks(q, firstChannel, channels, bound, constants);
        ref int constantsRef = ref MemoryMarshal.GetReference(constants);
        Vector256<short> min = Vector256.Create((short)q.ActivationMin), max = Vector256.Create((short)q.ActivationMax);
        Span<short> windows = stackalloc short[Pixels * WindowShorts];
        ref short w0 = ref MemoryMarshal.GetReference(windows);
        // One base for the four windows (constant offsets in the loads keep the registers for the accumulators).
        ref int x0 = ref Unsafe.As<short, int>(ref w0);
        const int X1 = WindowShorts / 2, X2 = WindowShorts, X3 = 3 * WindowShorts / 2;
        ref sbyte wRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(packedFilter), firstChannel / 8 * steps * 16);
        ref int biasRef = ref MemoryMarshal.GetReference(foldedBias);
        ref sbyte outRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), firstChannel);
        var stager = new NarrowWindowStager(g, q.InputOffset, input, scratch, avx2: true);
        int pixelsTotal = g.Batches * g.OutputHeight * g.OutputWidth;
        for (int first = 0; first < pixelsTotal; first += Pixels)
        {
            int count = Math.Min(Pixels, pixelsTotal - first);
            // A missing pixel keeps the previous group's window; its results are not stored.
            stager.StageGroup(ref w0, WindowShorts, first, count, Pixels);
            ref sbyte out0 = ref Unsafe.Add(ref outRef, first * outC);
            int o = 0;
            for (; o + 16 <= channels; o += 16)
            {
                ref sbyte wa = ref Unsafe.Add(ref wRef, o / 8 * steps * 16);
                ref sbyte wb = ref Unsafe.Add(ref wa, steps * 16);
                Vector256<int> fa = Vector256.LoadUnsafe(ref biasRef, (nuint)o), fb = Vector256.LoadUnsafe(ref biasRef, (nuint)(o + 8));
                Vector256<int> a0 = fa, a1 = fa, a2 = fa, a3 = fa, b0 = fb, b1 = fb, b2 = fb, b3 = fb;
                for (int s = 0; s < steps; s++)
                {
                    Vector256<short> va = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wa, (nuint)(s * 16)));
                    Vector256<short> vb = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wb, (nuint)(s * 16)));
                    Vector256<short> p0 = Vector256.Create(Unsafe.Add(ref x0, s)).AsInt16();
                    a0 += Avx2.MultiplyAddAdjacent(p0, va);
                    b0 += Avx2.MultiplyAddAdjacent(p0, vb);
                    Vector256<short> p1 = Vector256.Create(Unsafe.Add(ref x0, s + X1)).AsInt16();
                    a1 += Avx2.MultiplyAddAdjacent(p1, va);
                    b1 += Avx2.MultiplyAddAdjacent(p1, vb);
                    Vector256<short> p2 = Vector256.Create(Unsafe.Add(ref x0, s + X2)).AsInt16();
                    a2 += Avx2.MultiplyAddAdjacent(p2, va);
                    b2 += Avx2.MultiplyAddAdjacent(p2, vb);
                    Vector256<short> p3 = Vector256.Create(Unsafe.Add(ref x0, s + X3)).AsInt16();
                    a3 += Avx2.MultiplyAddAdjacent(p3, va);
                    b3 += Avx2.MultiplyAddAdjacent(p3, vb);
                }
                ref int block = ref Unsafe.Add(ref constantsRef, o / 8 * Avx2ChannelRequantization.BlockInts);
                Avx2ChannelRequantization.Store16(a0, b0, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, o));
                if (count > 1) Avx2ChannelRequantization.Store16(a1, b1, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, outC + o));
                if (count > 2) Avx2ChannelRequantization.Store16(a2, b2, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, 2 * outC + o));
                if (count > 3) Avx2ChannelRequantization.Store16(a3, b3, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, 3 * outC + o));
            }
            if (o < channels)
            {
                // The last eight channels when O is an odd multiple of 8.
                ref sbyte wa = ref Unsafe.Add(ref wRef, o / 8 * steps * 16);
                Vector256<int> fa = Vector256.LoadUnsafe(ref biasRef, (nuint)o);
                Vector256<int> a0 = fa, a1 = fa, a2 = fa, a3 = fa;
                for (int s = 0; s < steps; s++)
                {
                    Vector256<short> va = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wa, (nuint)(s * 16)));
                    a0 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x0, s)).AsInt16(), va);
                    a1 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x0, s + X1)).AsInt16(), va);
                    a2 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x0, s + X2)).AsInt16(), va);
                    a3 += Avx2.MultiplyAddAdjacent(Vector256.Create(Unsafe.Add(ref x0, s + X3)).AsInt16(), va);
                }
                ref int block = ref Unsafe.Add(ref constantsRef, o / 8 * Avx2ChannelRequantization.BlockInts);
                Avx2ChannelRequantization.Store8(a0, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, o));
                if (count > 1) Avx2ChannelRequantization.Store8(a1, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, outC + o));
                if (count > 2) Avx2ChannelRequantization.Store8(a2, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, 2 * outC + o));
                if (count > 3) Avx2ChannelRequantization.Store8(a3, ref block, folded, anyLeftShift, min, max, ref Unsafe.Add(ref out0, 3 * outC + o));
            }
        }
    }
}
