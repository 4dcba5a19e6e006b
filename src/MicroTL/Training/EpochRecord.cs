namespace MicroTL.Training;

/// <summary>
/// What one epoch did. Accuracies are fractions in [0, 1]; losses are mean cross-entropy per
/// sample. Validation fields are NaN when there is no validation data.
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's steps (weighted by samples).</param>
/// <param name="TrainAccuracy">Training accuracy of the predictions made during the epoch's forward passes.</param>
/// <param name="ValidationLoss">Mean validation loss after the epoch, or NaN.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the epoch, or NaN.</param>
/// <param name="MaxGradientNorm">Largest gradient L2 norm seen in a step of the epoch.</param>
/// <param name="TrainingOps">Work of the epoch's training steps.</param>
/// <param name="ValidationOps">Work of the epoch's validation pass.</param>
public readonly record struct EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double MaxGradientNorm,
    OpCounts TrainingOps,
    OpCounts ValidationOps)
{
    /// <summary>True when the validation fields hold values.</summary>
    public bool HasValidation => !double.IsNaN(ValidationAccuracy);

    /// <summary>Validation accuracy when present, else training accuracy: what stopping rules watch.</summary>
    public double MonitoredAccuracy => HasValidation ? ValidationAccuracy : TrainAccuracy;

    /// <summary>Validation loss when present, else training loss.</summary>
    public double MonitoredLoss => HasValidation ? ValidationLoss : TrainLoss;

    /// <summary>All work of the epoch.</summary>
    public OpCounts Ops => TrainingOps + ValidationOps;
}
