namespace MicroTL.Transfer;

/// <summary>
/// Where <see cref="FeatureLogReplay"/> applies a log's good records: the RAM copy of a
/// <see cref="FeatureStore"/>, or the slot index of a <see cref="FlashFeatureStore"/> (which keeps
/// only where each live record is in the file, not its features).
/// </summary>
internal interface IFeatureLogSink
{
    /// <summary>Slots filled so far; the next new slot.</summary>
    int Count { get; }

    /// <summary>Slots the store can hold.</summary>
    int CapacityRecords { get; }

    /// <summary>Slot <paramref name="slot"/> (an append when equal to <see cref="Count"/>) now holds the record at <paramref name="recordOffset"/> in the file.</summary>
    void Put(int slot, int label, ReadOnlySpan<sbyte> features, long recordOffset);

    /// <summary>Restores the policy state the record carries: samples of its class offered, and the PRNG state after it.</summary>
    void RestorePolicy(int label, long seen, ulong randomState);
}
