// DEPTHWISE_CONV_2D, float32, in TFLite's reference_ops::DepthwiseConv summation order.
// Layouts: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M, bias [O], output [B, Oh, Ow, O].
namespace MicroTL.Kernels;

/// <summary>Float depthwise convolution.</summary>
/// <remarks><c>out[c·M+m] = clamp(Σ_{fy,fx inside} x[c]·w[c·M+m] + bias, activationMin, activationMax)</c>.</remarks>
public static class DepthwiseConv2DFloat
{
    /// <summary>Runs the convolution; <paramref name="bias"/> may be empty.</summary>
    public static void Run(in ConvGeometry g, float activationMin, float activationMax,
        ReadOnlySpan<float> input, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, Span<float> output)
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
            float total = 0f;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int iy = iyOrigin + g.DilationHeight * fy;
                int ix = ixOrigin + g.DilationWidth * fx;
                if (ix < 0 || ix >= g.InputWidth || iy < 0 || iy >= g.InputHeight) continue;
                total += input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputChannels + ic] *
                         filter[(fy * g.FilterWidth + fx) * g.OutputChannels + o];
            }
            float value = total + (bias.IsEmpty ? 0f : bias[o]);
            output[((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputChannels + o] =
                Math.Min(Math.Max(value, activationMin), activationMax);
        }
    }
}
