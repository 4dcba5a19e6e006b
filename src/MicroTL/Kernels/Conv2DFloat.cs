// CONV_2D, float32, in TFLite's reference_ops::Conv summation order.
// Layouts: input [B, H, W, C], filter [O, Fh, Fw, Ci] with C = Ci·groups, bias [O], output [B, Oh, Ow, O].
namespace MicroTL.Kernels;

/// <summary>Float 2-D convolution.</summary>
/// <remarks><c>out = clamp(Σ_{fy,fx,ci inside} x·w + bias[o], activationMin, activationMax)</c>, summed in the reference order.</remarks>
public static class Conv2DFloat
{
    /// <summary>Runs the convolution; <paramref name="bias"/> may be empty.</summary>
    public static void Run(in ConvGeometry g, float activationMin, float activationMax,
        ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
    {
        int ci = g.FilterInputChannels;
        int filtersPerGroup = g.OutputChannels / (g.InputChannels / ci);
        for (int b = 0; b < g.Batches; b++)
        for (int oy = 0; oy < g.OutputHeight; oy++)
        for (int ox = 0; ox < g.OutputWidth; ox++)
        for (int o = 0; o < g.OutputChannels; o++)
        {
            int group = o / filtersPerGroup;
            int iyOrigin = oy * g.StrideHeight - g.PadHeight;
            int ixOrigin = ox * g.StrideWidth - g.PadWidth;
            float total = 0f;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            {
                int iy = iyOrigin + g.DilationHeight * fy;
                for (int fx = 0; fx < g.FilterWidth; fx++)
                {
                    int ix = ixOrigin + g.DilationWidth * fx;
                    if (ix < 0 || ix >= g.InputWidth || iy < 0 || iy >= g.InputHeight) continue;
                    int inBase = ((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + group * ci;
                    int wBase = ((o * g.FilterHeight + fy) * g.FilterWidth + fx) * ci;
                    for (int c = 0; c < ci; c++) total += input[inBase + c] * filter[wBase + c];
                }
            }
            float value = total + (bias.IsEmpty ? 0f : bias[o]);
            output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputChannels + o] =
                Math.Min(Math.Max(value, activationMin), activationMax);
        }
    }
}
