// TRANSPOSE_CONV (the gradient of a convolution: each input pixel scatters a filter-sized patch into the output),
// bit-exact with TFLite's reference_integer_ops::TransposeConv (int8, per-channel) and reference_ops::TransposeConv
// (float): products accumulated in output order, then bias, requantization or the activation clamp.
// Layouts: input [B, H, W, Ci], filter [Co, Fh, Fw, Ci], bias [Co], output [B, Oh, Ow, Co].
namespace MicroTL.Kernels;

/// <summary>The shapes, strides and padding of a transpose convolution.</summary>
public readonly record struct TransposeConvGeometry(
    int Batches, int InputHeight, int InputWidth, int InputDepth, int FilterHeight, int FilterWidth,
    int OutputHeight, int OutputWidth, int OutputDepth, int StrideHeight, int StrideWidth, int PadHeight, int PadWidth)
{
    /// <summary>Multiply-accumulates of one run.</summary>
    public long Macs => (long)Batches * InputHeight * InputWidth * InputDepth * FilterHeight * FilterWidth * OutputDepth;
}

/// <summary>Int8 and float32 transpose convolutions.</summary>
public static class TransposeConvKernels
{
    /// <summary>Int8: accumulates <c>(x + inputOffset)·w</c> into <paramref name="accumulators"/> (one per output), then requantizes.</summary>
    public static void RunInt8(in TransposeConvGeometry g, in Int8Requantization q, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter,
        ReadOnlySpan<int> bias, Span<int> accumulators, Span<sbyte> output)
    {
        int count = g.Batches * g.OutputHeight * g.OutputWidth * g.OutputDepth;
        accumulators = accumulators[..count];
        accumulators.Clear();
        Scatter(g, input, filter, accumulators, q.InputOffset);
        for (int i = 0; i < count; i++)
        {
            int channel = i % g.OutputDepth;
            int acc = bias.IsEmpty ? accumulators[i] : unchecked(accumulators[i] + bias[channel]);
            output[i] = q.Requantize(acc, channel);
        }
    }

    /// <summary>Float: accumulates <c>x·w</c> in the output, adds the bias and clamps.</summary>
    public static void RunFloat(in TransposeConvGeometry g, float min, float max, ReadOnlySpan<float> input, ReadOnlySpan<float> filter,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        int count = g.Batches * g.OutputHeight * g.OutputWidth * g.OutputDepth;
        output = output[..count];
        output.Clear();
        for (int b = 0; b < g.Batches; b++)
        for (int iy = 0; iy < g.InputHeight; iy++)
        for (int ix = 0; ix < g.InputWidth; ix++)
        for (int ic = 0; ic < g.InputDepth; ic++)
        {
            float x = input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputDepth + ic];
            int oy0 = iy * g.StrideHeight - g.PadHeight, ox0 = ix * g.StrideWidth - g.PadWidth;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int oy = oy0 + fy, ox = ox0 + fx;
                if (oy < 0 || oy >= g.OutputHeight || ox < 0 || ox >= g.OutputWidth) continue;
                int outBase = ((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputDepth;
                for (int oc = 0; oc < g.OutputDepth; oc++)
                    output[outBase + oc] += x * filter[((oc * g.FilterHeight + fy) * g.FilterWidth + fx) * g.InputDepth + ic];
            }
        }
        for (int i = 0; i < count; i++)
        {
            float acc = output[i];
            if (!bias.IsEmpty) acc += bias[i % g.OutputDepth];
            output[i] = FloatActivation.Clamp(acc, min, max);
        }
    }

    private static void Scatter(in TransposeConvGeometry g, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> filter, Span<int> accumulators, int inputOffset)
    {
        for (int b = 0; b < g.Batches; b++)
        for (int iy = 0; iy < g.InputHeight; iy++)
        for (int ix = 0; ix < g.InputWidth; ix++)
        for (int ic = 0; ic < g.InputDepth; ic++)
        {
            int x = input[((b * g.InputHeight + iy) * g.InputWidth + ix) * g.InputDepth + ic] + inputOffset;
            int oy0 = iy * g.StrideHeight - g.PadHeight, ox0 = ix * g.StrideWidth - g.PadWidth;
            for (int fy = 0; fy < g.FilterHeight; fy++)
            for (int fx = 0; fx < g.FilterWidth; fx++)
            {
                int oy = oy0 + fy, ox = ox0 + fx;
                if (oy < 0 || oy >= g.OutputHeight || ox < 0 || ox >= g.OutputWidth) continue;
                int outBase = ((b * g.OutputHeight + oy) * g.OutputWidth + ox) * g.OutputDepth;
                for (int oc = 0; oc < g.OutputDepth; oc++)
                    accumulators[outBase + oc] = unchecked(accumulators[outBase + oc] + x * filter[((oc * g.FilterHeight + fy) * g.FilterWidth + fx) * g.InputDepth + ic]);
            }
        }
    }
}
