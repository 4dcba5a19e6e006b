namespace MicroTL.Store;

/// <summary>What <see cref="FeatureStore.Add"/> did with a sample.</summary>
public enum AddOutcome
{
    /// <summary>The store had room; the sample went into a new slot.</summary>
    Stored,
    /// <summary>The store was full; the sample overwrote the record in <see cref="AddResult.Slot"/>.</summary>
    Replaced,
    /// <summary>The store was full and the reservoir policy did not keep the sample.</summary>
    Discarded,
}

/// <summary>The outcome of adding one sample and the slot it landed in (-1 when discarded).</summary>
/// <param name="Outcome">Stored, replaced or discarded.</param>
/// <param name="Slot">Record index that now holds the sample, or -1.</param>
public readonly record struct AddResult(AddOutcome Outcome, int Slot)
{
    /// <summary>True when the sample is now in the store.</summary>
    public bool Kept => Outcome != AddOutcome.Discarded;

    internal static AddResult Discarded => new(AddOutcome.Discarded, -1);
}
