// The real motion base model the transfer and host benchmarks run on, built once per process: the
// in-process toolchain runs every benchmark case in this process, so a static cache spares each
// case's GlobalSetup the pretraining.
using MicroTL.Features;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Bench;

/// <summary>
/// The WISDM motion base network pretrained by the toolkit on the embedded data set (activities
/// A, B, D, E of <see cref="PretrainSubjects"/>, <see cref="PretrainEpochs"/> epoch, seed
/// <see cref="Seed"/>), quantized to int8, and the labelled windows of new users the device collects
/// for the transfer (<see cref="SamplesPerClass"/> of each of the 6 activities, quantized to the
/// model's int8 input).
/// </summary>
internal sealed class MotionBase
{
    /// <summary>The seed of pretraining, sample choice and the device's store and trainer.</summary>
    public const ulong Seed = 1;

    /// <summary>Pretraining epochs: the benchmarks need a real model, not a good one, and setup stays a few seconds.</summary>
    public const int PretrainEpochs = 1;

    /// <summary>Labelled windows per class the device collects (the demo's default).</summary>
    public const int SamplesPerClass = 20;

    private static readonly Lazy<MotionBase> Built = new(() => new MotionBase());

    private MotionBase()
    {
        ExperimentData data = ExperimentData.Load(DatasetKind.Wisdm, directory: null);
        var pretrain = new DataSelection(DatasetKind.Wisdm, Scenarios.BaseActivities, PretrainSubjects);
        Pretrained = BasePretrainer.Run(data, pretrain, Seed, PretrainEpochs);
        Model = TfLiteReader.Read(Pretrained.Quantized.Bytes);
        // The same windows Pretrainer trains on would need its subject split; all windows of the
        // pretraining subjects, half-overlapping as in pretraining, cost the same per window.
        PretrainWindows = data.Select(Scenarios.BaseActivities, PretrainSubjects, strideSamples: 100);

        SampleSet newUsers = data.Select(Scenarios.AllActivities, Scenarios.NewSubjects);
        (SampleSet collected, _) = SampleSplit.TakePerClass(newUsers, Scenarios.AllActivities.Length, SamplesPerClass, Seed);
        DeviceSamples = TransferExperiment.Quantize(Model, collected);
    }

    /// <summary>The process-wide instance, built on first use.</summary>
    public static MotionBase Instance => Built.Value;

    /// <summary>Subjects the base is pretrained on: 8 of the scenario's 31, so that setup takes seconds.</summary>
    public static IReadOnlyList<int> PretrainSubjects { get; } = [.. Enumerable.Range(1600, 8)];

    /// <summary>Classes of the new head: all 6 activities, two of them unseen by the base.</summary>
    public static int DeviceClasses => Scenarios.AllActivities.Length;

    /// <summary>The pretraining outcome: float network and int8 model.</summary>
    public PretrainResult Pretrained { get; }

    /// <summary>The int8 base model as the device reads it from its .tflite bytes.</summary>
    public TfLiteModel Model { get; }

    /// <summary>Windows of the pretraining subjects (raw m/s², 1 x 200 x 3), for the host's pretraining epoch.</summary>
    public SampleSet PretrainWindows { get; }

    /// <summary>The device's labelled windows as int8 model inputs, labels 0..5.</summary>
    public IReadOnlyList<LabelledInput> DeviceSamples { get; }
}
