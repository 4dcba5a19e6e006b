// The demo's report.json: accuracies of every method, per-epoch series, the base model, memory, ops, the
// full transfer report, the energy estimate and its break-even sweeps. Wall-clock figures sit in `timing`
// and workload.cloudTrainHostSeconds only; `energy` is the cost model's estimate.
using System.Text.Json.Serialization;
using MicroTL.Session;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reports;

/// <summary>The report of <c>microtl demo</c>.</summary>
/// <param name="Scenario">Always new-activities.</param>
/// <param name="Seed">The seed of every step.</param>
/// <param name="SamplesPerClass">Labelled windows per class on the device.</param>
/// <param name="TrainSamples">Labelled windows the device collected.</param>
/// <param name="TestSamples">Windows every method is tested on.</param>
/// <param name="PretrainData">What the base network was trained on.</param>
/// <param name="DeviceData">What the device learns and is tested on.</param>
/// <param name="Accuracy">Every method's accuracy.</param>
/// <param name="PerEpoch">The training curves.</param>
/// <param name="Epochs">The device's epochs kept.</param>
/// <param name="StopReason">Why the device stopped.</param>
/// <param name="BaseModel">The deployed base model.</param>
/// <param name="Memory">The device job's RAM plan.</param>
/// <param name="Ops">The device job's work.</param>
/// <param name="Transfer">The full transfer report (as transfer-report.json).</param>
/// <param name="Energy">The run priced on the device profile, with the break-even sweeps.</param>
/// <param name="Timing">Host seconds per phase.</param>
/// <param name="Skipped">What reading WISDM text files skipped (absent for the embedded data and MNIST).</param>
public sealed record DemoReport(string Scenario, ulong Seed, int SamplesPerClass, int TrainSamples, int TestSamples,
    SelectionReport PretrainData, SelectionReport DeviceData, DemoAccuracyReport Accuracy, DemoCurvesReport PerEpoch, int Epochs, string StopReason,
    DeployedModelFacts BaseModel, MemoryReport Memory, OpsReport Ops, TransferReport Transfer, EnergyComparisonReport Energy, DemoTimingReport Timing,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SkippedDataReport? Skipped = null)
{
    /// <summary>
    /// The run priced with the profile's datasheet estimates for collection and training (optimized kernels), beside
    /// <see cref="Energy"/>'s firmware-calibrated figures; absent when the profile carries no calibration.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EnergyComparisonReport? EnergyWithDatasheetKernels { get; init; }

    /// <summary>The report of <paramref name="d"/>.</summary>
    public static DemoReport From(DemoResult d)
    {
        TransferOutcome o = d.Transfer.Outcome;
        TransferEvaluation t = d.Transfer.Evaluation;
        return new DemoReport("new-activities", d.Seed, d.SamplesPerClass, d.TrainSamples, d.TestSamples,
            SelectionReport.From(d.Pretrain), SelectionReport.From(d.Device),
            new DemoAccuracyReport(d.Pretraining.FloatAccuracy, d.Pretraining.Int8Accuracy, t.AccuracyBefore, t.AccuracyAfter,
                d.Transfer.Cloud.Int8Accuracy, d.Transfer.Cloud.FloatAccuracy, d.Transfer.FloatFineTune?.Accuracy ?? double.NaN,
                d.Transfer.Classical?.Accuracy ?? double.NaN),
            new DemoCurvesReport(
                [.. d.Pretraining.History.Select(e => (double)e.Accuracy)],
                [.. o.Training.Epochs.Select(e => e.ValidationAccuracy)],
                [.. o.Training.Epochs.Select(e => e.TrainAccuracy)],
                [.. d.Transfer.Cloud.History.Select(e => (double)e.Accuracy)],
                [.. d.Transfer.FloatFineTune?.Training.Epochs.Select(e => e.ValidationAccuracy) ?? []]),
            o.Training.EpochsRun, o.Training.Reason.ToString(), d.BaseModel,
            MemoryReport.From(o.Memory, o.Device, o.AllocatedBytes), TransferReport.OpsOf(o), TransferReport.From(o, t, d.Transfer),
            EnergyComparisonReport.From(d.Energy.Comparison, d.Energy.BreakEven),
            new DemoTimingReport(Math.Round(d.Timing.PretrainSeconds, 3), Math.Round(d.Timing.TransferSeconds, 3), Math.Round(d.Timing.TotalSeconds, 3)))
        {
            EnergyWithDatasheetKernels = d.Energy.DatasheetKernels is { } k ? EnergyComparisonReport.From(k, null) : null,
        };
    }
}

/// <summary>A data selection: classes and subjects (empty for MNIST).</summary>
/// <param name="Classes">Class names.</param>
/// <param name="Subjects">Subjects.</param>
public sealed record SelectionReport(IReadOnlyList<string> Classes, IReadOnlyList<int> Subjects)
{
    /// <summary>The report of <paramref name="s"/>.</summary>
    public static SelectionReport From(DataSelection s) => new(s.Classes, s.Subjects ?? []);
}

/// <summary>The demo's accuracies, on the same test windows except the pretraining ones (held-out subjects of the base classes).</summary>
/// <param name="PretrainFloat">The base network, float, on its held-out subjects.</param>
/// <param name="PretrainInt8">The base model, int8, on its held-out subjects.</param>
/// <param name="BaseUnchanged">The base model on the new users' test windows.</param>
/// <param name="Device">MicroTL on the device.</param>
/// <param name="CloudScratch">The cloud's network from scratch, int8.</param>
/// <param name="CloudScratchFloat">The cloud's network, float.</param>
/// <param name="FloatFineTune">The head on float features (null when skipped).</param>
/// <param name="Classical">A random forest on window statistics of the same labelled windows (host only).</param>
public sealed record DemoAccuracyReport(double PretrainFloat, double PretrainInt8, double BaseUnchanged, double Device, double CloudScratch,
    double CloudScratchFloat, double FloatFineTune, double Classical);

/// <summary>The demo's training curves, one value per epoch.</summary>
/// <param name="PretrainTrainAccuracy">The base network's training accuracy.</param>
/// <param name="DeviceValidationAccuracy">The device head's validation accuracy.</param>
/// <param name="DeviceTrainAccuracy">The device head's training accuracy.</param>
/// <param name="CloudScratchTrainAccuracy">The cloud network's training accuracy.</param>
/// <param name="FloatFineTuneValidationAccuracy">The float fine-tune's validation accuracy.</param>
public sealed record DemoCurvesReport(IReadOnlyList<double> PretrainTrainAccuracy, IReadOnlyList<double> DeviceValidationAccuracy,
    IReadOnlyList<double> DeviceTrainAccuracy, IReadOnlyList<double> CloudScratchTrainAccuracy, IReadOnlyList<double> FloatFineTuneValidationAccuracy);

/// <summary>Host wall-clock seconds of the demo's phases (not reproducible).</summary>
/// <param name="PretrainSeconds">Pretraining.</param>
/// <param name="TransferSeconds">The device's transfer and the baselines.</param>
/// <param name="TotalSeconds">Everything.</param>
public sealed record DemoTimingReport(double PretrainSeconds, double TransferSeconds, double TotalSeconds);
