// AVERAGE_POOL_2D, float32, as TFLite's reference_ops::AveragePool.
// Layouts: input [B, H, W, C], output [B, Oh, Ow, C].
namespace MicroTL.Kernels;

/// <summary>Float average pooling over the part of each window inside the image.</summary>
/// <remarks><c>out = clamp((Σ x) / n, activationMin, activationMax)</c> over the n taps inside.</remarks>
public static class AveragePool2DFloat
{
    /// <summary>Runs the pool; <paramref name="g"/> uses InputChannels = OutputChannels.</summary>
    public static void Run(in ConvGeometry g, float activationMin, float activationMax, ReadOnlySpan<float> input, Span<float> output)
    {
        int channels = g.InputChannels;
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        {
            int iyOrigin = oy * g.StrideHeight - g.PadHeight, ixOrigin = ox * g.StrideWidth - g.PadWidth;
            int fyStart = Math.Max(0, -iyOrigin), fyEnd = Math.Min(g.FilterHeight, g.InputHeight - iyOrigin);
            int fxStart = Math.Max(0, -ixOrigin), fxEnd = Math.Min(g.FilterWidth, g.InputWidth - ixOrigin);
            for (int c = 0; c < channels; c++)
            {
                float total = 0f;
                int count = 0;
                for (int fy = fyStart; fy < fyEnd; fy++)
                for (int fx = fxStart; fx < fxEnd; fx++)
                {
                    total += input[((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin + fx) * channels + c];
                    count++;
                }
                float average = count == 0 ? 0f : total / count;
                output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels + c] =
                    Math.Min(Math.Max(average, activationMin), activationMax);
            }
        }
    }
}
