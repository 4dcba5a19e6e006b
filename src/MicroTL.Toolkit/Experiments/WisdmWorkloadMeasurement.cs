using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>
/// Measures the paper-like smartwatch workload on the embedded WISDM data through the one transfer path
/// (<see cref="BasePretrainer"/>, <see cref="SampleSplit"/>, <see cref="TransferExperiment"/>): pretrain on four
/// activities, then on the watch of one unseen user collect about 100 labelled windows of six activities (two of
/// them new) and transfer with energy-aware stopping, the paper's way: the head on the cut's features alone, no augmented
/// copies, the records in RAM (the recipe's other defaults stay: Adam, batch 16). The cloud way trains the network from
/// scratch on the same windows on this host, timed. A few seconds on 2 cores.
/// </summary>
public static class WisdmWorkloadMeasurement
{
    /// <summary>
    /// Default stopping threshold: 1 accuracy point per mJ. An epoch of this head costs ~0.4 mJ on the nrf52840, so
    /// training stops once the smoothed gain falls below ~0.4 points an epoch.
    /// </summary>
    public const double DefaultMinGainPointsPerMillijoule = 1.0;

    /// <summary>The new users whose windows the device collects: two of the unseen subjects.</summary>
    public static IReadOnlyList<int> DefaultUsers { get; } = [1631, 1632];

    /// <summary>Runs the scenario and returns its workload.</summary>
    /// <param name="windowsPerClass">Labelled windows collected per activity on the device (17 x 6 = 102, the paper's ~100).</param>
    /// <param name="cloudEpochs">Epochs the cloud trains its from-scratch model.</param>
    /// <param name="seed">Seed of pretraining and transfer.</param>
    /// <param name="users">The new users (not among the pretraining subjects 1600-1630); <see cref="DefaultUsers"/> when null.</param>
    /// <param name="minGainPointsPerMillijoule">Threshold of energy-aware stopping, accuracy points per mJ.</param>
    /// <param name="device">Profile that prices an epoch for stopping; the nrf52840 when null.</param>
    public static Workload Measure(int windowsPerClass = 17, int cloudEpochs = 30, ulong seed = 1, IReadOnlyList<int>? users = null,
        double minGainPointsPerMillijoule = DefaultMinGainPointsPerMillijoule, DeviceProfile? device = null)
    {
        ExperimentData data = ExperimentData.Load(DatasetKind.Wisdm, null);
        var pretrain = new DataSelection(DatasetKind.Wisdm, Scenarios.BaseActivities, Scenarios.BaseSubjects);
        PretrainResult pretrained = BasePretrainer.Run(data, pretrain, seed, epochs: 10);
        TfLiteModel model = TfLiteReader.Read(pretrained.Quantized.Bytes);

        IReadOnlyList<string> classes = Scenarios.AllActivities;
        // Two users' non-overlapping windows: 12 a class each, so 17 a class collected leave 7 a class of the same users to test.
        IReadOnlyList<int> people = users ?? DefaultUsers;
        (SampleSet collected, SampleSet test) = SampleSplit.TakePerClass(data.Select(classes, people), classes.Count, windowsPerClass, seed, classes);

        // Energy-aware stopping priced by the device profile: stop when the next epoch is expected to add less than
        // minGainPointsPerMillijoule accuracy points per mJ it costs (the paper's "stop when more epochs stop paying").
        // The paper's head reads the CNN features of each window once, kept in RAM: the recipe's window statistics,
        // perturbed copies and flash store are pinned off, so the scenario stays the paper's as the recipe moves.
        DeviceProfile profile = device ?? DeviceProfileLoader.Default;
        TransferSettings settings = ScenarioOptions.DefaultTransfer with
        {
            Device = profile.Memory,
            Seed = seed,
            Stopping = StoppingKind.EnergyAware,
            ValidationFraction = 0.2, // the rule weighs the next epoch's validation gain against its energy
            MinGainPointsPerMillijoule = minGainPointsPerMillijoule,
            AugmentedCopies = 0,
            HeadFeatures = false,
            StoreInFlash = false,
            EpochEnergyModel = ops => CostModel.TrainingMillijoules(profile, ops),
        };
        // Sized for the records these settings store: the recipe's defaults would size it for their copies and statistics.
        settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, collected.Count, settings) };
        string description = $"WISDM smartwatch: base model on activities {string.Concat(Scenarios.BaseActivities)} (subjects 1600-1630); " +
            $"{collected.Count} labelled windows of {string.Concat(classes)} from unseen subjects {string.Join(",", people)} collected on the device " +
            $"({windowsPerClass} per activity, no augmented copies, the records in RAM), head on the cut's features trained with energy-aware stopping at " +
            $"{minGainPointsPerMillijoule} points/mJ, tested on their other windows; " +
            $"cloud: the same network from scratch on the same windows, {cloudEpochs} epochs on this host";
        TransferExperimentResult result = TransferExperiment.Run(model, null, collected, test, classes.Count, settings, data.RawBytesPerSample,
            cloudEpochs, description: description);
        TransferEvaluation e = result.Evaluation;
        return result.Workload with
        {
            Description = $"{description} ({result.Outcome.Training.EpochsRun} epoch{(result.Outcome.Training.EpochsRun == 1 ? "" : "s")}, accuracy {e.AccuracyBefore:P0} -> {e.AccuracyAfter:P0})",
        };
    }
}
