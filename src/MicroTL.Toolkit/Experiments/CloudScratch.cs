// The cloud alternative to on-device learning: the device uploads its K labelled samples per class,
// the cloud trains a new base network from scratch on them alone (no pretrained body), quantizes it
// to int8 calibrated on those samples, and sends the model back. For motion windows the cloud uses what
// a careful cloud would: inputs standardised per axis (folded into the first convolution afterwards, as
// in pretraining), each window rotated by up to ±30°, scaled by ±10 % and shifted in time by up to
// ±50 samples, and 80 epochs (docs/recipe-study.md measured these against the plain 40-epoch run).
using System.Diagnostics;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The outcome of <see cref="CloudScratch.Train"/>.</summary>
/// <param name="Int8Accuracy">Test accuracy of the int8 model (our interpreter).</param>
/// <param name="FloatAccuracy">Test accuracy of the float network.</param>
/// <param name="TrainHostSeconds">Host wall-clock seconds of training and quantizing.</param>
/// <param name="ModelBytes">Bytes of the int8 .tflite file.</param>
/// <param name="History">Training loss and accuracy per epoch.</param>
public sealed record CloudScratchResult(double Int8Accuracy, double FloatAccuracy, double TrainHostSeconds, int ModelBytes, IReadOnlyList<EpochProgress> History)
{
    /// <summary>
    /// Test accuracy of the float network after each epoch (index 0 = epoch 1); empty unless asked for. Float, not int8:
    /// quantizing after every epoch would cost more than the training; the last value is <see cref="FloatAccuracy"/>.
    /// </summary>
    public IReadOnlyList<double> TestAccuracyPerEpoch { get; init; } = [];
}

/// <summary>Trains a base network from scratch on the device's labelled samples.</summary>
public static class CloudScratch
{
    /// <summary>Epochs of the from-scratch training (the sets are small: a few hundred samples at most; augmentation makes every epoch new data).</summary>
    public const int DefaultEpochs = 80;

    /// <summary>The augmentation of motion windows in the cloud's training.</summary>
    public static MotionAugmentation MotionAugmentation { get; } =
        new() { Rotation = RotationKind.Bounded, MaxAngleDegrees = 30f, ScaleSpread = 0.1f, MaxShiftSamples = 50 };

    /// <summary>Mini-batch size of the from-scratch training.</summary>
    public const int BatchSize = 16;

    /// <summary>Trains a new base network for <paramref name="classes"/> classes on <paramref name="train"/> and tests it on <paramref name="test"/>;
    /// <paramref name="onEpoch"/> hears of each epoch.</summary>
    /// <param name="train">The labelled samples (the uploaded data).</param>
    /// <param name="test">The test samples.</param>
    /// <param name="classes">Classes of the new network.</param>
    /// <param name="seed">Seed of the initialisation and shuffling.</param>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="cancel">Stops between epochs.</param>
    /// <param name="onEpoch">Called after each epoch.</param>
    /// <param name="testEachEpoch">Also measure the float network's test accuracy after every epoch (<see cref="CloudScratchResult.TestAccuracyPerEpoch"/>).
    /// It only reads the network, so the trained weights and final accuracies are the same either way; its time is left out of
    /// <see cref="CloudScratchResult.TrainHostSeconds"/>, which feeds the energy model.</param>
    public static CloudScratchResult Train(SampleSet train, SampleSet test, int classes, ulong seed, int epochs = DefaultEpochs,
        CancellationToken cancel = default, Action<EpochProgress>? onEpoch = null, bool testEachEpoch = false)
    {
        var clock = Stopwatch.StartNew();
        var testing = new Stopwatch();
        var testAccuracies = new List<double>();
        FloatNetwork network = BaseNetworks.For(train.Shape, classes, seed ^ 0xC10DUL);
        bool motion = train.Shape == BaseNetworks.MotionInput;
        InputNormalization? normalization = motion ? InputNormalization.Of(train) : null;
        // Until the normalisation is folded in after training, the network takes standardised inputs: so must its test pass.
        SampleSet? normalisedTest = testEachEpoch && normalization is not null ? Normalised(test, normalization) : null;
        IReadOnlyList<EpochProgress> history = Trainer.Train(network, train,
            new TrainingOptions
            {
                Epochs = epochs, BatchSize = BatchSize, ShuffleSeed = seed,
                Transform = normalization is null ? null : new ChainedTransform([MotionAugmentation, normalization]),
            },
            e =>
            {
                if (testEachEpoch)
                {
                    testing.Start();
                    testAccuracies.Add(network.Evaluate(normalisedTest ?? test));
                    testing.Stop();
                }

                onEpoch?.Invoke(e);
                cancel.ThrowIfCancellationRequested();
            });
        normalization?.FoldInto(network);
        QuantizedModel quantized = Int8Quantizer.Quantize(network, train, new Int8QuantizationOptions { Description = "MicroTL cloud baseline, trained from scratch, int8" });
        int modelBytes = quantized.Bytes.Length;
        double seconds = (clock.Elapsed - testing.Elapsed).TotalSeconds;
        return new CloudScratchResult(quantized.Evaluate(test), network.Evaluate(test), seconds, modelBytes, history) { TestAccuracyPerEpoch = testAccuracies };
    }

    private static SampleSet Normalised(SampleSet samples, InputNormalization normalization)
    {
        float[] values = samples.Values.ToArray();
        var unused = new Pcg32(0);
        for (int i = 0; i < samples.Count; i++) normalization.Apply(values.AsSpan(i * samples.Shape.Size, samples.Shape.Size), ref unused);
        return new SampleSet(samples.Shape, values, samples.Labels.ToArray());
    }
}
