// AVERAGE_POOL_2D in float32, NHWC: the mean of the in-bounds cells of each window (TFLite divides
// by the number of cells inside the input, so SAME padding does not pull averages towards 0).
using MicroTL.TfLite;

namespace MicroTL.Toolkit.Training;

/// <summary>Average pooling; no parameters.</summary>
public sealed class AveragePool2DLayer : Pool2DLayer
{
    /// <summary>Creates the layer; the output size follows TFLite's formula for <paramref name="padding"/>.</summary>
    public AveragePool2DLayer(FeatureShape input, int poolHeight, int poolWidth, int strideHeight, int strideWidth, Padding padding = Padding.Valid)
        : base(input, poolHeight, poolWidth, strideHeight, strideWidth, padding)
    {
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch) =>
        Run(input, output, default, default, batch);

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        if (inputGradient.IsEmpty) return;
        inputGradient[..(batch * InputShape.Size)].Clear();
        Run(input, default, outputGradient, inputGradient, batch);
    }

    /// <summary>Forward when <paramref name="output"/> is given, else spreads <paramref name="dy"/> evenly over each window into <paramref name="dx"/>.</summary>
    private void Run(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> dy, Span<float> dx, int batch)
    {
        bool forward = !output.IsEmpty;
        int c = InputShape.Channels;
        for (int b = 0; b < batch; b++)
        for (int oy = 0; oy < OutputShape.Height; oy++)
        for (int ox = 0; ox < OutputShape.Width; ox++)
        {
            int iy0 = oy * StrideHeight - PadTop, ix0 = ox * StrideWidth - PadLeft;
            int ky0 = Math.Max(0, -iy0), ky1 = Math.Min(PoolHeight, InputShape.Height - iy0);
            int kx0 = Math.Max(0, -ix0), kx1 = Math.Min(PoolWidth, InputShape.Width - ix0);
            float inverseCount = 1f / ((ky1 - ky0) * (kx1 - kx0));
            for (int channel = 0; channel < c; channel++)
            {
                int outAt = b * OutputShape.Size + (oy * OutputShape.Width + ox) * c + channel;
                float sum = 0f, share = forward ? 0f : dy[outAt] * inverseCount;
                for (int ky = ky0; ky < ky1; ky++)
                    for (int kx = kx0; kx < kx1; kx++)
                    {
                        int at = b * InputShape.Size + ((iy0 + ky) * InputShape.Width + ix0 + kx) * c + channel;
                        if (forward) sum += input[at];
                        else dx[at] += share;
                    }

                if (forward) output[outAt] = sum * inverseCount;
            }
        }
    }
}
