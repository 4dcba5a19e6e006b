// The report of `microtl transfer --report` (and the demo's transfer-report.json): what the device did,
// measured. A run on a data set (transfer --dataset, demo) adds a description, the baselines and the workload.
using System.Text.Json.Serialization;
using MicroTL.Runtime.Ops;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.Toolkit.Experiments;
using MicroTL.Training;

namespace MicroTL.Toolkit.Reports;

/// <summary>A transfer run's report.</summary>
/// <param name="Description">What was run (data-set runs only; <c>energy --scenario</c> prints it).</param>
/// <param name="Accuracy">The accuracies of the original, deployed and candidate models (and the baselines).</param>
/// <param name="Epochs">Epochs trained and kept.</param>
/// <param name="StopReason">Why training stopped.</param>
/// <param name="Decision">The deployment decision.</param>
/// <param name="DecisionReason">Why, in one sentence (the validation accuracies compared, or what broke the head).</param>
/// <param name="Deployed">True when the new head was deployed.</param>
/// <param name="Memory">The RAM plan.</param>
/// <param name="Cut">The cut tensor.</param>
/// <param name="Head">The trained head.</param>
/// <param name="Store">The feature store's counts.</param>
/// <param name="Ops">The run's work.</param>
/// <param name="PerEpoch">Loss and accuracy per epoch.</param>
/// <param name="Export">The check of the exported model.</param>
/// <param name="Baselines">The cloud-scratch and float fine-tune trainings (data-set runs only).</param>
/// <param name="Workload">The figures the energy model adds to the op counts (data-set runs only).</param>
/// <param name="Skipped">What reading WISDM text files skipped (absent for the embedded data and MNIST).</param>
public sealed record TransferReport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    TransferAccuracyReport Accuracy,
    int Epochs,
    string StopReason,
    string Decision,
    string DecisionReason,
    bool Deployed,
    MemoryReport Memory,
    CutReport Cut,
    HeadReport Head,
    StoreReport Store,
    OpsReport Ops,
    IReadOnlyList<HeadEpochReport> PerEpoch,
    ExportReport Export,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BaselinesReport? Baselines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WorkloadReport? Workload,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SkippedDataReport? Skipped = null)
{
    /// <summary>
    /// The report of the run <paramref name="o"/> measured by <paramref name="evaluation"/>; with <paramref name="experiment"/> (a run
    /// on a data set) the baselines and the workload too.
    /// </summary>
    public static TransferReport From(TransferOutcome o, TransferEvaluation evaluation, TransferExperimentResult? experiment = null) => new(
        experiment?.Workload.Description,
        TransferAccuracyReport.From(o, evaluation, experiment),
        o.Training.EpochsRun,
        o.Training.Reason.ToString(),
        o.Decision.ToString(),
        o.DecisionReason,
        o.Deployed,
        MemoryReport.From(o.Memory, o.Device, o.AllocatedBytes),
        new CutReport(o.CutTensor, o.CutTensorName, o.Head.Inputs),
        new HeadReport(o.Head.Inputs, o.Head.Hidden, o.Head.Classes, o.Initialisation, o.ClassesChanged, o.HeadFeatures?.Length ?? 0),
        new StoreReport(o.SamplesOffered, o.SamplesStored, o.RecordsReopened, o.StoreBytesUsed, o.TrainRecords, o.ValidationRecords, [.. o.StoredPerClass],
            AugmentedCopies: o.AugmentedCopies, Mode: ModeName(o.StoreMode)),
        OpsOf(o),
        HeadEpochReport.From(o.Training.Epochs),
        new ExportReport(o.ExportFormat, evaluation.TestSamples, evaluation.ExportAgreements),
        experiment is null ? null : BaselinesReport.From(experiment),
        experiment is null ? null : WorkloadReport.From(experiment.Workload, cloudSecondsDecimals: 3));

    /// <summary>"ram", "ram, journaled to flash" or "flash".</summary>
    public static string ModeName(FeatureStoreMode mode) => mode switch
    {
        FeatureStoreMode.Flash => "flash",
        FeatureStoreMode.RamJournaled => "ram, journaled to flash",
        _ => "ram",
    };

    /// <summary>The op counts of a run: collection MACs by operator name, bytes stored, head training.</summary>
    public static OpsReport OpsOf(TransferOutcome o) =>
        OpsReport.From(o.CollectionMacs.ToDictionary(kv => OperatorNames.Of(kv.Key), kv => kv.Value), o.BytesStored, o.Training.Ops, o.CollectionFloatOperations);
}

/// <summary>
/// The accuracies of a transfer run on its test inputs (fractions; null when they do not exist, e.g. no validation split).
/// The baselines appear only in a run on a data set; <c>floatFineTune</c> is null there when it was skipped, <c>classical</c>
/// when the data are not motion windows.
/// </summary>
/// <param name="Before">The original model.</param>
/// <param name="After">The deployed model.</param>
/// <param name="Candidate">The exported candidate (new head), deployed or not.</param>
/// <param name="FloatHead">The new float head as the session computes it.</param>
/// <param name="ValidationOld">The model's own head on the validation split.</param>
/// <param name="ValidationNew">The new head on the validation split.</param>
/// <param name="CloudScratch">The cloud's new network, int8.</param>
/// <param name="CloudScratchFloat">The cloud's new network, float.</param>
/// <param name="FloatFineTune">The same head trained on float features (NaN when skipped).</param>
/// <param name="Classical">A random forest on window statistics of the same labelled windows (NaN when not run).</param>
public sealed record TransferAccuracyReport(double Before, double After, double Candidate, double FloatHead, double ValidationOld, double ValidationNew,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CloudScratch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CloudScratchFloat,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? FloatFineTune,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Classical)
{
    /// <summary>The test accuracies of <paramref name="t"/>, the validation accuracies of <paramref name="o"/> and, when given, the baselines'.</summary>
    public static TransferAccuracyReport From(TransferOutcome o, TransferEvaluation t, TransferExperimentResult? e) => new(
        t.AccuracyBefore, t.AccuracyAfter, t.CandidateAccuracy, t.HeadAccuracy, o.OldValidationAccuracy, o.NewValidationAccuracy,
        e?.Cloud.Int8Accuracy, e?.Cloud.FloatAccuracy, e is null ? null : e.FloatFineTune?.Accuracy ?? double.NaN,
        e is null ? null : e.Classical?.Accuracy ?? double.NaN);
}

/// <summary>The cut: where the frozen int8 body ends and the head begins.</summary>
/// <param name="Tensor">Cut tensor index.</param>
/// <param name="Name">Cut tensor name.</param>
/// <param name="Features">int8 features per sample.</param>
public sealed record CutReport(int Tensor, string Name, int Features);

/// <summary>The head's shape and where its first weights came from.</summary>
/// <param name="Inputs">Features in.</param>
/// <param name="Hidden">Hidden units.</param>
/// <param name="Classes">Classes out.</param>
/// <param name="Initialisation">The model's own head, or He.</param>
/// <param name="ClassesChanged">True when the head's classes differ from the model's.</param>
/// <param name="HeadFeatures">Of the inputs, the model's head features after the cut's (the window statistics of a motion base); 0 when none.</param>
public sealed record HeadReport(
    [property: JsonRequired] int Inputs, [property: JsonRequired] int Hidden, [property: JsonRequired] int Classes,
    string Initialisation, bool ClassesChanged, int HeadFeatures = 0)
{
    /// <summary>The head's shape.</summary>
    [JsonIgnore]
    public HeadShape Shape => new(Inputs, Hidden, Classes);
}

/// <summary>The feature store's counts.</summary>
/// <param name="SamplesOffered">Samples run through the body.</param>
/// <param name="SamplesStored">Samples the store kept.</param>
/// <param name="RecordsReopened">Records of earlier runs reopened from the store file.</param>
/// <param name="BytesUsed">Bytes of the records held.</param>
/// <param name="TrainRecords">Records trained on.</param>
/// <param name="ValidationRecords">Records held out for validation.</param>
/// <param name="PerClass">Records stored per class.</param>
/// <param name="CorruptRecordsSkipped">Records of the store file that were corrupt on reopening and skipped (each a lost sample).</param>
/// <param name="TornRecordsDropped">Records torn at the end of the store file's log (an append cut by a crash) and dropped on reopening.</param>
/// <param name="AugmentedCopies">Perturbed copies of each labelled sample that also went through the body into the store.</param>
/// <param name="Mode">Where the records were kept: "ram", "ram, journaled to flash" or "flash".</param>
public sealed record StoreReport(int SamplesOffered, int SamplesStored, int RecordsReopened, long BytesUsed, int TrainRecords, int ValidationRecords,
    IReadOnlyList<int> PerClass, int CorruptRecordsSkipped = 0, int TornRecordsDropped = 0, int AugmentedCopies = 0, string Mode = "ram");

/// <summary>The check of the exported model: on how many test inputs it predicts what the session predicted.</summary>
/// <param name="Format">"hybrid" (int8 body + float32 head) or "int8".</param>
/// <param name="TestSamples">Test inputs.</param>
/// <param name="Agreements">Inputs on which the exported model agrees with the session.</param>
public sealed record ExportReport(string Format, int TestSamples, int Agreements);
