// The demo: scenario 1 end to end with one seed. Pretrain in the "cloud" (host), quantize, deploy,
// collect K labelled windows per class of new users on the "device", train the head there, and
// compare with the cloud-from-scratch and float fine-tuning alternatives on the same test windows.
using System.Diagnostics;
using MicroTL.Budget;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Settings of <see cref="DemoRunner.Run"/>.</summary>
public sealed record DemoOptions
{
    /// <summary>What <see cref="DemoResult.DataSource"/> says when <see cref="DataDirectory"/> is not set.</summary>
    public const string EmbeddedDataSource = "embedded data";

    /// <summary>A folder of the original WISDM text files to use instead of the embedded pack; null for the embedded pack.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The WISDM data, loaded already (the command loads it first to report what it skipped); null: load <see cref="DataDirectory"/>.</summary>
    public ExperimentData? Data { get; init; }

    /// <summary>The seed of every step.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Labelled windows per class the device collects.</summary>
    public int SamplesPerClass { get; init; } = 20;

    /// <summary>Pretraining epochs.</summary>
    public int PretrainEpochs { get; init; } = Pretrainer.DefaultEpochs;

    /// <summary>Pretraining subjects (fewer make a faster demo, e.g. in tests).</summary>
    public IReadOnlyList<int> PretrainSubjects { get; init; } = Scenarios.BaseSubjects;

    /// <summary>The device's cost profile, which prices the run in time and energy; its memory bounds the transfer.</summary>
    public DeviceProfile Profile { get; init; } = DeviceProfileLoader.Default;

    /// <summary>The device's memory, which bounds the transfer: <see cref="Profile"/>'s.</summary>
    public DeviceMemory Device => Profile.Memory;

    /// <summary>Points of each break-even sweep.</summary>
    public int BreakEvenPoints { get; init; } = 25;

    /// <summary>The device's transfer settings (seed, device and store size are set by the run); null takes <see cref="ScenarioOptions.DefaultTransfer"/>.</summary>
    public TransferSettings? Transfer { get; init; }
}

/// <summary>Runs the demo.</summary>
public static class DemoRunner
{
    /// <summary>Runs scenario 1 once on the WISDM data (embedded unless <see cref="DemoOptions.DataDirectory"/> is set); <paramref name="progress"/> gets a line per step and epoch.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled; nothing is returned.</exception>
    public static DemoResult Run(DemoOptions options, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var total = Stopwatch.StartNew();
        ExperimentData data = options.Data ?? ExperimentData.Load(DatasetKind.Wisdm, options.DataDirectory);
        var pretrain = new DataSelection(DatasetKind.Wisdm, Scenarios.BaseActivities, options.PretrainSubjects);
        var device = new DataSelection(DatasetKind.Wisdm, Scenarios.AllActivities, Scenarios.NewSubjects);

        progress?.Invoke($"cloud: pretraining the base network on activities {string.Join(",", pretrain.Classes)} of subjects {Data.Ranges.Format([.. pretrain.Subjects!.Order()])}");
        PretrainResult based = BasePretrainer.Run(data, pretrain, options.Seed, options.PretrainEpochs, progress: e =>
        {
            progress?.Invoke($"  pretrain epoch {e.Epoch}/{options.PretrainEpochs}: loss {e.Loss:F3}, train acc {e.Accuracy:P1}");
            cancel.ThrowIfCancellationRequested();
        });
        double pretrainSeconds = total.Elapsed.TotalSeconds;
        progress?.Invoke($"cloud: quantized to int8: float {based.FloatAccuracy:P1}, int8 {based.Int8Accuracy:P1} on held-out subjects");

        TfLiteModel model = TfLiteReader.Read(based.Quantized.Bytes);
        var interpreter = new Interpreter(model);
        var facts = new DeployedModelFacts(based.Quantized.Bytes.Length, interpreter.ArenaBytes, interpreter.MacsPerInference, model.MainSubgraph.Operators.Count);

        SampleSet samples = data.Select(device.Classes, device.Subjects);
        (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(samples, device.Classes.Count, options.SamplesPerClass, options.Seed, device.Classes);
        progress?.Invoke($"device: collecting {train.Count} labelled windows ({options.SamplesPerClass} per class of {string.Join(",", device.Classes)}) from subjects 1631-1640; {test.Count} test windows");
        TransferSettings settings = (options.Transfer ?? ScenarioOptions.DefaultTransfer) with { Seed = options.Seed, Device = options.Device };
        settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, train.Count, settings) };
        string description = $"WISDM smartwatch demo: base model on activities {string.Concat(pretrain.Classes)} (subjects {Data.Ranges.Format([.. pretrain.Subjects!.Order()])}); " +
            $"{train.Count} labelled windows of {string.Concat(device.Classes)} ({options.SamplesPerClass} per activity) from unseen subjects 1631-1640 collected on the device; " +
            $"cloud: the base network from scratch on the same windows, {CloudScratch.DefaultEpochs} epochs on this host";
        int reported = 0;
        var transferClock = Stopwatch.StartNew();
        TransferExperimentResult transfer = TransferExperiment.Run(model, based.Network, train, test, device.Classes.Count, settings, data.RawBytesPerSample,
            onEpoch: e =>
            {
                progress?.Invoke("  device " + HeadEpochLine.Of(e));
                cancel.ThrowIfCancellationRequested();
            },
            cancel: cancel, description: description,
            onCollected: (done, all) =>
            {
                // A line per quarter: enough to see it move without flooding the terminal.
                if (done == all || done * 4 / all > reported)
                {
                    reported = done * 4 / all;
                    progress?.Invoke($"  device collected {done}/{all} windows (int8 features at the cut)");
                }
            },
            onCloudEpoch: e =>
            {
                if (e.Epoch == 1) progress?.Invoke($"cloud: training the network from scratch on the {train.Count} uploaded windows ({CloudScratch.DefaultEpochs} epochs), then the float fine-tuning baseline");
                if (e.Epoch % 10 == 0 || e.Epoch == CloudScratch.DefaultEpochs)
                    progress?.Invoke($"  cloud epoch {e.Epoch}/{CloudScratch.DefaultEpochs}: loss {e.Loss:F3}, train acc {e.Accuracy:P1}");
            });
        double transferSeconds = transferClock.Elapsed.TotalSeconds;
        cancel.ThrowIfCancellationRequested();

        progress?.Invoke($"energy: pricing both ways on {options.Profile.Name} and sweeping link throughput, samples and epochs (an estimate from op counts)");
        EnergyComparison energy = EnergyComparison.Compute(options.Profile, transfer.Workload);
        BreakEvenAnalysis breakEven = BreakEven.Analyse(transfer.Workload, [options.Profile], options.BreakEvenPoints);

        var pretraining = new DemoPretraining(based.FloatAccuracy, based.Int8Accuracy, based.TrainWindows, based.TestWindows, based.TestSubjects, based.History);
        var timing = new DemoTiming(pretrainSeconds, transferSeconds, total.Elapsed.TotalSeconds);
        return new DemoResult(options.Seed, options.SamplesPerClass, pretrain, device, pretraining, facts, options.Device, transfer, train.Count, test.Count, timing,
            new DemoEnergy(energy, breakEven)
            {
                DatasheetKernels = options.Profile.Calibration is null ? null : EnergyComparison.Compute(options.Profile.WithoutCalibration(), transfer.Workload),
            })
        {
            DataSource = options.DataDirectory is null ? DemoOptions.EmbeddedDataSource : $"data of {options.DataDirectory}",
        };
    }
}
