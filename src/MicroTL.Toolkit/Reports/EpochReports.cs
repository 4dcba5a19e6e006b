// The per-epoch parts of the reports: a head training's curves as measured, and a scenario row's curves
// as mean ± sd over the runs that reached an epoch. A missing value (no validation data) is null.
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Reports;

/// <summary>One epoch of a head training (the device's, or the float fine-tune's).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="ValidationLoss">Validation loss, NaN (null) without validation data.</param>
/// <param name="ValidationAccuracy">Validation accuracy, NaN (null) without validation data.</param>
public sealed record HeadEpochReport(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy)
{
    /// <summary>Every epoch of <paramref name="epochs"/>.</summary>
    public static IReadOnlyList<HeadEpochReport> From(IReadOnlyList<EpochRecord> epochs) =>
        [.. epochs.Select(e => new HeadEpochReport(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy))];
}

/// <summary>One epoch of the cloud's from-scratch network.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="TestAccuracyFloat">Float test accuracy after the epoch, NaN (null) when not recorded.</param>
public sealed record CloudEpochReport(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracyFloat)
{
    /// <summary>Every epoch of <paramref name="cloud"/>.</summary>
    public static IReadOnlyList<CloudEpochReport> From(CloudScratchResult cloud) =>
        [.. cloud.History.Select((EpochProgress e, int i) => new CloudEpochReport(e.Epoch, e.Loss, e.Accuracy,
            i < cloud.TestAccuracyPerEpoch.Count ? cloud.TestAccuracyPerEpoch[i] : double.NaN))];
}

/// <summary>Mean, sample sd and count of a quantity over runs: <c>{mean, sd, n}</c>; mean and sd null without values.</summary>
/// <param name="Mean">Mean.</param>
/// <param name="Sd">Sample standard deviation.</param>
/// <param name="N">Values summarised.</param>
public sealed record StatReport(double Mean, double Sd, int N)
{
    /// <summary>The report of <paramref name="v"/>.</summary>
    public static StatReport From(MeanSd v) => v.Count == 0 ? new StatReport(double.NaN, double.NaN, 0) : new StatReport(v.Mean, v.Sd, v.Count);
}

/// <summary>An epoch's validation accuracy over the runs of a scenario row.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="ValidationAccuracy">Over the runs that reached it.</param>
public sealed record ValidationEpochStatReport(int Epoch, StatReport ValidationAccuracy);

/// <summary>An epoch's float test accuracy of the cloud network over the runs of a scenario row.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TestAccuracyFloat">Over the runs that recorded it.</param>
public sealed record TestEpochStatReport(int Epoch, StatReport TestAccuracyFloat);
