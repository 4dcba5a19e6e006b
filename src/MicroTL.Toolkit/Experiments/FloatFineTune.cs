// The float fine-tuning baseline: the same head, optimizer, batch size, stopping rule, validation
// share and seed as the device's run, trained on the float features of the float base network's body
// instead of stored int8 features. The gap to the device's accuracy is what int8 storage costs.
// The validation split is the device's (StratifiedSplit with the run's seed) over the labelled samples in
// the order the device stores them, so both hold out the same samples when the device's store keeps every
// one (it is sized to in the scenarios, and holds no records of earlier runs).
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The outcome of <see cref="FloatFineTune.Run"/>.</summary>
/// <param name="Accuracy">Test accuracy of the float base body + the new float head.</param>
/// <param name="Training">Epochs, stop reason and per-epoch validation accuracy.</param>
/// <param name="ValidationSamples">The labelled samples held out for validation (indices into the training set), the device's split.</param>
public sealed record FloatFineTuneResult(double Accuracy, TrainingResult Training, IReadOnlyList<int> ValidationSamples);

/// <summary>Trains the device's head on float features of the float base network.</summary>
public static class FloatFineTune
{
    /// <summary>Trains a head for <paramref name="classes"/> classes on <paramref name="train"/>'s float features and tests it on <paramref name="test"/>.</summary>
    public static FloatFineTuneResult Run(FloatNetwork floatBase, SampleSet train, SampleSet test, int classes, TransferSettings settings)
    {
        int cutLayer = floatBase.Layers.Count - 3; // the output feeding the last two dense layers: the device's default cut
        int featureLength = floatBase.Layers[cutLayer].OutputShape.Size;
        FloatFeatureSet all = Features(floatBase, train, cutLayer);
        var counts = new int[classes];
        for (int i = 0; i < train.Count; i++) counts[train.Label(i)]++;
        (int[] trainIndices, int[] validationIndices) = StratifiedSplit.Indices(all, counts, settings.ValidationFraction, settings.Seed);
        FloatFeatureSet trainSet = all.Subset(trainIndices), validation = all.Subset(validationIndices);

        var hiddenLayer = (DenseLayer)floatBase.Layers[^2];
        var shape = new HeadShape(featureLength, settings.Hidden ?? hiddenLayer.Units, classes);
        var trainerSettings = new TrainerSettings(settings.EffectiveOptimizer, settings.BatchSize, settings.MaxEpochs, Math.Max(1, trainSet.Count),
            settings.Seed, KeepSnapshot: settings.KeepSnapshot, RetryWithHalfLearningRate: settings.KeepSnapshot);
        var trainer = new HeadTrainer(shape, trainerSettings, settings.CreateStoppingRule());
        // The same start as the device: the base network's own head when the classes and width stay, else He.
        void Start(HeadParameters parameters)
        {
            if (!settings.FreshHead && classes == floatBase.Classes && shape.Hidden == hiddenLayer.Units)
            {
                ReadOnlySpan<float> p1 = floatBase.ParametersOf(hiddenLayer), p2 = floatBase.ParametersOf(floatBase.Layers[^1]);
                int w1 = shape.Hidden * featureLength, w2 = classes * shape.Hidden;
                parameters.Load(p1[..w1], p1[w1..], p2[..w2], p2[w2..]);
            }
            else
            {
                parameters.InitializeHe(settings.Seed);
            }
        }

        Start(trainer.Head.Parameters);
        TrainingResult result = trainer.Train(trainSet, validation.Count > 0 ? validation : null, restart: Start); // a rollback without good weights starts over
        FloatFeatureSet testFeatures = Features(floatBase, test, cutLayer);
        var input = new float[featureLength];
        int correct = 0;
        for (int i = 0; i < testFeatures.Count; i++)
        {
            testFeatures.Dequantize(i, input);
            if (trainer.Head.Predict(input) == testFeatures.LabelOf(i)) correct++;
        }

        return new FloatFineTuneResult(test.Count == 0 ? 0 : (double)correct / test.Count, result, validationIndices);
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
}
