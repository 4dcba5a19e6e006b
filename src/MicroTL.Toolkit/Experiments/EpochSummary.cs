// Accuracy per epoch summarised over the runs of a scenario row: the curves behind an early-stopping
// choice. Runs stop at different epochs, so each epoch has its own count of runs.
namespace MicroTL.Toolkit.Experiments;

/// <summary>The mean and spread of an accuracy at one epoch over the runs that reached it.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Accuracy">Mean and sample sd over the runs with a finite accuracy at this epoch; n is their count.</param>
public sealed record EpochSummary(int Epoch, MeanSd Accuracy)
{
    /// <summary>
    /// One summary per epoch number that any of <paramref name="curves"/> reached, in epoch order. Each curve is one run's
    /// (epoch, accuracy) pairs; non-finite accuracies (no validation data) are left out of the mean and of n.
    /// </summary>
    public static IReadOnlyList<EpochSummary> Over(IEnumerable<IEnumerable<(int Epoch, double Accuracy)>> curves) =>
        [.. curves.SelectMany(curve => curve)
            .GroupBy(point => point.Epoch)
            .OrderBy(group => group.Key)
            .Select(group => new EpochSummary(group.Key, MeanSd.Of(group.Select(point => point.Accuracy))))];
}
