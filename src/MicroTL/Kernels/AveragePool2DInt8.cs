// AVERAGE_POOL_2D, int8, bit-exact with TFLM's reference_integer_ops::AveragePool.
// Layouts: input [B, H, W, C], output [B, Oh, Ow, C]; window Fh×Fw (ConvGeometry.FilterHeight/Width).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroTL.Kernels;

/// <summary>Int8 average pooling over the part of each window inside the image.</summary>
/// <remarks>
/// <c>sum = Σ x</c> over the n taps inside; <c>avg = sum &gt; 0 ? (sum + n/2) / n : (sum - n/2) / n</c> (C division,
/// so ties round away from zero), then clamped to [activationMin, activationMax]. Input and output share quantization.
/// </remarks>
public static class AveragePool2DInt8
{
    /// <summary>
    /// Runs the pool; <paramref name="g"/> uses InputChannels = OutputChannels. With vectors the window sums of eight
    /// channels accumulate in one AVX2 vector or two of <see cref="Vector128"/>; the rounding division stays scalar, as
    /// in TFLM.
    /// <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.</summary>
    public static void Run(in ConvGeometry g, int activationMin, int activationMax, ReadOnlySpan<sbyte> input, Span<sbyte> output, SimdLevel simd)
    {
        simd = SimdSupport.Clamp(simd);
        // Slicing to the exact sizes checks lengths once, so the unchecked loads below stay in range.
        input = input[..g.InputLength];
        output = output[..g.OutputLength];
        int channels = g.InputChannels;
        bool avx2 = Avx2.IsSupported && simd >= SimdLevel.Avx2;
        int vectorChannels = avx2 || (simd >= SimdLevel.Vector128 && Vector128.IsHardwareAccelerated) ? channels / 8 * 8 : 0;
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        Span<int> sums = stackalloc int[8];
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int fyStart = Math.Max(0, -iyOrigin);
            int fyEnd = Math.Min(g.FilterHeight, g.InputHeight - iyOrigin);
            for (int ox = 0; ox < g.OutputWidth; ox++)
            {
                int ixOrigin = ox * g.StrideWidth - g.PadWidth;
                int fxStart = Math.Max(0, -ixOrigin);
                int fxEnd = Math.Min(g.FilterWidth, g.InputWidth - ixOrigin);
                int count = (fyEnd - fyStart) * (fxEnd - fxStart);
                int outBase = ((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels;
                for (int c = 0; c < vectorChannels; c += 8)
                {
                    Vector256<int> sum = Vector256<int>.Zero;
                    Vector128<int> low = Vector128<int>.Zero, high = Vector128<int>.Zero;
                    for (int fy = fyStart; fy < fyEnd; fy++)
                    {
                        int rowBase = ((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin) * channels + c;
                        for (int fx = fxStart; fx < fxEnd; fx++)
                        {
                            Vector128<sbyte> x = Vector128.CreateScalarUnsafe(
                                Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref inRef, rowBase + fx * channels)))).AsSByte();
                            if (avx2)
                            {
                                sum += Avx2.ConvertToVector256Int32(x);
                                continue;
                            }
                            (Vector128<int> l, Vector128<int> h) = Vector128.Widen(Vector128.WidenLower(x));
                            low += l;
                            high += h;
                        }
                    }
                    if (avx2)
                    {
                        sum.CopyTo(sums);
                    }
                    else
                    {
                        low.CopyTo(sums);
                        high.CopyTo(sums[4..]);
                    }
                    for (int k = 0; k < 8; k++) output[outBase + c + k] = Average(sums[k], count, activationMin, activationMax);
                }
                for (int c = vectorChannels; c < channels; c++)
                {
                    int sum = 0;
                    for (int fy = fyStart; fy < fyEnd; fy++)
                    {
                        int rowBase = ((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin) * channels + c;
                        for (int fx = fxStart; fx < fxEnd; fx++) sum += input[rowBase + fx * channels];
                    }
                    output[outBase + c] = Average(sum, count, activationMin, activationMax);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static sbyte Average(int sum, int count, int activationMin, int activationMax)
    {
        // TFLM refuses an empty window at run time; Prepare makes it impossible (padding < filter).
        int avg = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
        avg = Math.Max(avg, activationMin);
        avg = Math.Min(avg, activationMax);
        return (sbyte)avg;
    }

    /// <summary>Reference path: TFLM's loop order, one channel and one tap at a time, the bounds checked per tap.</summary>
    public static void RunReference(in ConvGeometry g, int activationMin, int activationMax, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        int channels = g.InputChannels;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        for (int c = 0; c < channels; c++)
        {
            int sum = 0, count = 0;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int iy = oy * g.StrideHeight - g.PadHeight + fy, ix = ox * g.StrideWidth - g.PadWidth + fx;
                if (iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth) continue;
                sum += input[((b * g.InputHeight + iy) * g.InputWidth + ix) * channels + c];
                count++;
            }
            output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels + c] = Average(sum, count, activationMin, activationMax);
        }
    }
}
