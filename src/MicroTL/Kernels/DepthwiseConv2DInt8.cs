// DEPTHWISE_CONV_2D, int8, per-channel requantization, bit-exact with TFLM's
// reference_integer_ops::DepthwiseConvPerChannel.
// Layouts: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M (channel o = c·M + m reads input
// channel c), bias [O], output [B, Oh, Ow, O].
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Int8 depthwise convolution: a plain reference path and a vectorized fast path with identical output.</summary>
/// <remarks>
/// <c>acc[c·M+m] = bias + Σ_{fy,fx inside} w[fy,fx,c·M+m] · (x[iy,ix,c] + inputOffset)</c>, then
/// <see cref="Int8Requantization.Requantize"/>.
/// </remarks>
public static class DepthwiseConv2DInt8
{
    /// <summary>Int32 accumulators of scratch <see cref="Run"/> needs: one per output channel.</summary>
    public static int ScratchInts(in ConvGeometry g) => g.OutputChannels;

    /// <summary>
    /// Fast path: per output pixel, accumulates every channel at once into <paramref name="accumulators"/>, eight
    /// lanes at a time (over channels when M = 1, over the multiplier with the input broadcast when M &gt; 1).
    /// </summary>
    public static void Run(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output, Span<int> accumulators)
    {
        Debug.Assert(g.OutputChannels == g.InputChannels * g.DepthMultiplier);
        // Slicing to the exact sizes checks lengths once, so the unchecked loops below stay in range.
        input = input[..g.InputLength];
        filter = filter[..g.DepthwiseFilterLength];
        output = output[..g.OutputLength];
        Span<int> acc = accumulators[..g.OutputChannels];
        if (!bias.IsEmpty) bias = bias[..g.OutputChannels];

        int c = g.InputChannels, m = g.DepthMultiplier, outC = g.OutputChannels, off = q.InputOffset;
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        ref sbyte wRef = ref MemoryMarshal.GetReference(filter);
        ref int accRef = ref MemoryMarshal.GetReference(acc);
        int outIndex = 0;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            for (int ox = 0; ox < g.OutputWidth; ox++)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                if (bias.IsEmpty) acc.Clear(); else bias.CopyTo(acc);
                for (int fy = 0; fy < g.FilterHeight; fy++)
                {
                    int iy = iyOrigin + g.DilationHeight * fy;
                    if (iy < 0 || iy >= g.InputHeight) continue;
                    for (int fx = 0; fx < g.FilterWidth; fx++)
                    {
                        int ix = ixOrigin + g.DilationWidth * fx;
                        if (ix < 0 || ix >= g.InputWidth) continue;
                        ref sbyte px = ref Unsafe.Add(ref inRef, ((b * g.InputHeight + iy) * g.InputWidth + ix) * c);
                        ref sbyte wt = ref Unsafe.Add(ref wRef, (fy * g.FilterWidth + fx) * outC);
                        if (m == 1)
                            AccumulateElementwise(ref accRef, ref px, ref wt, off, outC);
                        else
                            for (int ic = 0; ic < c; ic++)
                                AccumulateBroadcast(ref Unsafe.Add(ref accRef, ic * m), Unsafe.Add(ref px, ic) + off, ref Unsafe.Add(ref wt, ic * m), m);
                    }
                }
                for (int o = 0; o < outC; o++) output[outIndex + o] = q.Requantize(acc[o], o);
                outIndex += outC;
            }
        }
    }

    // acc[i] += (x[i] + off) · w[i]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateElementwise(ref int acc, ref sbyte x, ref sbyte w, int off, int n)
    {
        int i = 0;
        if (Avx2.IsSupported && Int8Dot.Level >= SimdLevel.Avx2)
        {
            Vector256<int> offV = Vector256.Create(off);
            for (; i <= n - 8; i += 8)
            {
                Vector256<int> xv = Avx2.ConvertToVector256Int32(Load8(ref Unsafe.Add(ref x, i))) + offV;
                Vector256<int> wv = Avx2.ConvertToVector256Int32(Load8(ref Unsafe.Add(ref w, i)));
                (Vector256.LoadUnsafe(ref acc, (nuint)i) + xv * wv).StoreUnsafe(ref acc, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref acc, i) += (Unsafe.Add(ref x, i) + off) * Unsafe.Add(ref w, i);
    }

    // acc[i] += xv · w[i]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateBroadcast(ref int acc, int xv, ref sbyte w, int n)
    {
        int i = 0;
        if (Avx2.IsSupported && Int8Dot.Level >= SimdLevel.Avx2)
        {
            Vector256<int> xvv = Vector256.Create(xv);
            for (; i <= n - 8; i += 8)
            {
                Vector256<int> wv = Avx2.ConvertToVector256Int32(Load8(ref Unsafe.Add(ref w, i)));
                (Vector256.LoadUnsafe(ref acc, (nuint)i) + xvv * wv).StoreUnsafe(ref acc, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref acc, i) += xv * Unsafe.Add(ref w, i);
    }

    // Eight bytes into the low half of a vector, without reading past them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Load8(ref sbyte p) =>
        Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref p))).AsSByte();

    /// <summary>Reference path: TFLM's loop order and arithmetic, one multiply-accumulate at a time.</summary>
    public static void RunReference(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        for (int ic = 0; ic < g.InputChannels; ic++)
        for (int m = 0; m < g.DepthMultiplier; m++)
        {
            int o = m + ic * g.DepthMultiplier;
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int ixOrigin = ox * g.StrideWidth - g.PadWidth;
            int acc = 0;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int iy = iyOrigin + g.DilationHeight * fy;
                int ix = ixOrigin + g.DilationWidth * fx;
                if (ix < 0 || ix >= g.InputWidth || iy < 0 || iy >= g.InputHeight) continue;
                int x = input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + ic];
                int w = filter[(fy * g.FilterWidth + fx) * g.OutputChannels + o];
                acc = unchecked(acc + w * (x + q.InputOffset));
            }
            if (!bias.IsEmpty) acc = unchecked(acc + bias[o]);
            output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputChannels + o] = q.Requantize(acc, o);
        }
    }
}
