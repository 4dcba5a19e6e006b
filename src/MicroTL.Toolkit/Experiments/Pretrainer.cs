// The cloud side of MicroTL in one call: train the motion base network on WISDM windows of some
// subjects and activities, hold out whole subjects for evaluation (a new user is what transfer
// learning meets on the device), quantize to int8 and measure both models on the held-out windows.
using MicroTL.Toolkit.Baselines;
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

    /// <summary>Augmentation of each training sample (null: none); motion windows only.</summary>
    public ISampleTransform? Augmentation { get; init; }

    /// <summary>
    /// Train on inputs standardised per channel with the training set's mean and standard deviation, then fold that into the
    /// first convolution (<see cref="InputNormalization.FoldInto"/>): the trained network and its int8 model take raw values.
    /// </summary>
    public bool NormalizeInput { get; init; }

    /// <summary>With <see cref="NormalizeInput"/>: one mean and deviation for all channels instead of one per channel.</summary>
    public bool PooledNormalization { get; init; }

    /// <summary>
    /// Motion windows only: the int8 model also computes the 46 window statistics of its input (standardised with their mean
    /// and sd over the training windows, <see cref="StatisticsScaling"/>) as a second output, the head features a device's
    /// head takes beside the CNN features (<see cref="Int8QuantizationOptions.HeadStatistics"/>). The network's own output
    /// does not use them, so its accuracy is unchanged.
    /// </summary>
    public bool HeadStatistics { get; init; }
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
    int TrainWindows, int TestWindows, IReadOnlyList<int> TestSubjects, IReadOnlyList<EpochProgress> History)
{
    /// <summary>Float accuracy per class on the held-out windows (index = class; NaN for a class with no held-out window).</summary>
    public IReadOnlyList<double> FloatPerClass { get; init; } = [];

    /// <summary>int8 accuracy per class on the held-out windows (index = class; NaN for a class with no held-out window).</summary>
    public IReadOnlyList<double> Int8PerClass { get; init; } = [];
}

/// <summary>Pretrains, quantizes and evaluates the WISDM motion base network.</summary>
public static class Pretrainer
{
    /// <summary>Pretraining epochs of the motion base network by default (<c>pretrain</c>, <c>experiment</c>, <c>demo</c>).</summary>
    public const int DefaultEpochs = 20;

    /// <summary>
    /// The motion base network's pretraining settings, chosen by the measurements of docs/recipe-study.md: inputs standardised per
    /// axis (folded into the first convolution, so the model still takes raw m/s²), each training window rotated about a random axis
    /// by up to ±90° (a watch worn at another angle) and scaled by a gain in [0.9, 1.1]; the int8 model carries the window
    /// statistics as head features (<see cref="PretrainOptions.HeadStatistics"/>).
    /// </summary>
    public static PretrainOptions MotionDefaults { get; } = new()
    {
        NormalizeInput = true,
        Augmentation = new MotionAugmentation { Rotation = RotationKind.Bounded, MaxAngleDegrees = 90f, ScaleSpread = 0.1f },
        HeadStatistics = true,
    };

    /// <summary>
    /// Trains <see cref="BaseNetworks.Motion"/> for <paramref name="activities"/> (class k = activities[k]) on
    /// <paramref name="subjects"/> minus a held-out part, quantizes it to int8 and evaluates both on the held-out windows.
    /// The network takes raw m/s² values; the int8 model's input quantization carries that scale. Without
    /// <paramref name="options"/>, <see cref="MotionDefaults"/>.
    /// </summary>
    /// <exception cref="MicroTL.Toolkit.Data.DataFormatException">A subject or activity is not in the data set.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 activities, no subjects, or no windows on either side of the split.</exception>
    public static PretrainResult Pretrain(WisdmDataset data, IReadOnlyList<char> activities, IReadOnlyCollection<int> subjects,
        ulong seed, int epochs, PretrainOptions? options = null, Action<EpochProgress>? progress = null)
    {
        options ??= MotionDefaults;
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
        InputNormalization? normalization = options.NormalizeInput ? InputNormalization.Of(train, options.PooledNormalization) : null;
        ISampleTransform? transform = (options.Augmentation, normalization) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } n) => n,
            ({ } a, { } n) => new ChainedTransform([a, n]),
        };
        IReadOnlyList<EpochProgress> history = Trainer.Train(network, train,
            new TrainingOptions { Epochs = epochs, BatchSize = options.BatchSize, LearningRate = options.LearningRate, ShuffleSeed = seed, Transform = transform },
            progress);
        normalization?.FoldInto(network);
        Int8QuantizationOptions quantization = options.HeadStatistics && network.InputShape == BaseNetworks.MotionInput
            ? options.Quantization with { HeadStatistics = StatisticsScaling.Of(train, extended: true) }
            : options.Quantization;
        QuantizedModel quantized = Int8Quantizer.Quantize(network, Calibration.Run(network, train, options.CalibrationSamples), quantization);

        int[] int8Predictions = quantized.PredictAll(test);
        int classes = network.Classes;
        var perClass = new int[classes];
        var floatRight = new int[classes];
        var int8Right = new int[classes];
        int agree = 0, int8Correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int label = test.Label(i), floatPrediction = network.Predict(test.Sample(i));
            perClass[label]++;
            if (floatPrediction == label) floatRight[label]++;
            if (int8Predictions[i] == floatPrediction) agree++;
            if (int8Predictions[i] == label)
            {
                int8Correct++;
                int8Right[label]++;
            }
        }

        return new PretrainResult(network, quantized, network.Evaluate(test), (float)int8Correct / test.Count, (float)agree / test.Count,
            train.Count, test.Count, testSubjects, history)
        {
            FloatPerClass = [.. Enumerable.Range(0, classes).Select(c => perClass[c] == 0 ? double.NaN : (double)floatRight[c] / perClass[c])],
            Int8PerClass = [.. Enumerable.Range(0, classes).Select(c => perClass[c] == 0 ? double.NaN : (double)int8Right[c] / perClass[c])],
        };
    }
}
