using MicroTL.Storage;

namespace MicroTL.Store;

/// <summary>
/// Records only in the flash log: RAM holds each slot's record address (int32), and a read
/// programs nothing: it reads the record into the log's slot buffer (on a device, memory-mapped
/// flash) and checks its CRC-32 and label. The store's <see cref="FeatureStoreMode.Flash"/> mode.
/// </summary>
internal sealed class FlashFeatureRecords(int capacityRecords, FeatureLog log) : IFeatureRecordMedium
{
    private readonly int[] _addresses = new int[capacityRecords];

    /// <summary>RAM of the index: <c>R * 4</c> bytes.</summary>
    public static long RequiredBytes(int capacityRecords) => (long)capacityRecords * sizeof(int);

    public long AllocatedBytes => (long)_addresses.Length * sizeof(int);

    public void Put(int slot, ReadOnlySpan<sbyte> features, int address) => _addresses[slot] = address;

    public ReadOnlySpan<sbyte> Read(int slot, int label)
    {
        int address = _addresses[slot];
        ReadOnlySpan<byte> record = log.Read(address, slot);
        if (FeatureLogFormat.Label(record) != label)
            throw new FeatureStoreException(log.MediumName,
                $"the record of slot {slot} at address {address} holds class {FeatureLogFormat.Label(record)}, the index says {label}; reopen the store.");
        return FeatureLogFormat.Features(record, log.Layout.FeatureLength);
    }

    public void Move(int from, int to) => _addresses[to] = _addresses[from];

    public void Relocate(int count)
    {
        for (int slot = 0; slot < count; slot++) _addresses[slot] = log.CompactedAddress(slot);
    }
}
