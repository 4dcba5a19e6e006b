using MicroTL.Storage;

namespace MicroTL.Store;

/// <summary>
/// Where a <see cref="FeatureStore"/> keeps its records' features, slot by slot: in a RAM array
/// (<see cref="RamFeatureRecords"/>) or only in the flash log, RAM holding each record's address
/// (<see cref="FlashFeatureRecords"/>). Labels and counts are the policy's (<see cref="ClassBalancedReservoir"/>).
/// </summary>
internal interface IFeatureRecordMedium
{
    /// <summary>The RAM this medium allocated, in bytes.</summary>
    long AllocatedBytes { get; }

    /// <summary>Slot <paramref name="slot"/> now holds <paramref name="features"/>, logged at <paramref name="address"/> (-1 without a log).</summary>
    void Put(int slot, ReadOnlySpan<sbyte> features, int address);

    /// <summary>The features of <paramref name="slot"/>, whose label is <paramref name="label"/>; a flash medium reads and checks the record.</summary>
    /// <exception cref="FeatureStoreException">The record in flash is corrupt or not the one the index says.</exception>
    ReadOnlySpan<sbyte> Read(int slot, int label);

    /// <summary>Moves the record of slot <paramref name="from"/> to slot <paramref name="to"/> (closing a gap after a lost record).</summary>
    void Move(int from, int to);

    /// <summary>After a compaction, the first <paramref name="count"/> records are at the log's compacted addresses.</summary>
    void Relocate(int count);
}
