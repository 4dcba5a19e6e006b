using System.Diagnostics;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;
using MicroTL.Transfer;

namespace MicroTL.Toolkit.Energy;

/// <summary>
/// Measures the paper-like smartwatch workload on the embedded WISDM data: pretrain on four
/// activities, then on the watch of unseen users collect about 100 labelled windows of six
/// activities (two of them new) and transfer; in the cloud way, train the same network from scratch
/// on the same windows on this host and time it. A few seconds on 2 cores.
/// </summary>
public static class WisdmWorkloadMeasurement
{
    /// <summary>Activities the base model knows (walking, jogging, sitting, standing).</summary>
    public static IReadOnlyList<char> BaseActivities { get; } = ['A', 'B', 'D', 'E'];

    /// <summary>Activities after the shift: the base four plus stairs and kicking.</summary>
    public static IReadOnlyList<char> NewActivities { get; } = ['A', 'B', 'C', 'D', 'E', 'M'];

    /// <summary>Bytes of one raw labelled window as a device would upload it: 200 x 3 float32 + a label byte.</summary>
    public const long RawBytesPerWindow = WisdmDataset.DefaultWindowSamples * 3 * sizeof(float) + 1;

    /// <summary>
    /// Default stopping threshold: 1 accuracy point per mJ. An epoch of this head costs ~0.4 mJ on the nrf52840, so
    /// training stops once the smoothed gain falls below ~0.4 points an epoch.
    /// </summary>
    public const double DefaultMinGainPointsPerMillijoule = 1.0;

    /// <summary>Runs the scenario and returns its workload.</summary>
    /// <param name="windowsPerClass">Labelled windows collected per activity on the device (17 x 6 = 102, the paper's ~100).</param>
    /// <param name="cloudEpochs">Epochs the cloud trains its from-scratch model.</param>
    /// <param name="seed">Seed of pretraining and transfer.</param>
    /// <param name="user">The new user (not among the pretraining subjects 1600-1630).</param>
    /// <param name="minGainPointsPerMillijoule">Threshold of energy-aware stopping, accuracy points per mJ.</param>
    /// <param name="device">Profile that prices an epoch for stopping; the nrf52840 when null.</param>
    public static Workload Measure(int windowsPerClass = 17, int cloudEpochs = 30, ulong seed = 1, int user = 1631,
        double minGainPointsPerMillijoule = DefaultMinGainPointsPerMillijoule, DeviceProfile? device = null)
    {
        var data = new WisdmDataset(WisdmPack.ReadEmbedded());
        int[] baseSubjects = Enumerable.Range(1600, 31).ToArray();
        int[] users = [user];
        PretrainResult pretrained = Pretrainer.Pretrain(data, [.. BaseActivities], baseSubjects, seed, epochs: 10);
        TfLiteModel model = TfLiteReader.Read(pretrained.Quantized.Bytes);

        var collected = new List<WisdmWindow>();
        var test = new List<WisdmWindow>();
        foreach (char activity in NewActivities)
        {
            // Half-overlapping windows, as in pretraining; one window is skipped so no test window overlaps a collected one.
            IReadOnlyList<WisdmWindow> windows = data.Select(users, [activity]).Windows(WisdmDataset.DefaultWindowSamples, WisdmDataset.DefaultWindowSamples / 2);
            collected.AddRange(windows.Take(windowsPerClass));
            test.AddRange(windows.Skip(windowsPerClass + 1));
        }

        // Energy-aware stopping priced by the device profile: stop when the next epoch is expected to add less than
        // minGainPointsPerMillijoule accuracy points per mJ it costs (the paper's "stop when more epochs stop paying").
        DeviceProfile profile = device ?? DeviceProfileLoader.Default;
        var settings = new TransferSettings(Classes: NewActivities.Count, Seed: seed, Stopping: StoppingKind.EnergyAware,
            MinGainPointsPerMillijoule: minGainPointsPerMillijoule, EpochEnergyModel: ops => CostModel.TrainingMillijoules(profile, ops));
        TransferOutcome outcome = new TransferSession(model, settings).Run(Quantized(model, collected), Quantized(model, test));

        SampleSet uploaded = WisdmSamples.Create(collected, [.. NewActivities]);
        FloatNetwork cloudNetwork = BaseNetworks.Motion(NewActivities.Count, seed);
        var clock = Stopwatch.StartNew();
        Trainer.Train(cloudNetwork, uploaded, new TrainingOptions { Epochs = cloudEpochs, BatchSize = 8, ShuffleSeed = seed });
        double cloudSeconds = clock.Elapsed.TotalSeconds;
        long cloudModelBytes = Int8Quantizer.Quantize(cloudNetwork, uploaded).Bytes.Length;

        return Workload.FromOutcome(outcome, RawBytesPerWindow, cloudSeconds, cloudModelBytes,
            TfLiteWriter.Write(outcome.DeployedModel).Length,
            $"WISDM smartwatch: base model on activities {string.Join("", BaseActivities)} (subjects 1600-1630); " +
            $"{collected.Count} labelled windows of {string.Join("", NewActivities)} from unseen subject {user} collected on the device " +
            $"({windowsPerClass} per activity), head trained with energy-aware stopping at {minGainPointsPerMillijoule} points/mJ ({outcome.Training.EpochsRun} epochs, accuracy {outcome.AccuracyBefore:P0} -> {outcome.AccuracyAfter:P0}); " +
            $"cloud: the same network from scratch on the same windows, {cloudEpochs} epochs on this host");
    }

    private static List<LabelledInput> Quantized(TfLiteModel model, IEnumerable<WisdmWindow> windows)
    {
        var result = new List<LabelledInput>();
        foreach (WisdmWindow w in windows)
        {
            var bytes = new byte[w.Values.Length];
            QuantizedModel.QuantizeInput(model, w.Values, bytes);
            result.Add(new LabelledInput(bytes, NewActivitiesIndex(w.Activity)));
        }

        return result;
    }

    private static int NewActivitiesIndex(char activity) => NewActivities.ToList().IndexOf(activity);
}
