namespace MicroTL.Training;

/// <summary>Why training stopped.</summary>
public enum StopReason
{
    /// <summary>The max-epochs cap was reached (also the end of a fixed-epoch run).</summary>
    MaxEpochs,

    /// <summary>The monitored metric did not improve for the patience window.</summary>
    Patience,

    /// <summary>The expected accuracy gain per millijoule fell below the threshold.</summary>
    EnergyAware,

    /// <summary>Loss, gradients or parameters blew up; the head was rolled back to the last good epoch.</summary>
    Diverged,
}
