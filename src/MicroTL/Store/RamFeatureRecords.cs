using System.Runtime.InteropServices;

namespace MicroTL.Store;

/// <summary>
/// Records in RAM: one array of R * F int8 features, record i at <c>i * F</c>. The store's
/// <see cref="FeatureStoreMode.Ram"/> and <see cref="FeatureStoreMode.RamJournaled"/> modes.
/// </summary>
internal sealed class RamFeatureRecords(int capacityRecords, int featureLength) : IFeatureRecordMedium
{
    private readonly sbyte[] _features = new sbyte[(long)capacityRecords * featureLength];

    /// <summary>RAM of the records: <c>R * F</c> bytes.</summary>
    public static long RequiredBytes(int capacityRecords, int featureLength) => (long)capacityRecords * featureLength;

    public long AllocatedBytes => _features.Length;

    public void Put(int slot, ReadOnlySpan<sbyte> features, int address) => features.CopyTo(Slice(slot));

    public ReadOnlySpan<sbyte> Read(int slot, int label) => Slice(slot);

    public void Move(int from, int to) => Slice(from).CopyTo(Slice(to));

    public void Relocate(int count)
    {
        // The records stay where they are in RAM; only the log moved.
    }

    private Span<sbyte> Slice(int slot) => _features.AsSpan(slot * featureLength, featureLength);
}
