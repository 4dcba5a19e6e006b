// Mini-batch training of a FloatNetwork: each epoch shuffles the sample order with the seeded
// generator (the device's PCG32), then for each mini-batch gathers the samples, computes gradients and
// takes an Adam step (the device's optimizer, its weight decay decoupled as AdamW).
using System.Diagnostics;
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>Trains a <see cref="FloatNetwork"/> with Adam on softmax cross-entropy.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> in place on <paramref name="samples"/>; calls <paramref name="progress"/>
    /// after each epoch and returns every epoch's progress. Same network, samples and options give the same bits.
    /// </summary>
    /// <exception cref="ArgumentException">The samples' shape is not the network's input, a label is out of range, or an option is not positive.</exception>
    public static IReadOnlyList<EpochProgress> Train(FloatNetwork network, SampleSet samples, TrainingOptions options,
        Action<EpochProgress>? progress = null)
    {
        Validate(network, samples, options);
        var optimizer = new HeadOptimizer(OptimizerSettings.Adam(options.LearningRate, options.WeightDecay, decoupledWeightDecay: true));
        float[] m = new float[network.Parameters.Length], v = new float[network.Parameters.Length];
        var random = new Pcg32(options.ShuffleSeed);
        // Its own stream, so adding a transform leaves the shuffle order as it was.
        var transformRandom = new Pcg32(options.ShuffleSeed ^ 0xA55A_7E1DUL);
        int size = network.InputShape.Size, batchSize = Math.Min(options.BatchSize, samples.Count);
        var order = new int[samples.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var inputs = new float[batchSize * size];
        var labels = new int[batchSize];
        var history = new List<EpochProgress>(options.Epochs);
        var clock = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double lossSum = 0;
            int correct = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int n = Math.Min(batchSize, order.Length - start);
                for (int b = 0; b < n; b++)
                {
                    samples.Sample(order[start + b]).CopyTo(inputs.AsSpan(b * size));
                    options.Transform?.Apply(inputs.AsSpan(b * size, size), ref transformRandom);
                    labels[b] = samples.Label(order[start + b]);
                }

                (float loss, int right) = network.ComputeGradients(inputs.AsSpan(0, n * size), labels.AsSpan(0, n));
                optimizer.Step(network.Parameters, network.Gradients, m, v);
                lossSum += (double)loss * n;
                correct += right;
            }

            var report = new EpochProgress(epoch, (float)(lossSum / samples.Count), (float)correct / samples.Count, clock.Elapsed);
            history.Add(report);
            progress?.Invoke(report);
        }

        return history;
    }

    private static void Validate(FloatNetwork network, SampleSet samples, TrainingOptions options)
    {
        if (samples.Shape.Size != network.InputShape.Size)
            throw new ArgumentException($"samples are {samples.Shape} but the network takes {network.InputShape}");
        if (samples.Count == 0) throw new ArgumentException("no training samples");
        if (options.Epochs < 1 || options.BatchSize < 1)
            throw new ArgumentException($"epochs {options.Epochs} and batch size {options.BatchSize} must be >= 1");
        for (int i = 0; i < samples.Count; i++)
            if ((uint)samples.Label(i) >= (uint)network.Classes)
                throw new ArgumentException($"sample {i} has label {samples.Label(i)}; the network has {network.Classes} classes");
    }
}
