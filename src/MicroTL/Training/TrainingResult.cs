namespace MicroTL.Training;

/// <summary>The outcome of <see cref="HeadTrainer.Train"/>.</summary>
/// <param name="EpochsRun">Epochs completed and kept (a diverged epoch is not counted).</param>
/// <param name="Reason">Why training stopped.</param>
/// <param name="Epochs">One record per completed epoch.</param>
/// <param name="BestValidationAccuracy">Highest validation accuracy seen (NaN without validation data).</param>
/// <param name="BestEpoch">Epoch the stopping rule marked best (0 if none); its weights are in the head when <paramref name="RestoredBest"/>.</param>
/// <param name="RestoredBest">True when the head's parameters were reset to the best epoch's at the end.</param>
/// <param name="RetriedWithHalfLearningRate">True when a divergence was retried once at half the learning rate.</param>
/// <param name="FinalLearningRate">Learning rate in use at the end.</param>
/// <param name="Ops">Work of the whole run (training and validation).</param>
public sealed record TrainingResult(
    int EpochsRun,
    StopReason Reason,
    IReadOnlyList<EpochRecord> Epochs,
    double BestValidationAccuracy,
    int BestEpoch,
    bool RestoredBest,
    bool RetriedWithHalfLearningRate,
    float FinalLearningRate,
    OpCounts Ops)
{
    /// <summary>
    /// The epoch whose weights the head holds at the end: the best epoch when the rule restored it, else the last
    /// epoch run (a fixed budget keeps the last weights even when an earlier epoch scored higher).
    /// </summary>
    public int KeptEpoch => RestoredBest ? BestEpoch : EpochsRun;
}
