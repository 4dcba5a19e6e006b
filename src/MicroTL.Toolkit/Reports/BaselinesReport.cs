using System.Text.Json.Serialization;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reports;

/// <summary>The baselines' training facts in a transfer report on a data set.</summary>
/// <param name="CloudScratch">The cloud's network trained from scratch.</param>
/// <param name="FloatFineTune">The head trained on float features, or null when skipped.</param>
public sealed record BaselinesReport(CloudScratchBaselineReport CloudScratch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FloatFineTuneBaselineReport? FloatFineTune)
{
    /// <summary>The baselines of <paramref name="e"/>.</summary>
    public static BaselinesReport From(TransferExperimentResult e) => new(
        new CloudScratchBaselineReport(e.Cloud.History.Count, e.Cloud.ModelBytes, [.. e.Cloud.History.Select(p => p.Accuracy)]),
        e.FloatFineTune is { } f
            ? new FloatFineTuneBaselineReport(f.Training.EpochsRun, f.Training.Reason.ToString(), [.. f.Training.Epochs.Select(r => r.ValidationAccuracy)])
            : null);
}

/// <summary>The cloud's from-scratch training.</summary>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="ModelBytes">Bytes of its int8 .tflite.</param>
/// <param name="PerEpochTrainAccuracy">Training accuracy per epoch.</param>
public sealed record CloudScratchBaselineReport(int Epochs, int ModelBytes, IReadOnlyList<float> PerEpochTrainAccuracy);

/// <summary>The float fine-tune's training.</summary>
/// <param name="Epochs">Epochs kept.</param>
/// <param name="StopReason">Why it stopped.</param>
/// <param name="PerEpochValidationAccuracy">Validation accuracy per epoch (null without validation data).</param>
public sealed record FloatFineTuneBaselineReport(int Epochs, string StopReason, IReadOnlyList<double> PerEpochValidationAccuracy);

/// <summary>
/// The figures the energy model adds to a run's op counts: <c>workload</c> of the transfer and workload reports.
/// </summary>
/// <param name="Samples">Labelled samples (all uploaded in the cloud way); when absent a reader takes <c>store.samplesOffered</c>.</param>
/// <param name="RawBytesPerSample">Bytes of one raw labelled sample as uploaded.</param>
/// <param name="CloudTrainHostSeconds">Host seconds to train the cloud's model.</param>
/// <param name="CloudModelBytes">Bytes of the cloud's model sent down.</param>
/// <param name="DeployedModelBytes">Bytes of the adapted model (informational; 0 when absent).</param>
public sealed record WorkloadReport(
    int? Samples,
    [property: JsonRequired] long RawBytesPerSample,
    [property: JsonRequired] double CloudTrainHostSeconds,
    [property: JsonRequired] long CloudModelBytes,
    long DeployedModelBytes)
{
    /// <summary>The figures of <paramref name="w"/>, the host seconds rounded to <paramref name="cloudSecondsDecimals"/> when given.</summary>
    public static WorkloadReport From(Workload w, int? cloudSecondsDecimals = null) => new(w.Samples, w.RawBytesPerSample,
        cloudSecondsDecimals is { } d ? Math.Round(w.CloudTrainHostSeconds, d) : w.CloudTrainHostSeconds, w.CloudModelBytes, w.DeployedModelBytes);
}
