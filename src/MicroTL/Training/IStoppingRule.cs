namespace MicroTL.Training;

/// <summary>What a stopping rule says after an epoch.</summary>
/// <param name="Stop">True to end training now.</param>
/// <param name="Reason">Why, when <paramref name="Stop"/> is true.</param>
/// <param name="IsBest">True when this epoch is the best so far by the rule's metric (the trainer keeps its weights if the rule restores best).</param>
public readonly record struct StoppingDecision(bool Stop, StopReason Reason, bool IsBest)
{
    /// <summary>Go on.</summary>
    public static StoppingDecision Continue(bool isBest) => new(false, StopReason.MaxEpochs, isBest);

    /// <summary>Stop for <paramref name="reason"/>.</summary>
    public static StoppingDecision StopNow(StopReason reason, bool isBest) => new(true, reason, isBest);
}

/// <summary>
/// Decides after each epoch whether another one is worth it. The trainer always enforces its
/// max-epochs cap on top; a rule only ever stops earlier. Implementations must not allocate in
/// <see cref="Observe"/> (it runs on the device after every epoch).
/// </summary>
public interface IStoppingRule
{
    /// <summary>True when the trainer should keep a copy of the best epoch's weights and restore it at the end.</summary>
    bool RestoresBest { get; }

    /// <summary>Forgets all history; called at the start of every training run.</summary>
    void Reset();

    /// <summary>Looks at a finished epoch.</summary>
    StoppingDecision Observe(in EpochRecord epoch);
}
