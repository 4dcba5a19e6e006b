namespace MicroTL.Training;

/// <summary>
/// The authors' policy: run a fixed number of epochs (14 for MNIST, 6 for CIFAR in their code).
/// Marks the epoch with the best monitored accuracy but never restores it.
/// </summary>
public sealed class FixedEpochs : IStoppingRule
{
    private double _best = double.NegativeInfinity;

    /// <summary>Stops (as <see cref="StopReason.MaxEpochs"/>) after <paramref name="epochs"/> epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is not positive.</exception>
    public FixedEpochs(int epochs)
    {
        if (epochs <= 0) TrainingThrow.OutOfRange(nameof(epochs), $"epochs {epochs}; must be positive");
        Epochs = epochs;
    }

    /// <summary>Epochs to run.</summary>
    public int Epochs { get; }

    /// <inheritdoc />
    public bool RestoresBest => false;

    /// <inheritdoc />
    public void Reset() => _best = double.NegativeInfinity;

    /// <inheritdoc />
    public StoppingDecision Observe(in EpochRecord epoch)
    {
        bool isBest = epoch.MonitoredAccuracy > _best;
        if (isBest) _best = epoch.MonitoredAccuracy;
        return epoch.Epoch >= Epochs ? StoppingDecision.StopNow(StopReason.MaxEpochs, isBest) : StoppingDecision.Continue(isBest);
    }
}
