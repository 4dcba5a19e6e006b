// AVERAGE_POOL_2D, int8, bit-exact with TFLM's reference_integer_ops::AveragePool.
// Layouts: input [B, H, W, C], output [B, Oh, Ow, C]; window Fh×Fw (ConvGeometry.FilterHeight/Width).
namespace MicroTL.Kernels;

/// <summary>Int8 average pooling over the part of each window inside the image.</summary>
/// <remarks>
/// <c>sum = Σ x</c> over the n taps inside; <c>avg = sum &gt; 0 ? (sum + n/2) / n : (sum - n/2) / n</c> (C division,
/// so ties round away from zero), then clamped to [activationMin, activationMax]. Input and output share quantization.
/// </remarks>
public static class AveragePool2DInt8
{
    /// <summary>Runs the pool; <paramref name="g"/> uses InputChannels = OutputChannels.</summary>
    public static void Run(in ConvGeometry g, int activationMin, int activationMax, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        int channels = g.InputChannels;
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
                for (int c = 0; c < channels; c++)
                {
                    int sum = 0;
                    for (int fy = fyStart; fy < fyEnd; fy++)
                    {
                        int rowBase = ((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin) * channels + c;
                        for (int fx = fxStart; fx < fxEnd; fx++) sum += input[rowBase + fx * channels];
                    }
                    // TFLM refuses an empty window at run time; Prepare makes it impossible (padding < filter).
                    int avg = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    avg = Math.Max(avg, activationMin);
                    avg = Math.Min(avg, activationMax);
                    output[outBase + c] = (sbyte)avg;
                }
            }
        }
    }
}
