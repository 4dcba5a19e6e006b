// Per-channel input standardisation that the deployed model carries without a new operator: the
// network trains on (x − mean[c]) / std[c], and FoldInto rewrites its first convolution so that it
// takes raw values again (W'[o,ky,kx,c] = W / std[c], b'[o] = b − Σ W·mean[c] / std[c]; exact for VALID
// padding, where no zero padding enters the window). The int8 model's input quantization then covers
// the raw range as before, so a device quantizes raw m/s² exactly as it did.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>Per-channel mean and standard deviation of a network's input, and how to apply or fold them.</summary>
/// <param name="Mean">Mean per channel.</param>
/// <param name="Std">Standard deviation per channel (positive).</param>
public sealed record InputNormalization(float[] Mean, float[] Std) : ISampleTransform
{
    /// <summary>Mean and standard deviation of each channel over every value of <paramref name="samples"/>; one pair for all channels when <paramref name="pooled"/>.</summary>
    /// <exception cref="ArgumentException">No samples.</exception>
    public static InputNormalization Of(SampleSet samples, bool pooled = false)
    {
        if (samples.Count == 0) throw new ArgumentException("input normalisation needs at least one sample");
        int c = samples.Shape.Channels;
        var sum = new double[c];
        var squares = new double[c];
        ReadOnlySpan<float> values = samples.Values;
        for (int i = 0; i < values.Length; i++)
        {
            sum[i % c] += values[i];
            squares[i % c] += (double)values[i] * values[i];
        }

        if (pooled)
        {
            double s = sum.Sum(), q = squares.Sum();
            Array.Fill(sum, s / c);
            Array.Fill(squares, q / c);
        }

        double n = values.Length / (double)c;
        var mean = new float[c];
        var std = new float[c];
        for (int k = 0; k < c; k++)
        {
            double m = sum[k] / n;
            mean[k] = (float)m;
            std[k] = (float)Math.Max(1e-6, Math.Sqrt(Math.Max(0, squares[k] / n - m * m)));
        }

        return new InputNormalization(mean, std);
    }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ref Pcg32 random)
    {
        int c = Mean.Length;
        for (int i = 0; i < sample.Length; i++) sample[i] = (sample[i] - Mean[i % c]) / Std[i % c];
    }

    /// <summary>Rewrites the first layer of <paramref name="network"/> (a VALID convolution) so that it takes raw inputs.</summary>
    /// <exception cref="NotSupportedException">The first layer is not a VALID-padded convolution, or its channels differ.</exception>
    public void FoldInto(FloatNetwork network)
    {
        if (network.Layers[0] is not Conv2DLayer { Padding: MicroTL.TfLite.Padding.Valid } conv)
            throw new NotSupportedException($"input normalisation folds into a first VALID convolution; the first layer is {network.Layers[0].GetType().Name}");
        int c = conv.InputShape.Channels;
        if (c != Mean.Length) throw new NotSupportedException($"normalisation has {Mean.Length} channels; the first convolution takes {c}");
        Span<float> p = network.ParametersOf(conv);
        Span<float> weights = p[..conv.WeightCount], bias = p[conv.WeightCount..];
        int perFilter = conv.WeightCount / conv.Filters;
        for (int o = 0; o < conv.Filters; o++)
        {
            double shift = 0;
            for (int i = 0; i < perFilter; i++)
            {
                int at = o * perFilter + i, channel = i % c;
                weights[at] /= Std[channel];
                shift += (double)weights[at] * Mean[channel];
            }

            bias[o] -= (float)shift;
        }
    }
}
