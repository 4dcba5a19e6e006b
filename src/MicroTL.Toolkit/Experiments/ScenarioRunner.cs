// Runs a scenario over seeds and K: per seed one pretraining (per seed and subject for
// personalisation, whose base must not have seen the subject), then per K one transfer with its
// baselines. Everything is seeded, so a rerun gives the same accuracies.
using System.Diagnostics;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Settings of <see cref="ScenarioRunner.Run"/>.</summary>
public sealed record ScenarioOptions
{
    /// <summary>Seeds; each gives its own pretraining, K-shot choice and transfer.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>K values; null takes <see cref="Scenarios.DefaultSamplesPerClass"/>.</summary>
    public IReadOnlyList<int>? SamplesPerClass { get; init; }

    /// <summary>WISDM text folder (null: embedded) or MNIST IDX folder (required for images).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The data, loaded already (the command loads it first to report what it skipped); null: load <see cref="DataDirectory"/>.</summary>
    public ExperimentData? Data { get; init; }

    /// <summary>Pretraining epochs; null takes the data set's default (<see cref="BasePretrainer.DefaultEpochs"/>).</summary>
    public int? PretrainEpochs { get; init; }

    /// <summary>The pretraining epochs a run of <paramref name="scenario"/> uses.</summary>
    public int PretrainEpochsFor(Scenario scenario) => PretrainEpochs ?? BasePretrainer.DefaultEpochs(Scenarios.DatasetOf(scenario));

    /// <summary>MNIST training digits per class for pretraining.</summary>
    public int MnistPerClass { get; init; } = BasePretrainer.DefaultMnistPerClass;

    /// <summary>Epochs of the cloud-scratch baseline.</summary>
    public int CloudEpochs { get; init; } = CloudScratch.DefaultEpochs;

    /// <summary>
    /// Record the cloud network's (float) test accuracy after each of its epochs, for the accuracy-per-epoch chart. Off by default:
    /// one test pass an epoch costs more than the cloud's training itself (new-activities 2-3x, images about 5x the run time).
    /// </summary>
    public bool CloudTestEachEpoch { get; init; }

    /// <summary>The device's transfer settings (classes, seed and store size are set per run).</summary>
    public TransferSettings Transfer { get; init; } = DefaultTransfer;

    /// <summary>The scenarios' transfer settings: the device's recipe (<see cref="TransferSettings"/>'s defaults) on the default device profile's memory (nrf52840).</summary>
    public static TransferSettings DefaultTransfer { get; } = new(DeviceProfileLoader.Default.Memory);
}

/// <summary>Runs the scenarios of <see cref="Scenario"/>.</summary>
public static class ScenarioRunner
{
    /// <summary>Runs <paramref name="scenario"/>; <paramref name="progress"/> gets one line per step, <paramref name="onRunDone"/> (transfers done, of all) after each transfer.</summary>
    /// <exception cref="SelectionException">The data lacks what the scenario needs (e.g. MNIST without a folder, too few windows).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    public static ScenarioResult Run(Scenario scenario, ScenarioOptions options, Action<string>? progress = null, CancellationToken cancel = default,
        Action<int, int>? onRunDone = null)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> ks = options.SamplesPerClass ?? Scenarios.DefaultSamplesPerClass(scenario);
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new SelectionException("samples per class must be 1 or more", "e.g. --samples-per-class 5,10");
        if (options.Seeds.Count == 0) throw new SelectionException("no seeds", "e.g. --seeds 1-5");
        ExperimentData data = options.Data ?? ExperimentData.Load(Scenarios.DatasetOf(scenario), options.DataDirectory);
        var runs = new List<ScenarioRun>();
        for (int s = 0; s < options.Seeds.Count; s++)
        {
            ulong seed = options.Seeds[s];
            (DataSelection pretrain, DataSelection device, int? subject) = Selections(scenario, data, s, ks.Max());
            progress?.Invoke($"seed {seed}: pretraining {Describe(pretrain)}");
            PretrainResult based = BasePretrainer.Run(data, pretrain, seed, options.PretrainEpochsFor(scenario), options.MnistPerClass, _ => cancel.ThrowIfCancellationRequested());
            TfLiteModel model = TfLiteReader.Read(based.Quantized.Bytes);
            SampleSet samples = data.Select(device.Classes, device.Subjects);
            foreach (int k in ks)
            {
                cancel.ThrowIfCancellationRequested();
                progress?.Invoke($"seed {seed}: transfer to {Describe(device)}, {k} per class");
                (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(samples, device.Classes.Count, k, seed, device.Classes);
                TransferSettings settings = options.Transfer with
                {
                    Seed = seed,
                    StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, train.Count, options.Transfer),
                    // New digits with the old count of classes: the old head's outputs mean other things, start afresh.
                    FreshHead = options.Transfer.FreshHead || scenario == Scenario.Images,
                };
                TransferExperimentResult result = TransferExperiment.Run(model, based.Network, train, test, device.Classes.Count, settings,
                    data.RawBytesPerSample, options.CloudEpochs, _ => cancel.ThrowIfCancellationRequested(), cancel,
                    cloudTestEachEpoch: options.CloudTestEachEpoch);
                runs.Add(new ScenarioRun(seed, k, subject, based.FloatAccuracy, based.Int8Accuracy, result));
                onRunDone?.Invoke(runs.Count, options.Seeds.Count * ks.Count);
            }
        }

        return new ScenarioResult(scenario, ScenarioResult.Summarise(runs, ks), runs, clock.Elapsed.TotalSeconds) { Options = options };
    }

    /// <summary>What the base is pretrained on and what the device sees, for the seed at <paramref name="seedIndex"/>.</summary>
    public static (DataSelection Pretrain, DataSelection Device, int? Subject) Selections(Scenario scenario, ExperimentData data, int seedIndex, int maxK)
    {
        switch (scenario)
        {
            case Scenario.NewActivities:
                return (new DataSelection(DatasetKind.Wisdm, Scenarios.BaseActivities, Scenarios.BaseSubjects),
                    new DataSelection(DatasetKind.Wisdm, Scenarios.AllActivities, Scenarios.NewSubjects), null);
            case Scenario.Personalisation:
                int subject = Scenarios.PersonalisationSubject(data.Wisdm!, seedIndex, maxK);
                return (new DataSelection(DatasetKind.Wisdm, Scenarios.AllActivities, [.. data.Wisdm!.Subjects.Where(x => x != subject)]),
                    new DataSelection(DatasetKind.Wisdm, Scenarios.AllActivities, [subject]), subject);
            default:
                return (new DataSelection(DatasetKind.Mnist, Scenarios.BaseDigits, null), new DataSelection(DatasetKind.Mnist, Scenarios.NewDigits, null), null);
        }
    }

    private static string Describe(DataSelection s) =>
        $"classes {string.Join(",", s.Classes)}" + (s.Subjects is { } subjects ? $", subjects {Data.Ranges.Format([.. subjects.Order()])}" : "");
}
