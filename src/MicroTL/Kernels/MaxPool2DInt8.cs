// MAX_POOL_2D, int8, bit-exact with TFLM's reference_integer_ops::MaxPool.
// Layouts: input [B, H, W, C], output [B, Oh, Ow, C]; window Fh×Fw (ConvGeometry.FilterHeight/Width).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroTL.Kernels;

/// <summary>Int8 max pooling over the part of each window inside the image.</summary>
/// <remarks><c>out = clamp(max(x over taps inside, starting from -128), activationMin, activationMax)</c>.</remarks>
public static class MaxPool2DInt8
{
    /// <summary>Runs the pool, sixteen (or eight) channels at a time where vectors are accelerated; <paramref name="g"/> uses InputChannels = OutputChannels. <paramref name="simd"/> picks the instruction set (lowered to what the CPU has); every level gives the same bytes.</summary>
    public static void Run(in ConvGeometry g, int activationMin, int activationMax, ReadOnlySpan<sbyte> input, Span<sbyte> output, SimdLevel simd)
    {
        simd = SimdSupport.Clamp(simd);
        // Slicing to the exact sizes checks lengths once, so the unchecked loops below stay in range.
        input = input[..g.InputLength];
        output = output[..g.OutputLength];
        int channels = g.InputChannels;
        // Sixteen channels a vector (eight when fewer than 16), the last chunk overlapping the one before it: the
        // channels it takes again get the same maxima. Fewer than eight channels run one at a time.
        bool vectors = Vector128.IsHardwareAccelerated && simd != SimdLevel.Scalar && channels >= 8;
        int chunk = channels >= 16 ? 16 : 8, vectorChannels = vectors ? channels : 0;
        Vector128<sbyte> min = Vector128.Create((sbyte)activationMin), max = Vector128.Create((sbyte)activationMax);
        ref sbyte inRef = ref MemoryMarshal.GetReference(input);
        ref sbyte outRef = ref MemoryMarshal.GetReference(output);
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
                int outBase = ((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels;
                for (int c = 0; c < vectorChannels; c += chunk)
                {
                    int at = Math.Min(c, channels - chunk);
                    Vector128<sbyte> best = Vector128.Create(sbyte.MinValue);
                    for (int fy = fyStart; fy < fyEnd; fy++)
                    {
                        int rowBase = ((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin) * channels + at;
                        for (int fx = fxStart; fx < fxEnd; fx++)
                            best = Vector128.Max(best, Load(ref Unsafe.Add(ref inRef, rowBase + fx * channels), chunk));
                    }
                    best = Vector128.Min(Vector128.Max(best, min), max);
                    ref sbyte destination = ref Unsafe.Add(ref outRef, outBase + at);
                    if (chunk == 16)
                        best.StoreUnsafe(ref destination);
                    else
                        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), best.AsInt64().ToScalar());
                }
                for (int c = vectorChannels; c < channels; c++)
                {
                    int best = sbyte.MinValue;
                    for (int fy = fyStart; fy < fyEnd; fy++)
                    {
                        int rowBase = ((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin) * channels + c;
                        for (int fx = fxStart; fx < fxEnd; fx++) best = Math.Max(best, input[rowBase + fx * channels]);
                    }
                    best = Math.Max(best, activationMin);
                    best = Math.Min(best, activationMax);
                    output[outBase + c] = (sbyte)best;
                }
            }
        }
    }

    // Sixteen int8s, or eight into the low half, reading exactly that many bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> Load(ref sbyte source, int count) => count == 16
        ? Vector128.LoadUnsafe(ref source)
        : Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref source))).AsSByte();

    /// <summary>Reference path: TFLM's loop order, one channel and one tap at a time, the bounds checked per tap.</summary>
    public static void RunReference(in ConvGeometry g, int activationMin, int activationMax, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        int channels = g.InputChannels;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        for (int c = 0; c < channels; c++)
        {
            int best = sbyte.MinValue;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int iy = oy * g.StrideHeight - g.PadHeight + fy, ix = ox * g.StrideWidth - g.PadWidth + fx;
                if (iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth) continue;
                best = Math.Max(best, input[((b * g.InputHeight + iy) * g.InputWidth + ix) * channels + c]);
            }
            output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels + c] = (sbyte)Math.Min(Math.Max(best, activationMin), activationMax);
        }
    }
}
