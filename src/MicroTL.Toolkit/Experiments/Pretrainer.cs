// The cloud side of MicroTL in one call: train the motion base network on WISDM windows of some
// subjects and activities, hold out whole subjects for evaluation (a new user is what transfer
// learning meets on the device), quantize to int8 and measure both models on the held-out windows.
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Settings of <c>Pretrainer.Pretrain</c> beyond seed and epochs.</summary>
public sealed record PretrainOptions
{
    /// <summary>Fraction of the subjects held out for evaluation (at least one, and at least one kept); with one subject, that fraction of its windows.</summary>
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>Stride of the training windows in samples (100 = half-overlapping windows, twice the data); test windows never overlap.</summary>
    public int TrainingStrideSamples { get; init; } = 100;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Windows used for int8 calibration (taken from the training windows).</summary>
    public int CalibrationSamples { get; init; } = 1000;

    /// <summary>Quantization settings.</summary>
    public Int8QuantizationOptions Quantization { get; init; } = new();
}

/// <summary>The outcome of <c>Pretrainer.Pretrain</c>.</summary>
/// <param name="Network">The trained float network.</param>
/// <param name="Quantized">Its int8 model; <c>Quantized.Bytes</c> is the .tflite file.</param>
/// <param name="FloatAccuracy">Float accuracy on the held-out windows.</param>
/// <param name="Int8Accuracy">int8 accuracy (on our interpreter) on the held-out windows.</param>
/// <param name="Agreement">Fraction of held-out windows where float and int8 predict the same class.</param>
/// <param name="TrainWindows">Training windows.</param>
/// <param name="TestWindows">Held-out windows.</param>
/// <param name="TestSubjects">Subjects held out (empty when windows of one subject were split).</param>
/// <param name="History">Per-epoch training progress.</param>
public sealed record PretrainResult(FloatNetwork Network, QuantizedModel Quantized, float FloatAccuracy, float Int8Accuracy, float Agreement,
    int TrainWindows, int TestWindows, IReadOnlyList<int> TestSubjects, IReadOnlyList<EpochProgress> History);

/// <summary>Pretrains, quantizes and evaluates the WISDM motion base network.</summary>
public static class Pretrainer
{
    /// <summary>
    /// Trains <see cref="BaseNetworks.Motion"/> for <paramref name="activities"/> (class k = activities[k]) on
    /// <paramref name="subjects"/> minus a held-out part, quantizes it to int8 and evaluates both on the held-out windows.
    /// The network takes raw m/s² values; the int8 model's input quantization carries that scale.
    /// </summary>
    /// <exception cref="MicroTL.Toolkit.Data.DataFormatException">A subject or activity is not in the data set.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 activities, no subjects, or no windows on either side of the split.</exception>
    public static PretrainResult Pretrain(WisdmDataset data, IReadOnlyList<char> activities, IReadOnlyCollection<int> subjects,
        ulong seed, int epochs, PretrainOptions? options = null, Action<EpochProgress>? progress = null)
    {
        options ??= new PretrainOptions();
        if (activities.Count < 2) throw new ArgumentException($"pretraining needs at least 2 activities, got {activities.Count}");
        if (subjects.Count == 0) throw new ArgumentException("pretraining needs at least one subject");
        WisdmDataset selected = data.Select(subjects, activities);
        var random = new Pcg32(seed ^ 0x5EED5EEDUL);
        SampleSet train, test;
        int[] testSubjects;
        if (subjects.Count >= 2)
        {
            int[] order = subjects.Distinct().Order().ToArray();
            random.Shuffle(order);
            int held = Math.Clamp((int)Math.Round(order.Length * options.HeldOutFraction), 1, order.Length - 1);
            testSubjects = [.. order[..held].Order()];
            int[] trainSubjects = order[held..];
            train = WisdmSamples.Create(selected.Select(trainSubjects, null).Windows(WisdmDataset.DefaultWindowSamples, options.TrainingStrideSamples), activities);
            test = WisdmSamples.Create(selected.Select(testSubjects, null).Windows(), activities);
        }
        else
        {
            SampleSet all = WisdmSamples.Create(selected.Windows(), activities);
            int[] order = Enumerable.Range(0, all.Count).ToArray();
            random.Shuffle(order);
            int held = Math.Clamp((int)Math.Round(order.Length * options.HeldOutFraction), 1, Math.Max(1, order.Length - 1));
            testSubjects = [];
            test = all.Subset(order[..held]);
            train = all.Subset(order[held..]);
        }

        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException($"the split left {train.Count} training and {test.Count} held-out windows; both must be non-empty");

        return Pretrain(BaseNetworks.Motion(activities.Count, seed), train, test, testSubjects, seed, epochs, options, progress);
    }

    /// <summary>
    /// Trains <paramref name="network"/> (any base network: motion or image) on <paramref name="train"/>, quantizes it to int8
    /// calibrated on its training samples, and evaluates the float and int8 models on <paramref name="test"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An empty set, or samples that do not fit the network.</exception>
    public static PretrainResult Pretrain(FloatNetwork network, SampleSet train, SampleSet test, IReadOnlyList<int> testSubjects,
        ulong seed, int epochs, PretrainOptions? options = null, Action<EpochProgress>? progress = null)
    {
        options ??= new PretrainOptions();
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException($"pretraining got {train.Count} training and {test.Count} held-out samples; both must be non-empty");
        IReadOnlyList<EpochProgress> history = Trainer.Train(network, train,
            new TrainingOptions { Epochs = epochs, BatchSize = options.BatchSize, LearningRate = options.LearningRate, ShuffleSeed = seed },
            progress);
        QuantizedModel quantized = Int8Quantizer.Quantize(network, Calibration.Run(network, train, options.CalibrationSamples), options.Quantization);

        int[] int8Predictions = quantized.PredictAll(test);
        int agree = 0, int8Correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            if (int8Predictions[i] == network.Predict(test.Sample(i))) agree++;
            if (int8Predictions[i] == test.Label(i)) int8Correct++;
        }

        return new PretrainResult(network, quantized, network.Evaluate(test), (float)int8Correct / test.Count, (float)agree / test.Count,
            train.Count, test.Count, testSubjects, history);
    }
}
