namespace MicroTL.Transfer;

/// <summary>What opening a durable feature store found in its file and what it did about it.</summary>
/// <param name="RecordsReplayed">Good records applied to the in-RAM store, in log order.</param>
/// <param name="CorruptRecordsSkipped">Records in the middle of the log whose CRC or fields were bad (each is one lost sample or replacement).</param>
/// <param name="TornRecordsDropped">Whole-size but bad records at the tail, with no good record after them.</param>
/// <param name="TornBytesDropped">Bytes cut from the tail: the torn records plus a partial record.</param>
/// <param name="Compacted">True when the log was rewritten on open (after corruption, so the file again replays to exactly the RAM store).</param>
/// <param name="StaleCompactionFileRemoved">True when an unfinished compaction's temporary file (from a power loss) was deleted.</param>
public sealed record FeatureLogRecovery(
    int RecordsReplayed, int CorruptRecordsSkipped, int TornRecordsDropped, long TornBytesDropped, bool Compacted, bool StaleCompactionFileRemoved)
{
    /// <summary>True when the file was complete and intact: nothing skipped, cut or cleaned up.</summary>
    public bool WasClean => CorruptRecordsSkipped == 0 && TornBytesDropped == 0 && !StaleCompactionFileRemoved;
}
