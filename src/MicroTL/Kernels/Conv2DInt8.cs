// CONV_2D, int8 activations and filter, int32 bias, per-channel (or per-tensor) requantization,
// bit-exact with TFLM's reference_integer_ops::ConvPerChannel.
// Layouts: input [B, H, W, C], filter [O, Fh, Fw, Ci] with C = Ci·groups, bias [O], output [B, Oh, Ow, O].
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Int8 2-D convolution: a plain reference path and a vectorized fast path with identical output.</summary>
/// <remarks>
/// <c>acc[o] = bias[o] + Σ_{fy,fx,ci inside the image} w[o,fy,fx,ci] · (x[iy,ix,g·Ci+ci] + inputOffset)</c>, then
/// <see cref="Int8Requantization.Requantize"/>. Taps outside the image contribute nothing (zero padding in real units).
/// </remarks>
public static class Conv2DInt8
{
    /// <summary>Bytes of one filter row, K = Fh·Fw·Ci.</summary>
    public static int RowBytes(in ConvGeometry g) => g.FilterHeight * g.FilterWidth * g.FilterInputChannels;

    /// <summary>Bytes of one row of the packed filter: K rounded up to 16, so the dot products need no scalar tail.</summary>
    public static int PackedRowBytes(in ConvGeometry g) => (RowBytes(g) + 15) & ~15;

    /// <summary>Bytes of scratch <see cref="Run"/> needs: one im2col patch of <see cref="PackedRowBytes"/>.</summary>
    public static int ScratchBytes(in ConvGeometry g) => PackedRowBytes(g);

    /// <summary>Bytes of the packed filter <see cref="PackFilter"/> writes: O rows of <see cref="PackedRowBytes"/>.</summary>
    public static int PackedFilterBytes(in ConvGeometry g) => g.OutputChannels * PackedRowBytes(g);

    /// <summary>
    /// Writes the filter in the layout <see cref="Run"/> reads at <paramref name="simd"/>, zero-filling the padding:
    /// O rows of <see cref="PackedRowBytes"/> for the dot-product path; for the narrow path
    /// (<see cref="UsesNarrowPath"/>) blocks of eight output channels, each K/2 steps of the eight channels' weights at
    /// k and k + 1 interleaved, biased by 128 below AVX2 (<see cref="Conv2DInt8Narrow"/>), in the same <see cref="PackedFilterBytes"/>.
    /// </summary>
    public static void PackFilter(in ConvGeometry g, ReadOnlySpan<sbyte> filter, Span<sbyte> packed, SimdLevel simd)
    {
        int k = RowBytes(g), kp = PackedRowBytes(g);
        packed = packed[..PackedFilterBytes(g)];
        packed.Clear();
        if (UsesNarrowPath(g, simd))
        {
            Conv2DInt8Narrow.PackFilter(g, filter, packed, simd);
            return;
        }
        for (int o = 0; o < g.OutputChannels; o++) filter.Slice(o * k, k).CopyTo(packed.Slice(o * kp, kp));
    }

    /// <summary>
    /// True when <see cref="Run"/> takes the narrow path at <paramref name="simd"/>: vectors on, output channels a multiple
    /// of 8 and a short window row (K = Fh·Fw·Ci ≤ <see cref="Conv2DInt8Narrow.MaxRowBytes"/>), where dot products of K
    /// bytes would spend more on their horizontal sums than on the multiplies.
    /// </summary>
    public static bool UsesNarrowPath(in ConvGeometry g, SimdLevel simd) =>
        SimdSupport.Clamp(simd) >= SimdLevel.Vector128 && System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated
        && g.OutputChannels % 8 == 0 && RowBytes(g) <= Conv2DInt8Narrow.MaxRowBytes(SimdSupport.Clamp(simd));

    /// <summary>True when <see cref="Run"/> applies: one group, and the padding value -inputOffset is an int8.</summary>
    public static bool SupportsFastPath(in ConvGeometry g, int inputOffset) =>
        g.InputChannels == g.FilterInputChannels && inputOffset >= -127 && inputOffset <= 128;

    /// <summary>
    /// Precomputes the per-channel constant of the fast path:
    /// <c>folded[o] = bias[o] + (inputOffset - 128) · Σ w[o,·,·,·]</c> (bias may be empty).
    /// </summary>
    public static void ComputeFoldedBias(in ConvGeometry g, ReadOnlySpan<sbyte> filter, ReadOnlySpan<int> bias, int inputOffset, Span<int> folded)
    {
        int k = RowBytes(g);
        for (int o = 0; o < g.OutputChannels; o++)
        {
            int sum = 0;
            foreach (sbyte w in filter.Slice(o * k, k)) sum += w;
            folded[o] = unchecked((bias.IsEmpty ? 0 : bias[o]) + (inputOffset - 128) * sum);
        }
    }

    /// <summary>
    /// Fast path: for each output pixel, gathers the window into <paramref name="scratch"/> as biased bytes
    /// (outside taps get the input zero point, which contributes 0), then dot products eight channels at a time
    /// and requantizes them in one vector (four, then one, for the remaining channels or without AVX2).
    /// <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.</summary>
    /// <remarks>
    /// Requires <see cref="SupportsFastPath"/>; <paramref name="packedFilter"/> from <see cref="PackFilter"/>,
    /// <paramref name="foldedBias"/> from <see cref="ComputeFoldedBias"/>. The patch's padding bytes meet zero weights.
    /// </remarks>
    public static void Run(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> packedFilter,
        ReadOnlySpan<int> foldedBias, Span<sbyte> output, Span<byte> scratch, SimdLevel simd)
    {
        Debug.Assert(SupportsFastPath(g, q.InputOffset));
        simd = SimdSupport.Clamp(simd);
        // Slicing to the exact sizes checks lengths once, so the unchecked loops below stay in range.
        input = input[..g.InputLength];
        packedFilter = packedFilter[..PackedFilterBytes(g)];
        foldedBias = foldedBias[..g.OutputChannels];
        output = output[..g.OutputLength];
        int k = PackedRowBytes(g);
        scratch = scratch[..k];
        if (UsesNarrowPath(g, simd))
        {
            Conv2DInt8Narrow.Run(g, q, input, packedFilter, foldedBias, output, scratch, simd);
            return;
        }

        int outC = g.OutputChannels;
        ref sbyte wRef = ref MemoryMarshal.GetReference(packedFilter);
        ref byte patch = ref MemoryMarshal.GetReference(scratch);
        int outIndex = 0;
        for (int b = 0; b < g.Batches; b++)
        {
            for (int oy = 0; oy < g.OutputHeight; oy++)
            {
                for (int ox = 0; ox < g.OutputWidth; ox++)
                {
                    GatherPatch(g, q.InputOffset, input, ref patch, b, oy, ox, simd);

                    int o = 0;
                    if (Avx2.IsSupported && simd >= SimdLevel.Avx2)
                    {
                        for (; o <= outC - 8; o += 8)
                        {
                            ref sbyte w0 = ref Unsafe.Add(ref wRef, o * k);
                            Int8Dot.Dot4(ref patch, ref w0, k, k, simd, out int s0, out int s1, out int s2, out int s3);
                            Int8Dot.Dot4(ref patch, ref Unsafe.Add(ref w0, 4 * k), k, k, simd, out int s4, out int s5, out int s6, out int s7);
                            Vector256<int> acc = Vector256.Create(s0, s1, s2, s3, s4, s5, s6, s7) + Vector256.Create(foldedBias.Slice(o, 8));
                            VectorQuantizationMath.RequantizeStore8(q, acc, o, ref output[outIndex + o]);
                        }
                    }
                    for (; o <= outC - 4; o += 4)
                    {
                        Int8Dot.Dot4(ref patch, ref Unsafe.Add(ref wRef, o * k), k, k, simd, out int s0, out int s1, out int s2, out int s3);
                        output[outIndex + o] = q.Requantize(unchecked(s0 + foldedBias[o]), o);
                        output[outIndex + o + 1] = q.Requantize(unchecked(s1 + foldedBias[o + 1]), o + 1);
                        output[outIndex + o + 2] = q.Requantize(unchecked(s2 + foldedBias[o + 2]), o + 2);
                        output[outIndex + o + 3] = q.Requantize(unchecked(s3 + foldedBias[o + 3]), o + 3);
                    }
                    for (; o < outC; o++)
                        output[outIndex + o] = q.Requantize(unchecked(Int8Dot.Dot(ref patch, ref Unsafe.Add(ref wRef, o * k), k, simd) + foldedBias[o]), o);
                    outIndex += outC;
                }
            }
        }
    }

    /// <summary>
    /// Writes the window of output pixel (b, oy, ox) to <paramref name="patch"/> as biased bytes <c>x + 128</c>, in the
    /// filter's (fy, fx, ci) order; taps outside the image get the input zero point's, which contribute nothing.
    /// </summary>
    internal static void GatherPatch(in ConvGeometry g, int inputOffset, ReadOnlySpan<sbyte> input, ref byte patch, int b, int oy, int ox, SimdLevel simd)
    {
        int c = g.InputChannels, fw = g.FilterWidth, rowBytes = fw * c;
        byte padValue = (byte)(-inputOffset + 128);
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        int iy0 = oy * g.StrideHeight - g.PadHeight, ix0 = ox * g.StrideWidth - g.PadWidth;
        for (int fy = 0; fy < g.FilterHeight; fy++)
        {
            int iy = iy0 + fy * g.DilationHeight;
            ref byte dst = ref Unsafe.Add(ref patch, fy * rowBytes);
            if (iy < 0 || iy >= g.InputHeight)
            {
                Unsafe.InitBlockUnaligned(ref dst, padValue, (uint)rowBytes);
                continue;
            }
            int rowBase = (b * g.InputHeight + iy) * g.InputWidth;
            if (g.DilationWidth == 1 && ix0 >= 0 && ix0 + fw <= g.InputWidth)
            {
                // The whole filter row lies inside: one contiguous run of Fw·C bytes.
                Int8Dot.CopyBiased(ref Unsafe.Add(ref inRef, (rowBase + ix0) * c), ref dst, rowBytes, simd);
                continue;
            }
            for (int fx = 0; fx < fw; fx++)
            {
                int ix = ix0 + fx * g.DilationWidth;
                if (ix < 0 || ix >= g.InputWidth)
                    Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref dst, fx * c), padValue, (uint)c);
                else
                    Int8Dot.CopyBiased(ref Unsafe.Add(ref inRef, (rowBase + ix) * c), ref Unsafe.Add(ref dst, fx * c), c, simd);
            }
        }
    }

    /// <summary>Reference path: TFLM's loop order and arithmetic, one multiply-accumulate at a time (grouped convolutions too).</summary>
    public static void RunReference(
        in ConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<sbyte> output)
    {
        int ci = g.FilterInputChannels;
        int groups = g.InputChannels / ci;
        int filtersPerGroup = g.OutputChannels / groups;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            for (int ox = 0; ox < g.OutputWidth; ox++)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                for (int o = 0; o < g.OutputChannels; o++)
                {
                    int group = o / filtersPerGroup;
                    int acc = 0;
                    for (int fy = 0; fy < g.FilterHeight; fy++)
                    {
                        int iy = iyOrigin + g.DilationHeight * fy;
                        for (int fx = 0; fx < g.FilterWidth; fx++)
                        {
                            int ix = ixOrigin + g.DilationWidth * fx;
                            if (ix < 0 || ix >= g.InputWidth || iy < 0 || iy >= g.InputHeight) continue;
                            for (int c = 0; c < ci; c++)
                            {
                                int x = input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + c + group * ci];
                                int w = filter[((o * g.FilterHeight + fy) * g.FilterWidth + fx) * ci + c];
                                acc = unchecked(acc + w * (x + q.InputOffset));
                            }
                        }
                    }
                    if (!bias.IsEmpty) acc = unchecked(acc + bias[o]);
                    output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputChannels + o] = q.Requantize(acc, o);
                }
            }
        }
    }
}
