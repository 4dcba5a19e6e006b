namespace MicroTL.Training;

/// <summary>
/// Stops when another epoch is not worth its energy: the expected accuracy gain of the next epoch
/// per millijoule it costs falls below <see cref="MinGainPointsPerMillijoule"/>.
/// </summary>
/// <remarks>
/// Accuracy is in points (percent, 0..100) of the monitored accuracy (validation when present).
/// After each epoch t &gt; 1: gain <c>g_t = acc_t - acc_{t-1}</c>; smoothed
/// <c>G_t = α g_t + (1 - α) G_{t-1}</c> (<c>G_2 = g_2</c>), an exponential average over the last
/// few epochs (≈ 2/α - 1 of them) so one noisy validation result does not decide. The expected
/// gain of the next epoch is <c>max(G_t, 0)</c>; with E the energy of one epoch (given by the
/// caller: a measured figure, or a device profile's price of the epoch's op counts; the library has no
/// board's figures of its own) the rule stops when <c>max(G_t, 0) / E &lt; threshold</c> and at least
/// <see cref="MinEpochs"/> epochs have run. This is the paper's "stop when more epochs stop
/// paying", made a number.
/// </remarks>
public sealed class EnergyAwareStopping : IStoppingRule
{
    private double _previousPoints;
    private double _smoothedGain;
    private double _best;
    private int _observed;
    private readonly Func<OpCounts, double>? _epochEnergyModel;

    /// <summary>Creates the rule.</summary>
    /// <param name="minGainPointsPerMillijoule">Threshold: accuracy points per mJ below which training stops.</param>
    /// <param name="energyPerEpochMillijoules">Measured or profiled energy of one epoch; null to price each epoch with <paramref name="epochEnergyModel"/>.</param>
    /// <param name="smoothing">α in (0, 1]: weight of the newest gain.</param>
    /// <param name="minEpochs">Epochs always run before the rule may stop (&gt;= 2: a gain needs two epochs).</param>
    /// <param name="restoreBest">Restore the most accurate epoch's weights at the end.</param>
    /// <param name="epochEnergyModel">Prices an epoch's op counts in mJ (a host-side device profile's cost model); used when
    /// <paramref name="energyPerEpochMillijoules"/> is null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">Neither an energy per epoch nor an epoch energy model is given: the rule has nothing to weigh gains against.</exception>
    public EnergyAwareStopping(double minGainPointsPerMillijoule, double? energyPerEpochMillijoules = null,
        double smoothing = 0.5, int minEpochs = 3, bool restoreBest = true, Func<OpCounts, double>? epochEnergyModel = null)
    {
        if (!(minGainPointsPerMillijoule >= 0) || double.IsInfinity(minGainPointsPerMillijoule))
            TrainingThrow.OutOfRange(nameof(minGainPointsPerMillijoule), $"threshold {minGainPointsPerMillijoule}; must be finite and >= 0");
        if (energyPerEpochMillijoules is { } e && !(e > 0 && double.IsFinite(e)))
            TrainingThrow.OutOfRange(nameof(energyPerEpochMillijoules), $"energy per epoch {e} mJ; must be finite and > 0");
        if (!(smoothing > 0 && smoothing <= 1))
            TrainingThrow.OutOfRange(nameof(smoothing), $"smoothing {smoothing}; must be in (0, 1]");
        if (minEpochs < 2) TrainingThrow.OutOfRange(nameof(minEpochs), $"min epochs {minEpochs}; must be >= 2");
        if (energyPerEpochMillijoules is null && epochEnergyModel is null)
            TrainingThrow.Argument(nameof(epochEnergyModel), "energy-aware stopping needs the energy of an epoch: a measured energy per epoch " +
                "or an energy model of the device (a profile's cost model); the device library has no board's figures of its own");
        MinGainPointsPerMillijoule = minGainPointsPerMillijoule;
        EnergyPerEpochMillijoules = energyPerEpochMillijoules;
        Smoothing = smoothing;
        MinEpochs = minEpochs;
        RestoresBest = restoreBest;
        _epochEnergyModel = epochEnergyModel;
        Reset();
    }

    /// <summary>Stop threshold, accuracy points per millijoule.</summary>
    public double MinGainPointsPerMillijoule { get; }

    /// <summary>Caller-given energy per epoch (mJ), or null to price each epoch with the energy model.</summary>
    public double? EnergyPerEpochMillijoules { get; }

    /// <summary>α, weight of the newest gain.</summary>
    public double Smoothing { get; }

    /// <summary>Epochs run before the rule may stop.</summary>
    public int MinEpochs { get; }

    /// <inheritdoc />
    public bool RestoresBest { get; }

    /// <summary>The last computed expected gain per millijoule (NaN before the second epoch).</summary>
    public double LastGainPointsPerMillijoule { get; private set; }

    /// <summary>The energy per epoch the last decision used (mJ).</summary>
    public double LastEpochMillijoules { get; private set; }

    /// <inheritdoc />
    public void Reset()
    {
        _previousPoints = double.NaN;
        _smoothedGain = double.NaN;
        _best = double.NegativeInfinity;
        _observed = 0;
        LastGainPointsPerMillijoule = double.NaN;
        LastEpochMillijoules = double.NaN;
    }

    /// <inheritdoc />
    public StoppingDecision Observe(in EpochRecord epoch)
    {
        _observed++;
        double points = 100 * epoch.MonitoredAccuracy;
        bool isBest = points > _best;
        if (isBest) _best = points;
        if (_observed == 1)
        {
            _previousPoints = points;
            return StoppingDecision.Continue(isBest);
        }

        double gain = points - _previousPoints;
        _previousPoints = points;
        _smoothedGain = _observed == 2 ? gain : Smoothing * gain + (1 - Smoothing) * _smoothedGain;

        LastEpochMillijoules = EnergyPerEpochMillijoules ?? _epochEnergyModel!(epoch.Ops);
        if (!(LastEpochMillijoules > 0) || !double.IsFinite(LastEpochMillijoules))
            TrainingThrow.OutOfRange("epochEnergyModel", $"epoch energy {LastEpochMillijoules} mJ; must be finite and > 0");
        LastGainPointsPerMillijoule = Math.Max(_smoothedGain, 0) / LastEpochMillijoules;
        bool stop = _observed >= MinEpochs && LastGainPointsPerMillijoule < MinGainPointsPerMillijoule;
        return stop ? StoppingDecision.StopNow(StopReason.EnergyAware, isBest) : StoppingDecision.Continue(isBest);
    }
}
