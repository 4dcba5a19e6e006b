// The float fine-tuning baseline: the same head, optimizer, batch size, stopping rule, validation
// share and seed as the device's run, trained on the float features of the float base network's body
// instead of stored int8 features. The gap to the device's accuracy is what int8 storage costs.
// The validation split follows the device's rule (per class round(fraction·n), at least one record
// left to train) with its own seeded shuffle, and every labelled sample is used (the device's store
// is sized to hold them all in the scenarios).
using MicroTL.Session;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The outcome of <see cref="FloatFineTune.Run"/>.</summary>
/// <param name="Accuracy">Test accuracy of the float base body + the new float head.</param>
/// <param name="Training">Epochs, stop reason and per-epoch validation accuracy.</param>
public sealed record FloatFineTuneResult(double Accuracy, TrainingResult Training);

/// <summary>Trains the device's head on float features of the float base network.</summary>
public static class FloatFineTune
{
    /// <summary>Trains a head for <paramref name="classes"/> classes on <paramref name="train"/>'s float features and tests it on <paramref name="test"/>.</summary>
    public static FloatFineTuneResult Run(FloatNetwork floatBase, SampleSet train, SampleSet test, int classes, TransferSettings settings)
    {
        int cutLayer = floatBase.Layers.Count - 3; // the output feeding the last two dense layers: the device's default cut
        int featureLength = floatBase.Layers[cutLayer].OutputShape.Size;
        FloatFeatureSet all = Features(floatBase, train, cutLayer);
        (List<int> trainIndices, List<int> validationIndices) = Split(train, classes, settings.ValidationFraction, settings.Seed);
        FloatFeatureSet trainSet = all.Subset(trainIndices), validation = all.Subset(validationIndices);

        var hiddenLayer = (DenseLayer)floatBase.Layers[^2];
        var shape = new HeadShape(featureLength, settings.Hidden ?? hiddenLayer.Units, classes);
        var trainerSettings = new TrainerSettings(settings.EffectiveOptimizer, settings.BatchSize, settings.MaxEpochs, Math.Max(1, trainSet.Count),
            settings.Seed, KeepSnapshot: settings.KeepSnapshot, RetryWithHalfLearningRate: settings.KeepSnapshot);
        var trainer = new HeadTrainer(shape, trainerSettings, settings.CreateStoppingRule());
        // The same start as the device: the base network's own head when the classes and width stay, else He.
        if (!settings.FreshHead && classes == floatBase.Classes && shape.Hidden == hiddenLayer.Units)
        {
            ReadOnlySpan<float> p1 = floatBase.ParametersOf(hiddenLayer), p2 = floatBase.ParametersOf(floatBase.Layers[^1]);
            int w1 = shape.Hidden * featureLength, w2 = classes * shape.Hidden;
            trainer.Head.Parameters.Load(p1[..w1], p1[w1..], p2[..w2], p2[w2..]);
        }
        else
        {
            trainer.Head.Parameters.InitializeHe(settings.Seed);
        }

        TrainingResult result = trainer.Train(trainSet, validation.Count > 0 ? validation : null);
        FloatFeatureSet testFeatures = Features(floatBase, test, cutLayer);
        var input = new float[featureLength];
        int correct = 0;
        for (int i = 0; i < testFeatures.Count; i++)
        {
            testFeatures.Dequantize(i, input);
            if (trainer.Head.Predict(input) == testFeatures.LabelOf(i)) correct++;
        }

        return new FloatFineTuneResult(test.Count == 0 ? 0 : (double)correct / test.Count, result);
    }

    private static FloatFeatureSet Features(FloatNetwork network, SampleSet samples, int cutLayer)
    {
        const int Batch = 64;
        int featureLength = network.Layers[cutLayer].OutputShape.Size, size = network.InputShape.Size;
        var features = new float[samples.Count * featureLength];
        for (int start = 0; start < samples.Count; start += Batch)
        {
            int n = Math.Min(Batch, samples.Count - start);
            network.Forward(samples.Values.Slice(start * size, n * size), n);
            network.LayerOutput(cutLayer, n).CopyTo(features.AsSpan(start * featureLength));
        }

        return new FloatFeatureSet(features, samples.Labels.ToArray(), featureLength);
    }

    private static (List<int> Train, List<int> Validation) Split(SampleSet samples, int classes, double fraction, ulong seed)
    {
        var random = new TrainingRandom(seed ^ 0x5A11_7E57UL);
        var train = new List<int>();
        var validation = new List<int>();
        for (int c = 0; c < classes; c++)
        {
            var members = new List<int>();
            for (int i = 0; i < samples.Count; i++)
                if (samples.Label(i) == c) members.Add(i);
            int[] order = [.. members];
            random.Shuffle(order);
            int held = Math.Min((int)Math.Round(fraction * order.Length, MidpointRounding.AwayFromZero), Math.Max(0, order.Length - 1));
            validation.AddRange(order[..held]);
            train.AddRange(order[held..]);
        }

        return (train, validation);
    }
}
