// How window statistics become int8 head inputs beside the CNN features (the recipe study's hybrid
// head input): each statistic is standardised with a mean and sd taken over the pretraining windows
// (constants the cloud ships with the model) and quantized at 1/16 sd per step, zero point 0, so
// ±8 sd fit; dequantized at training like the CNN features (real = scale · q).
using System.Runtime.InteropServices;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Baselines;

/// <summary>Per-statistic mean and sd, and the int8 quantization of standardised statistics.</summary>
/// <param name="Mean">Mean of each statistic.</param>
/// <param name="Sd">Population standard deviation of each statistic (positive).</param>
public sealed record StatisticsScaling(float[] Mean, float[] Sd)
{
    /// <summary>The scale of a quantized standardised statistic: 1/16 sd per step.</summary>
    public const float Int8Scale = 1f / 16;

    /// <summary>Mean and sd of every statistic (<see cref="WindowStatistics"/>) over <paramref name="samples"/>.</summary>
    /// <exception cref="ArgumentException">No samples, or samples that are not 3-axis windows.</exception>
    public static StatisticsScaling Of(SampleSet samples, bool extended = true)
    {
        if (samples.Count == 0) throw new ArgumentException("statistics scaling needs at least one window");
        int n = WindowStatistics.Count(extended);
        float[] statistics = WindowStatistics.Of(samples, extended);
        var mean = new float[n];
        var sd = new float[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < samples.Count; i++)
            {
                double v = statistics[i * n + j];
                sum += v;
                squares += v * v;
            }

            double m = sum / samples.Count;
            mean[j] = (float)m;
            sd[j] = (float)Math.Max(1e-6, Math.Sqrt(Math.Max(0, squares / samples.Count - m * m)));
        }

        return new StatisticsScaling(mean, sd);
    }

    /// <summary>
    /// The constants a model's window statistics op (<c>MICROTL_WINDOW_STATISTICS</c>, written by the pretrainer) carries,
    /// or null when the model computes no window statistics.
    /// </summary>
    public static StatisticsScaling? FromModel(TfLiteModel model)
    {
        Subgraph graph = model.MainSubgraph;
        foreach (OperatorInfo op in graph.Operators)
        {
            if (model.OperatorCodes[op.OpcodeIndex].CustomCode != WindowStatisticsOperator.CustomCode || op.Inputs.Length < 2) continue;
            TensorInfo constants = graph.Tensors[op.Inputs[1]];
            ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(model.DataOf(constants).Span);
            if (constants.Type != TensorType.Float32 || values.Length % 2 != 0 || values.Length == 0) return null;
            int n = values.Length / 2;
            return new StatisticsScaling(values[..n].ToArray(), values[n..].ToArray());
        }

        return null;
    }

    /// <summary>Standardises and quantizes the statistics of one window into <paramref name="destination"/>.</summary>
    /// <remarks><c>q[j] = clamp(round_half_away(((s[j] − mean[j]) / sd[j]) / Int8Scale), −128, 127)</c>.</remarks>
    /// <exception cref="ArgumentException">The lengths differ from the scaling's.</exception>
    public void Quantize(ReadOnlySpan<float> statistics, Span<sbyte> destination)
    {
        if (statistics.Length != Mean.Length || destination.Length < Mean.Length)
            throw new ArgumentException($"the scaling has {Mean.Length} statistics; got {statistics.Length} values and room for {destination.Length}");
        for (int j = 0; j < Mean.Length; j++)
        {
            float z = (statistics[j] - Mean[j]) / Sd[j];
            destination[j] = (sbyte)Math.Clamp(MathF.Round(z / Int8Scale, MidpointRounding.AwayFromZero), -128f, 127f);
        }
    }
}
