// MAX_POOL_2D, float32, as TFLite's reference_ops::MaxPool.
// Layouts: input [B, H, W, C], output [B, Oh, Ow, C].
namespace MicroTL.Kernels;

/// <summary>Float max pooling over the part of each window inside the image.</summary>
/// <remarks><c>out = clamp(max x, activationMin, activationMax)</c>, the max starting from the lowest float.</remarks>
public static class MaxPool2DFloat
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
                float max = float.MinValue;
                for (int fy = fyStart; fy < fyEnd; fy++)
                for (int fx = fxStart; fx < fxEnd; fx++)
                    max = Math.Max(max, input[((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin + fx) * channels + c]);
                output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels + c] =
                    Math.Min(Math.Max(max, activationMin), activationMax);
            }
        }
    }
}
