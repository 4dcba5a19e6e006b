// `microtl experiment --json/--report`: a scenario's settings, one row per K (mean ± sd over the runs,
// with the per-epoch curves) and every run as measured. Only `timing` holds wall-clock figures.
using System.Text.Json.Serialization;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reports;

/// <summary>The report of a scenario run.</summary>
/// <param name="Scenario">new-activities, personalisation or images.</param>
/// <param name="Settings">What it ran with.</param>
/// <param name="Rows">One row per K, in the order asked.</param>
/// <param name="Runs">Every transfer, in run order.</param>
/// <param name="Timing">Host seconds of the whole run.</param>
/// <param name="Skipped">What reading WISDM text files skipped (absent for the embedded data and MNIST).</param>
public sealed record ScenarioReport(string Scenario, ScenarioSettingsReport Settings, IReadOnlyList<ScenarioRowReport> Rows, IReadOnlyList<ScenarioRunReport> Runs,
    SecondsReport Timing, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SkippedDataReport? Skipped = null)
{
    /// <summary>The report of <paramref name="r"/>.</summary>
    public static ScenarioReport From(ScenarioResult r) => new(Scenarios.NameOf(r.Scenario), ScenarioSettingsReport.From(r),
        [.. r.Rows.Select(ScenarioRowReport.From)], [.. r.Runs.Select(ScenarioRunReport.From)], new SecondsReport(Math.Round(r.ElapsedSeconds, 3)));
}

/// <summary>
/// A scenario's settings: seeds, K values and (personalisation) subjects as run; the pretraining, cloud and device
/// training settings when the result carries its options.
/// </summary>
/// <param name="Seeds">Seeds run.</param>
/// <param name="SamplesPerClass">K values run.</param>
/// <param name="Subjects">Subjects adapted to (personalisation only).</param>
/// <param name="PretrainEpochs">Pretraining epochs.</param>
/// <param name="CloudEpochs">Epochs of the cloud-scratch baseline.</param>
/// <param name="MaxEpochs">The device's epoch cap.</param>
/// <param name="Optimizer">adam or sgd.</param>
/// <param name="LearningRate">The device's learning rate.</param>
/// <param name="Hidden">The head's hidden width; null: the base model's own.</param>
/// <param name="BatchSize">The device's mini-batch.</param>
/// <param name="Patience">The device's patience.</param>
/// <param name="Int8Head">True when the head is exported int8.</param>
public sealed record ScenarioSettingsReport(IReadOnlyList<ulong> Seeds, IReadOnlyList<int> SamplesPerClass,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Subjects,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PretrainEpochs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CloudEpochs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxEpochs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Optimizer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? LearningRate,
    int? Hidden,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? BatchSize,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Patience,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Int8Head)
{
    /// <summary>The settings of <paramref name="r"/>.</summary>
    public static ScenarioSettingsReport From(ScenarioResult r)
    {
        ScenarioOptions? o = r.Options;
        return new ScenarioSettingsReport(
            [.. r.Runs.Select(x => x.Seed).Distinct()], [.. r.Rows.Select(x => x.SamplesPerClass)],
            r.Scenario == Scenario.Personalisation ? [.. r.Runs.Where(x => x.Subject is not null).Select(x => x.Subject!.Value).Distinct()] : null,
            o?.PretrainEpochs, o?.CloudEpochs, o?.Transfer.MaxEpochs, o?.Transfer.EffectiveOptimizer.Kind.ToString().ToLowerInvariant(),
            o?.Transfer.EffectiveOptimizer.LearningRate, o?.Transfer.Hidden, o?.Transfer.BatchSize, o?.Transfer.Patience, o?.Transfer.Int8Head);
    }
}

/// <summary>One K over seeds (and subjects): each accuracy, epochs, work as mean ± sd, and the per-epoch curves.</summary>
/// <param name="SamplesPerClass">K.</param>
/// <param name="Runs">Runs summarised.</param>
/// <param name="Base">The base model unchanged.</param>
/// <param name="Device">MicroTL on the device.</param>
/// <param name="CloudScratch">The cloud's network from scratch, int8.</param>
/// <param name="FloatFineTune">The head on float features.</param>
/// <param name="Classical">A random forest on window statistics (NaN when not run).</param>
/// <param name="Epochs">Epochs kept.</param>
/// <param name="StopReasons">Runs per stop reason.</param>
/// <param name="MemoryTotalBytes">The largest RAM plan of the runs.</param>
/// <param name="TrainingMultiplyAdds">Float work of head training.</param>
/// <param name="CollectionMultiplyAdds">int8 work of feature collection.</param>
/// <param name="PerEpoch">The device head's validation accuracy per epoch.</param>
/// <param name="FloatFineTunePerEpoch">The float fine-tune's validation accuracy per epoch.</param>
/// <param name="CloudScratchPerEpoch">The cloud network's float test accuracy per epoch (when recorded).</param>
public sealed record ScenarioRowReport(int SamplesPerClass, int Runs, StatReport Base, StatReport Device, StatReport CloudScratch, StatReport FloatFineTune,
    StatReport Classical, StatReport Epochs, IReadOnlyDictionary<string, int> StopReasons, long MemoryTotalBytes, StatReport TrainingMultiplyAdds, StatReport CollectionMultiplyAdds,
    IReadOnlyList<ValidationEpochStatReport> PerEpoch, IReadOnlyList<ValidationEpochStatReport> FloatFineTunePerEpoch, IReadOnlyList<TestEpochStatReport> CloudScratchPerEpoch)
{
    /// <summary>The report of <paramref name="row"/>.</summary>
    public static ScenarioRowReport From(ScenarioRow row) => new(row.SamplesPerClass, row.Runs,
        StatReport.From(row.Base), StatReport.From(row.Device), StatReport.From(row.CloudScratch), StatReport.From(row.FloatFineTune), StatReport.From(row.Classical),
        StatReport.From(row.Epochs),
        row.StopReasons, row.MemoryTotalBytes, StatReport.From(row.TrainingMultiplyAdds), StatReport.From(row.CollectionMultiplyAdds),
        [.. row.DevicePerEpoch.Select(s => new ValidationEpochStatReport(s.Epoch, StatReport.From(s.Accuracy)))],
        [.. row.FloatFineTunePerEpoch.Select(s => new ValidationEpochStatReport(s.Epoch, StatReport.From(s.Accuracy)))],
        [.. row.CloudScratchPerEpoch.Select(s => new TestEpochStatReport(s.Epoch, StatReport.From(s.Accuracy)))]);
}

/// <summary>One transfer of a scenario as measured.</summary>
/// <param name="Seed">Its seed.</param>
/// <param name="SamplesPerClass">K.</param>
/// <param name="Subject">The adapted subject (personalisation only).</param>
/// <param name="PretrainFloat">The base network's float accuracy on its held-out data.</param>
/// <param name="PretrainInt8">The base model's int8 accuracy on its held-out data.</param>
/// <param name="Base">The base model unchanged on the test set.</param>
/// <param name="Device">MicroTL on the device.</param>
/// <param name="CloudScratch">The cloud's network, int8.</param>
/// <param name="CloudScratchFloat">The cloud's network, float.</param>
/// <param name="FloatFineTune">The head on float features (null when skipped).</param>
/// <param name="Classical">A random forest on window statistics (null when not run).</param>
/// <param name="Epochs">Epochs kept.</param>
/// <param name="StopReason">Why training stopped.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="PerEpoch">The device's epochs.</param>
/// <param name="FloatFineTuneBestEpoch">The float fine-tune's kept epoch (when it ran).</param>
/// <param name="FloatFineTunePerEpoch">The float fine-tune's epochs (when it ran).</param>
/// <param name="CloudScratchPerEpoch">The cloud network's epochs.</param>
public sealed record ScenarioRunReport(ulong Seed, int SamplesPerClass,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Subject,
    double PretrainFloat, double PretrainInt8, double Base, double Device, double CloudScratch, double CloudScratchFloat, double FloatFineTune,
    double Classical, int Epochs, string StopReason, int TestSamples, int BestEpoch, IReadOnlyList<HeadEpochReport> PerEpoch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FloatFineTuneBestEpoch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HeadEpochReport>? FloatFineTunePerEpoch,
    IReadOnlyList<CloudEpochReport> CloudScratchPerEpoch)
{
    /// <summary>The report of <paramref name="run"/>.</summary>
    public static ScenarioRunReport From(ScenarioRun run)
    {
        var o = run.Result.Outcome;
        FloatFineTuneResult? f = run.Result.FloatFineTune;
        return new ScenarioRunReport(run.Seed, run.SamplesPerClass, run.Subject, run.PretrainFloatAccuracy, run.PretrainInt8Accuracy,
            run.BaseAccuracy, run.DeviceAccuracy, run.CloudScratchAccuracy, run.Result.Cloud.FloatAccuracy, run.FloatFineTuneAccuracy,
            run.ClassicalAccuracy, o.Training.EpochsRun, o.Training.Reason.ToString(), run.Result.Evaluation.TestSamples, o.Training.KeptEpoch, HeadEpochReport.From(o.Training.Epochs),
            f?.Training.KeptEpoch, f is null ? null : HeadEpochReport.From(f.Training.Epochs), CloudEpochReport.From(run.Result.Cloud));
    }
}
