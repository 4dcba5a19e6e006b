namespace MicroTL.Training;

/// <summary>The phase work is booked to.</summary>
public enum OpPhase
{
    /// <summary>Training steps: forward, backward, optimizer.</summary>
    Training,

    /// <summary>Validation passes: forward only.</summary>
    Validation,

    /// <summary>Predictions outside training.</summary>
    Inference,
}

/// <summary>
/// Running totals of <see cref="OpCounts"/> per <see cref="OpPhase"/>; the trainer books every
/// step and validation pass here. Adding is allocation-free.
/// </summary>
public sealed class OpLedger
{
    private readonly OpCounts[] _phases = new OpCounts[3];

    /// <summary>Totals of one phase.</summary>
    public OpCounts this[OpPhase phase] => _phases[(int)phase];

    /// <summary>Totals over all phases.</summary>
    public OpCounts Total => _phases[0] + _phases[1] + _phases[2];

    /// <summary>Adds work to a phase.</summary>
    public void Add(OpPhase phase, in OpCounts counts) => _phases[(int)phase] += counts;

    /// <summary>Clears every phase.</summary>
    public void Reset() => Array.Clear(_phases);
}
