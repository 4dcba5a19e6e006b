// A small smartwatch transfer for the session firmware tests: a base network pretrained briefly on A,B,D,E of ten
// subjects (once per test run; with issue 13's window statistics as its second output, which the session's C runs but
// its head does not take), and K windows per class of A,B,C,D,E,M of unseen subjects quantized as the device
// would get them, with the rest as test samples; as `microtl transfer --dataset` selects them.
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Firmware.Tests.Support;

internal sealed record SessionSamples(TfLiteModel Model, byte[] ModelBytes, IReadOnlyList<LabelledInput> Train, IReadOnlyList<LabelledInput> Test, int Classes);

internal static class SessionScenario
{
    private static readonly Lazy<(TfLiteModel Model, byte[] Bytes)> Base = new(() =>
    {
        var data = new WisdmDataset(WisdmPack.ReadEmbedded());
        PretrainResult result = Pretrainer.Pretrain(data, ['A', 'B', 'D', 'E'], [.. Enumerable.Range(1600, 10)], seed: 2, epochs: 3);
        return (TfLiteReader.Read(result.Quantized.Bytes), result.Quantized.Bytes);
    });

    private static readonly Lazy<ExperimentData> Wisdm = new(() => ExperimentData.Load(DatasetKind.Wisdm, null));

    /// <summary>K windows per class of the six activities of subjects 1631-1640 for training (seeded), the rest for testing.</summary>
    public static SessionSamples Samples(int perClass, ulong seed, int maxTest = int.MaxValue)
    {
        string[] classes = Scenarios.AllActivities;
        SampleSet all = Wisdm.Value.Select(classes, Scenarios.NewSubjects);
        (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(all, classes.Length, perClass, seed, classes);
        TfLiteModel model = Base.Value.Model;
        IReadOnlyList<LabelledInput> testInputs = TransferExperiment.Quantize(model, test);
        return new SessionSamples(model, Base.Value.Bytes, TransferExperiment.Quantize(model, train), testInputs.Take(maxTest).ToArray(), classes.Length);
    }

    /// <summary>The transfer settings of `microtl transfer` on the default device, for these classes and seed, without head features and augmentation.</summary>
    public static TransferSettings Settings(int classes, ulong seed) =>
        new(DeviceProfileLoader.Default.Memory, Classes: classes, Seed: seed, HeadFeatures: false, AugmentedCopies: 0);

    /// <summary>The recipe's settings (issue 13) for these classes and seed: the head features and the automatic augmentation.</summary>
    public static TransferSettings RecipeSettings(int classes, ulong seed) =>
        new(DeviceProfileLoader.Default.Memory, Classes: classes, Seed: seed);
}
