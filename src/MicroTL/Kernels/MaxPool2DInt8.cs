// MAX_POOL_2D, int8, bit-exact with TFLM's reference_integer_ops::MaxPool.
// Layouts: input [B, H, W, C], output [B, Oh, Ow, C]; window Fh×Fw (ConvGeometry.FilterHeight/Width).
namespace MicroTL.Kernels;

/// <summary>Int8 max pooling over the part of each window inside the image.</summary>
/// <remarks><c>out = clamp(max(x over taps inside, starting from -128), activationMin, activationMax)</c>.</remarks>
public static class MaxPool2DInt8
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
                int outBase = ((b * g.OutputHeight + oy) * g.OutputWidth + ox) * channels;
                for (int c = 0; c < channels; c++)
                {
                    int max = sbyte.MinValue;
                    for (int fy = fyStart; fy < fyEnd; fy++)
                    {
                        int rowBase = ((b * g.InputHeight + iyOrigin + fy) * g.InputWidth + ixOrigin) * channels + c;
                        for (int fx = fxStart; fx < fxEnd; fx++) max = Math.Max(max, input[rowBase + fx * channels]);
                    }
                    max = Math.Max(max, activationMin);
                    max = Math.Min(max, activationMax);
                    output[outBase + c] = (sbyte)max;
                }
            }
        }
    }
}
