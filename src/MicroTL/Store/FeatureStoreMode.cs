namespace MicroTL.Store;

/// <summary>Where a <see cref="FeatureStore"/> keeps its records. The policy and the slots are the same in every mode.</summary>
public enum FeatureStoreMode
{
    /// <summary>Records in a RAM array only; lost at a reset. Also a read-only copy of a log (<see cref="FeatureStore.Load"/>).</summary>
    Ram,

    /// <summary>Records in a RAM array, every change journaled to a log on a flash medium before <c>Add</c> returns; reopening replays it.</summary>
    RamJournaled,

    /// <summary>Records only in the log on a flash medium; RAM holds each record's address and its label. For cuts too large for RAM.</summary>
    Flash,
}
