// The float fine-tuning baseline: the same head, optimizer, batch size, stopping rule, validation
// share, seed, augmented copies and head input as the device's run, trained on the float features of the float base
// network's body (and the float window statistics) instead of stored int8 features. The gap to the device's accuracy is
// what int8 storage costs (and the device's own augmentation draws against the host's: the same distributions).
// The validation split is the device's (StratifiedSplit with the run's seed) over the labelled samples in
// the order the device stores them, so both hold out the same samples when the device's store keeps every
// one (it is sized to in the scenarios, and holds no records of earlier runs).
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.Toolkit.Baselines;
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
    /// <summary>
    /// Trains a head for <paramref name="classes"/> classes on <paramref name="train"/>'s float features and tests it on
    /// <paramref name="test"/>. As the device: each training sample followed by <paramref name="copies"/> perturbed copies
    /// (the device's rotation, gain and shift, drawn by the host's <see cref="MotionAugmentation"/>), and with
    /// <paramref name="headStatistics"/> the window statistics beside the CNN features, standardised but not quantized.
    /// </summary>
    public static FloatFineTuneResult Run(FloatNetwork floatBase, SampleSet train, SampleSet test, int classes, TransferSettings settings,
        StatisticsScaling? headStatistics = null, int copies = 0)
    {
        int cutLayer = floatBase.Layers.Count - 3; // the output feeding the last two dense layers: the device's default cut
        int cnnLength = floatBase.Layers[cutLayer].OutputShape.Size;
        int featureLength = cnnLength + (headStatistics?.Mean.Length ?? 0);
        SampleSet augmented = copies > 0 ? Augment(train, copies, settings.Seed) : train;
        FloatFeatureSet all = Features(floatBase, augmented, cutLayer, headStatistics);
        var counts = new int[classes];
        for (int i = 0; i < augmented.Count; i++) counts[augmented.Label(i)]++;
        (int[] trainIndices, int[] validationIndices) = StratifiedSplit.Indices(all, counts, settings.ValidationFraction, settings.Seed);
        FloatFeatureSet trainSet = all.Subset(trainIndices), validation = all.Subset(validationIndices);

        var hiddenLayer = (DenseLayer)floatBase.Layers[^2];
        var shape = new HeadShape(featureLength, settings.Hidden ?? (headStatistics is null ? hiddenLayer.Units : TransferSettings.DefaultHidden), classes);
        var trainerSettings = new TrainerSettings(settings.EffectiveOptimizer, settings.BatchSize, settings.MaxEpochs, Math.Max(1, trainSet.Count),
            settings.Seed, KeepSnapshot: settings.KeepSnapshot, RetryWithHalfLearningRate: settings.KeepSnapshot);
        var trainer = new HeadTrainer(shape, trainerSettings, settings.CreateStoppingRule(trainSet.Count));
        // The same start as the device: the base network's own head when the classes and width stay (widened with zero
        // weights for the statistics), else He.
        void Start(HeadParameters parameters)
        {
            if (!settings.FreshHead && classes == floatBase.Classes && shape.Hidden == hiddenLayer.Units)
            {
                ReadOnlySpan<float> p1 = floatBase.ParametersOf(hiddenLayer), p2 = floatBase.ParametersOf(floatBase.Layers[^1]);
                int w1 = shape.Hidden * cnnLength, w2 = classes * shape.Hidden;
                var wide = new float[shape.Hidden * featureLength];
                for (int h = 0; h < shape.Hidden; h++) p1.Slice(h * cnnLength, cnnLength).CopyTo(wide.AsSpan(h * featureLength));
                parameters.Load(wide, p1[w1..], p2[..w2], p2[w2..]);
            }
            else
            {
                parameters.InitializeHe(settings.Seed);
            }
        }

        Start(trainer.Head.Parameters);
        TrainingResult result = trainer.Train(trainSet, validation.Count > 0 ? validation : null, restart: Start); // a rollback without good weights starts over
        FloatFeatureSet testFeatures = Features(floatBase, test, cutLayer, headStatistics);
        var input = new float[featureLength];
        int correct = 0;
        for (int i = 0; i < testFeatures.Count; i++)
        {
            testFeatures.Dequantize(i, input);
            if (trainer.Head.Predict(input) == testFeatures.LabelOf(i)) correct++;
        }

        return new FloatFineTuneResult(test.Count == 0 ? 0 : (double)correct / test.Count, result, validationIndices);
    }

    /// <summary>Each sample followed by <paramref name="copies"/> perturbed copies (the device's order), drawn from the augmentation stream of <paramref name="seed"/>.</summary>
    private static SampleSet Augment(SampleSet samples, int copies, ulong seed)
    {
        var augmentation = new MotionAugmentation
        {
            Rotation = RotationKind.Bounded, MaxAngleDegrees = WindowAugmentation.DefaultMaxAngleRadians * 180f / MathF.PI,
            ScaleSpread = WindowAugmentation.DefaultGainSpread, MaxShiftSamples = WindowAugmentation.DefaultMaxShiftSamples,
        };
        int size = samples.Shape.Size, n = samples.Count * (1 + copies);
        var values = new float[n * size];
        var labels = new int[n];
        var random = new Pcg32(seed, RandomStreams.Augmentation);
        int at = 0;
        for (int i = 0; i < samples.Count; i++)
        for (int c = 0; c <= copies; c++, at++)
        {
            Span<float> copy = values.AsSpan(at * size, size);
            samples.Sample(i).CopyTo(copy);
            if (c > 0) augmentation.Apply(copy, ref random);
            labels[at] = samples.Label(i);
        }

        return new SampleSet(samples.Shape, values, labels);
    }

    private static FloatFeatureSet Features(FloatNetwork network, SampleSet samples, int cutLayer, StatisticsScaling? statistics)
    {
        const int Batch = 64;
        int cnnLength = network.Layers[cutLayer].OutputShape.Size, size = network.InputShape.Size;
        int extra = statistics?.Mean.Length ?? 0, featureLength = cnnLength + extra;
        var features = new float[samples.Count * featureLength];
        for (int start = 0; start < samples.Count; start += Batch)
        {
            int n = Math.Min(Batch, samples.Count - start);
            network.Forward(samples.Values.Slice(start * size, n * size), n);
            ReadOnlySpan<float> cnn = network.LayerOutput(cutLayer, n);
            for (int i = 0; i < n; i++) cnn.Slice(i * cnnLength, cnnLength).CopyTo(features.AsSpan((start + i) * featureLength));
        }

        if (statistics is not null)
        {
            var values = new float[extra];
            for (int i = 0; i < samples.Count; i++)
            {
                WindowStatistics.Compute(samples.Sample(i), values, extended: extra == WindowStatistics.ExtendedCount);
                Span<float> row = features.AsSpan(i * featureLength + cnnLength, extra);
                for (int j = 0; j < extra; j++) row[j] = (values[j] - statistics.Mean[j]) / statistics.Sd[j];
            }
        }

        return new FloatFeatureSet(features, samples.Labels.ToArray(), featureLength);
    }
}
