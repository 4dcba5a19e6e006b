// One transfer on real data with its two baselines: the device's run (TransferSession on int8 inputs,
// quantized with the base model's input quantization), the cloud network trained from scratch on the
// same labelled samples, and the same head trained on float features.
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The outcome of <see cref="TransferExperiment.Run"/>.</summary>
/// <param name="Outcome">The device's transfer run.</param>
/// <param name="Evaluation">The device's models on the test samples (before, after, candidate, float head, export check).</param>
/// <param name="Cloud">The cloud network trained from scratch.</param>
/// <param name="FloatFineTune">The head trained on float features (null without a float base).</param>
/// <param name="Workload">The run's op counts, bytes and the cloud's measured seconds: the input of the energy model.</param>
public sealed record TransferExperimentResult(TransferOutcome Outcome, TransferEvaluation Evaluation, CloudScratchResult Cloud,
    FloatFineTuneResult? FloatFineTune, Workload Workload)
{
    /// <summary>The classical baseline (a random forest on window statistics) on the same windows; null for samples that are not 3-axis motion windows.</summary>
    public ClassicalResult? Classical { get; init; }
}

/// <summary>Runs a transfer and its baselines on labelled sample sets.</summary>
public static class TransferExperiment
{
    /// <summary>
    /// Quantizes <paramref name="train"/> and <paramref name="test"/> with <paramref name="baseModel"/>'s input quantization, runs
    /// the device's transfer (classes = <paramref name="classes"/>) on the training samples and measures it on the test samples
    /// (<see cref="TransferEvaluation"/>), then the cloud-scratch and float fine-tuning baselines and, for motion windows, the
    /// classical baseline (<see cref="ClassicalBaseline"/>).
    /// </summary>
    /// <param name="baseModel">The deployed int8 base model.</param>
    /// <param name="floatBase">The base model's float network; null skips the float fine-tuning baseline.</param>
    /// <param name="train">The device's labelled samples.</param>
    /// <param name="test">The samples every method is tested on.</param>
    /// <param name="classes">Classes of the new head.</param>
    /// <param name="settings">The device's transfer settings.</param>
    /// <param name="rawBytesPerSample">Upload size of one raw labelled sample (<see cref="ExperimentData.RawBytesPerSample"/>).</param>
    /// <param name="cloudEpochs">Epochs of the cloud-scratch training.</param>
    /// <param name="onEpoch">Called after each epoch of the device's head training.</param>
    /// <param name="cancel">Stops between samples or epochs.</param>
    /// <param name="onCollected">Called as samples are collected on the device: (collected, total).</param>
    /// <param name="onCloudEpoch">Called after each epoch of the cloud-scratch training.</param>
    /// <param name="description">What was run, for the workload (energy reports print it).</param>
    /// <param name="cloudTestEachEpoch">Record the cloud network's test accuracy after each epoch (<see cref="CloudScratchResult.TestAccuracyPerEpoch"/>).</param>
    /// <exception cref="MicroTL.Budget.BudgetExceededException">The device run does not fit the device.</exception>
    public static TransferExperimentResult Run(TfLiteModel baseModel, FloatNetwork? floatBase, SampleSet train, SampleSet test, int classes,
        TransferSettings settings, int rawBytesPerSample, int cloudEpochs = CloudScratch.DefaultEpochs,
        Action<EpochRecord>? onEpoch = null, CancellationToken cancel = default, string? description = null,
        Action<int, int>? onCollected = null, Action<EpochProgress>? onCloudEpoch = null, bool cloudTestEachEpoch = false)
    {
        var session = new TransferSession(baseModel, settings with { Classes = classes });
        TransferOutcome outcome = session.Run(Quantize(baseModel, train), onEpoch, onCollected, cancel);
        cancel.ThrowIfCancellationRequested();
        TransferEvaluation evaluation = TransferEvaluation.Measure(baseModel, outcome, Quantize(baseModel, test));
        CloudScratchResult cloud = CloudScratch.Train(train, test, classes, settings.Seed, cloudEpochs, cancel, onCloudEpoch, cloudTestEachEpoch);
        StatisticsScaling? headStatistics = outcome.HeadFeatures is null ? null : StatisticsScaling.FromModel(baseModel);
        FloatFineTuneResult? floatFineTune = floatBase is null ? null
            : FloatFineTune.Run(floatBase, train, test, classes, settings, headStatistics, outcome.AugmentedCopies);
        cancel.ThrowIfCancellationRequested();
        ClassicalResult? classical = train.Shape == BaseNetworks.MotionInput ? ClassicalBaseline.Run(train, test, classes, settings.Seed) : null;
        Workload workload = Workload.FromOutcome(outcome, rawBytesPerSample, cloud.TrainHostSeconds, cloud.ModelBytes,
            TfLiteWriter.Write(outcome.DeployedModel).Length,
            description ?? $"transfer of {train.Count} labelled samples to {classes} classes; cloud: the base network from scratch on the same samples, {cloudEpochs} epochs on this host");
        return new TransferExperimentResult(outcome, evaluation, cloud, floatFineTune, workload) { Classical = classical };
    }

    /// <summary>
    /// Store bytes that hold every record a run of <paramref name="settings"/> makes from <paramref name="samples"/> labelled samples on
    /// <paramref name="baseModel"/>: each sample and its augmented copies, each record the label and the head's input (the cut's
    /// features and the head features the settings take). A durable store (<see cref="TransferSettings.StoreFlash"/>) gets at least the
    /// default 64 KB, so runs with different sample counts reopen the same store.
    /// </summary>
    /// <exception cref="InvalidModelException">The model or the cut cannot be used.</exception>
    public static int StoreBytesFor(TfLiteModel baseModel, int samples, TransferSettings settings)
    {
        CutPoint cut = CutPoint.Parse(baseModel, settings.CutTensor);
        int features = cut.FeatureLength(baseModel);
        if (settings.HeadFeatures != false && !settings.Int8Head && HeadFeatures.Find(baseModel, cut, out _) is { } extra) features += extra.Length;
        int copies = settings.CopiesFor(samples, WindowAugmentation.For(baseModel, out _) is not null);
        int bytes = checked(samples * (1 + copies) * (FeatureStore.LabelBytes + features));
        return settings.StoreFlash is null ? bytes : Math.Max(bytes, new TransferSettings(settings.Device).StoreCapacityBytes);
    }

    /// <summary>The samples as the model's input bytes: int8 quantized with its input quantization, or float32 as they are.</summary>
    /// <exception cref="SelectionException">The model takes inputs of another size than the samples.</exception>
    public static IReadOnlyList<LabelledInput> Quantize(TfLiteModel model, SampleSet samples)
    {
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        if (input.ElementCount != samples.Shape.Size)
            throw new SelectionException($"the model's input '{input.Name}' has {input.ElementCount} values; the samples have {samples.Shape.Size} ({samples.Shape})",
                "use a model pretrained on this data set (microtl pretrain --dataset ...)");
        var inputs = new List<LabelledInput>(samples.Count);
        for (int i = 0; i < samples.Count; i++)
        {
            byte[] bytes;
            if (input.Type == TensorType.Float32)
            {
                bytes = new byte[samples.Shape.Size * sizeof(float)];
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.Sample(i)).CopyTo(bytes);
            }
            else
            {
                bytes = new byte[samples.Shape.Size];
                QuantizedModel.QuantizeInput(model, samples.Sample(i), bytes);
            }

            inputs.Add(new LabelledInput(bytes, samples.Label(i)));
        }

        return inputs;
    }
}
