// MAX_POOL_2D in float32, NHWC, per channel over a KH x KW window with stride SH x SW and TFLite
// padding (padded cells never win). Backward sends each output's gradient to the first maximum
// of its window (recomputed from the input, so nothing is stored between the passes).
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Training;

/// <summary>Max pooling; no parameters.</summary>
public sealed class MaxPool2DLayer : Pool2DLayer
{
    /// <summary>Creates the layer; the output size follows TFLite's formula for <paramref name="padding"/>.</summary>
    public MaxPool2DLayer(FeatureShape input, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding = Padding.Valid)
        : base(input, poolHeight, poolWidth, strideHeight, strideWidth, padding)
    {
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < OutputShape.Size; o++)
                output[b * OutputShape.Size + o] = input[b * InputShape.Size + ArgMax(input.Slice(b * InputShape.Size, InputShape.Size), o)];
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        if (inputGradient.IsEmpty) return;
        inputGradient[..(batch * InputShape.Size)].Clear();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * InputShape.Size, InputShape.Size);
            for (int o = 0; o < OutputShape.Size; o++)
                inputGradient[b * InputShape.Size + ArgMax(x, o)] += outputGradient[b * OutputShape.Size + o];
        }
    }

    /// <summary>Index in one input sample of the (first) maximum of output element <paramref name="o"/>'s window.</summary>
    private int ArgMax(ReadOnlySpan<float> x, int o)
    {
        int c = InputShape.Channels;
        int channel = o % c, pixel = o / c;
        int oy = pixel / OutputShape.Width, ox = pixel % OutputShape.Width;
        int iy0 = oy * StrideHeight - PadTop, ix0 = ox * StrideWidth - PadLeft;
        int best = -1;
        float max = float.NegativeInfinity;
        for (int ky = Math.Max(0, -iy0); ky < Math.Min(PoolHeight, InputShape.Height - iy0); ky++)
            for (int kx = Math.Max(0, -ix0); kx < Math.Min(PoolWidth, InputShape.Width - ix0); kx++)
            {
                int at = ((iy0 + ky) * InputShape.Width + ix0 + kx) * c + channel;
                if (best < 0 || x[at] > max)
                {
                    best = at;
                    max = x[at];
                }
            }

        return best;
    }
}
