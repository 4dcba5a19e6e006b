namespace MicroTL.Training;

/// <summary>The metric a patience rule watches (validation when present, else training).</summary>
public enum MonitoredMetric
{
    /// <summary>Higher is better.</summary>
    Accuracy,

    /// <summary>Lower is better.</summary>
    Loss,
}

/// <summary>
/// Classic early stopping: stop when the monitored metric has not improved by more than
/// <see cref="MinDelta"/> for <see cref="Patience"/> epochs in a row, and (by default) restore the
/// best epoch's weights. Ties do not count as improvement, so the earliest best epoch is kept.
/// </summary>
public sealed class PatienceStopping : IStoppingRule
{
    private double _best;
    private int _epochsWithoutImprovement;

    /// <summary>Creates the rule.</summary>
    /// <param name="patience">Epochs without improvement before stopping (&gt;= 1).</param>
    /// <param name="metric">Accuracy (default) or loss.</param>
    /// <param name="minDelta">Smallest change that counts as improvement (accuracy as a fraction, or loss).</param>
    /// <param name="restoreBest">Restore the best epoch's weights at the end.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="patience"/> &lt; 1 or <paramref name="minDelta"/> &lt; 0.</exception>
    public PatienceStopping(int patience, MonitoredMetric metric = MonitoredMetric.Accuracy, double minDelta = 0, bool restoreBest = true)
    {
        if (patience < 1) TrainingThrow.OutOfRange(nameof(patience), $"patience {patience}; must be >= 1");
        if (!(minDelta >= 0)) TrainingThrow.OutOfRange(nameof(minDelta), $"min delta {minDelta}; must be >= 0");
        Patience = patience;
        Metric = metric;
        MinDelta = minDelta;
        RestoresBest = restoreBest;
        Reset();
    }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>The watched metric.</summary>
    public MonitoredMetric Metric { get; }

    /// <summary>Smallest improvement that counts.</summary>
    public double MinDelta { get; }

    /// <inheritdoc />
    public bool RestoresBest { get; }

    /// <inheritdoc />
    public void Reset()
    {
        _best = Metric == MonitoredMetric.Accuracy ? double.NegativeInfinity : double.PositiveInfinity;
        _epochsWithoutImprovement = 0;
    }

    /// <inheritdoc />
    public StoppingDecision Observe(in EpochRecord epoch)
    {
        double value = Metric == MonitoredMetric.Accuracy ? epoch.MonitoredAccuracy : epoch.MonitoredLoss;
        bool improved = Metric == MonitoredMetric.Accuracy ? value > _best + MinDelta : value < _best - MinDelta;
        if (improved)
        {
            _best = value;
            _epochsWithoutImprovement = 0;
            return StoppingDecision.Continue(isBest: true);
        }
        _epochsWithoutImprovement++;
        return _epochsWithoutImprovement >= Patience
            ? StoppingDecision.StopNow(StopReason.Patience, isBest: false)
            : StoppingDecision.Continue(isBest: false);
    }
}
