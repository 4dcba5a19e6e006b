namespace MicroTL.Storage;

/// <summary>What opening a feature store's log found on its medium and what it did about it.</summary>
/// <param name="RecordsReplayed">Good records applied to the store, in log order.</param>
/// <param name="CorruptRecordsSkipped">Slots in the middle of the log (a good record after them) that were bad or erased: each is one lost sample or replacement.</param>
/// <param name="TornRecordsDropped">Bad slots at the tail, with no good record after them: what a power loss in the middle of an append leaves.</param>
/// <param name="TornBytesDropped">Bytes of those slots.</param>
/// <param name="Compacted">True when the live records were rewritten into the other bank on open (after a torn tail,
/// which flash cannot overwrite, or after corruption), so that the log again replays to exactly the store.</param>
/// <param name="OlderBankRetired">True when both banks held a valid header (a power loss right after a compaction
/// committed) and the older one was erased.</param>
/// <param name="Formatted">True when the medium held no store (erased, or only a header torn by a power loss while the
/// store was being created) and a new, empty one was written.</param>
/// <param name="FirstCorruptSlot">The log slot (index in the bank, from 0) of the first corrupt record skipped; -1 when none was.</param>
public sealed record FeatureLogRecovery(
    int RecordsReplayed, int CorruptRecordsSkipped, int TornRecordsDropped, int TornBytesDropped, bool Compacted, bool OlderBankRetired, bool Formatted,
    int FirstCorruptSlot = -1)
{
    /// <summary>Nothing found and nothing done: a store opened from a clean log, or a RAM store.</summary>
    public static FeatureLogRecovery None { get; } = new(0, 0, 0, 0, false, false, false);

    /// <summary>True when the log was complete and intact: nothing skipped, dropped or retired.</summary>
    public bool WasClean => CorruptRecordsSkipped == 0 && TornRecordsDropped == 0 && !OlderBankRetired;
}
