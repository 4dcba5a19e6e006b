// Calibration for post-training quantization: run the float network over representative inputs
// and record the range of the input and of every layer's output.
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Quantization;

/// <summary>Ranges seen on the calibration data: the input's, then one per layer output.</summary>
/// <param name="Input">Range of the network input.</param>
/// <param name="LayerOutputs">Range of each layer's output, in layer order.</param>
/// <param name="Samples">Samples the ranges were taken over.</param>
public sealed record Calibration(ActivationRange Input, IReadOnlyList<ActivationRange> LayerOutputs, int Samples)
{
    /// <summary>
    /// Runs <paramref name="network"/> over <paramref name="samples"/> and records the ranges; when there are more than
    /// <paramref name="maxSamples"/>, over that many spread evenly (sample ⌊i·N / max⌋), so sets sorted by class or subject are covered.
    /// </summary>
    /// <exception cref="ArgumentException">No samples, or their shape is not the network's input.</exception>
    public static Calibration Run(FloatNetwork network, SampleSet samples, int maxSamples = 2000)
    {
        if (samples.Count == 0) throw new ArgumentException("calibration needs at least one sample");
        if (samples.Shape.Size != network.InputShape.Size)
            throw new ArgumentException($"calibration samples are {samples.Shape} but the network takes {network.InputShape}");
        const int Batch = 64;
        int count = Math.Min(samples.Count, Math.Max(1, maxSamples)), size = network.InputShape.Size;
        if (count < samples.Count)
        {
            var picked = new int[count];
            for (int i = 0; i < count; i++) picked[i] = (int)((long)i * samples.Count / count);
            samples = samples.Subset(picked);
        }

        ActivationRange input = ActivationRange.Zero;
        var outputs = new ActivationRange[network.Layers.Count];
        Array.Fill(outputs, ActivationRange.Zero);
        for (int start = 0; start < count; start += Batch)
        {
            int n = Math.Min(Batch, count - start);
            ReadOnlySpan<float> x = samples.Values.Slice(start * size, n * size);
            input = input.Include(x);
            network.Forward(x, n);
            for (int i = 0; i < outputs.Length; i++) outputs[i] = outputs[i].Include(network.LayerOutput(i, n));
        }

        return new Calibration(input, outputs, count);
    }
}
