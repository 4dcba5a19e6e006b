using MicroTL.Features;
using MicroTL.Storage;

namespace MicroTL.Store;

/// <summary>
/// The device's bounded store of int8 cut-layer features with their labels (MicroTL step 2): one
/// replacement policy (<see cref="ClassBalancedReservoir"/>) over one record medium, in RAM only,
/// in RAM journaled to a log on flash, or only in that log (<see cref="FeatureStoreMode"/>). All
/// memory is allocated when the store is made or opened; adding, replacing, reading and
/// dequantizing allocate nothing.
/// </summary>
/// <remarks>
/// <para>Capacity: <c>R = floor(capacityBytes / (2 + F))</c> records, counted as a RAM store holds
/// them (a uint16 label and F int8 features), whatever the mode, so a seed and a sample stream keep
/// the same records in the same slots in every mode. Records occupy slots [0, Count).</para>
/// <para>RAM (<see cref="RequiredBytes(int, int, int, FeatureStoreMode, FlashGeometry)"/>), with C
/// classes and the log's slot of S = <c>28 + F</c> bytes rounded up to the flash program unit:
/// <list type="bullet">
/// <item><see cref="FeatureStoreMode.Ram"/>: <c>R * (2 + F) + C * 12</c> (features, labels, records and samples per class);</item>
/// <item><see cref="FeatureStoreMode.RamJournaled"/>: that plus S (the log's record buffer);</item>
/// <item><see cref="FeatureStoreMode.Flash"/>: <c>R * (4 + 2) + C * 12 + S</c> (an int32 address and a label per slot).</item>
/// </list>
/// Flash of the log: <see cref="RequiredFlashBytes(int, int, FlashGeometry)"/>. Opening and journaling: <see cref="FeatureLog"/>.</para>
/// <para>With a log, a kept sample's record is programmed and synced before <see cref="Add"/>
/// returns, and only then enters the store; if the write fails, the store is as it was before the
/// call (counters and PRNG included) and its next write compacts the log first.</para>
/// </remarks>
public sealed partial class FeatureStore : IFeatureRecords
{
    /// <summary>Bytes of the label of each record in RAM (uint16, so label numbering is never capped at 256).</summary>
    public const int LabelBytes = sizeof(ushort);

    private readonly FeatureLogLayout _layout;
    private readonly ClassBalancedReservoir _policy;
    private readonly IFeatureRecordMedium _records;
    private readonly FeatureLog? _log;

    /// <summary>Creates an empty store in RAM only that holds as many records as fit in <paramref name="capacityBytes"/>.</summary>
    /// <param name="featureLength">F, the int8 values per record (the cut tensor's element count).</param>
    /// <param name="quantization">How the features map back to real values.</param>
    /// <param name="capacityBytes">Byte budget for the records; capacity = <c>capacityBytes / (2 + F)</c>.</param>
    /// <param name="maxClasses">Labels must be in [0, maxClasses); at most 65535.</param>
    /// <param name="seed">Seeds the replacement policy's PRNG.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, the budget holds no record, or maxClasses exceeds 65535.</exception>
    public FeatureStore(int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256, ulong seed = 1)
        : this(Layout(Segments1(featureLength, quantization), capacityBytes, maxClasses, seed), log: null, FeatureStoreMode.Ram)
    {
    }

    /// <summary>Creates an empty store in RAM only for records of <paramref name="segments"/> (F = <c>segments.Length</c>), as many as fit in <paramref name="capacityBytes"/>.</summary>
    /// <param name="segments">The parts of each record's features and how each maps back to real values.</param>
    /// <param name="capacityBytes">Byte budget for the records; capacity = <c>capacityBytes / (2 + F)</c>.</param>
    /// <param name="maxClasses">Labels must be in [0, maxClasses); at most 65535.</param>
    /// <param name="seed">Seeds the replacement policy's PRNG.</param>
    /// <exception cref="ArgumentOutOfRangeException">The budget holds no record, or maxClasses is out of range.</exception>
    public FeatureStore(FeatureSegments segments, int capacityBytes, int maxClasses = 256, ulong seed = 1)
        : this(Layout(segments, capacityBytes, maxClasses, seed), log: null, FeatureStoreMode.Ram)
    {
    }

    private FeatureStore(FeatureLogLayout layout, FeatureLog? log, FeatureStoreMode mode)
    {
        _layout = layout;
        _log = log;
        Mode = mode;
        _policy = new ClassBalancedReservoir(layout.CapacityRecords, layout.MaxClasses, layout.Seed);
        _records = mode == FeatureStoreMode.Flash
            ? new FlashFeatureRecords(layout.CapacityRecords, log!)
            : new RamFeatureRecords(layout.CapacityRecords, layout.FeatureLength);
    }

    /// <summary>
    /// The RAM of a store in RAM only, in bytes: <c>floor(capacityBytes / (2 + F)) * (2 + F) + maxClasses * (4 + 8)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor.</exception>
    public static long RequiredBytes(int featureLength, int capacityBytes, int maxClasses = 256)
    {
        if (featureLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(featureLength), featureLength, "Feature length must be positive.");
        if (maxClasses <= 0 || maxClasses > ClassBalancedReservoir.EmptySlot)
            throw new ArgumentOutOfRangeException(nameof(maxClasses), maxClasses,
                $"Class count must be in [1, {ClassBalancedReservoir.EmptySlot}] (labels are uint16; {ClassBalancedReservoir.EmptySlot} marks an empty slot), got {maxClasses}.");
        int recordBytes = LabelBytes + featureLength;
        if (capacityBytes < recordBytes)
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), capacityBytes,
                $"Store budget of {capacityBytes} bytes holds no record: one record needs {recordBytes} bytes ({LabelBytes} label + {featureLength} features).");
        int records = capacityBytes / recordBytes;
        return RamFeatureRecords.RequiredBytes(records, featureLength) + ClassBalancedReservoir.RequiredBytes(records, maxClasses);
    }

    /// <summary>The RAM of a store in <paramref name="mode"/>, in bytes (see the type's remarks); equals its <see cref="AllocatedBytes"/>.</summary>
    /// <param name="featureLength">F.</param>
    /// <param name="capacityBytes">The byte budget: <c>R = floor(capacityBytes / (2 + F))</c>.</param>
    /// <param name="maxClasses">C.</param>
    /// <param name="mode">Where the records are.</param>
    /// <param name="geometry">The flash medium's geometry (its program unit sizes the log's record buffer); unused in <see cref="FeatureStoreMode.Ram"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor, or the geometry is invalid.</exception>
    public static long RequiredBytes(int featureLength, int capacityBytes, int maxClasses, FeatureStoreMode mode, FlashGeometry geometry)
    {
        long ram = RequiredBytes(featureLength, capacityBytes, maxClasses);
        if (mode == FeatureStoreMode.Ram) return ram;
        int records = capacityBytes / (LabelBytes + featureLength);
        long slotBuffer = FeatureLog.SlotBytes(featureLength, geometry.Validated());
        return mode == FeatureStoreMode.RamJournaled
            ? ram + slotBuffer
            : FlashFeatureRecords.RequiredBytes(records) + ClassBalancedReservoir.RequiredBytes(records, maxClasses) + slotBuffer;
    }

    /// <summary>
    /// The flash a store's log is given on a medium of <paramref name="geometry"/>: two banks, each
    /// the 48-byte header and <c>2 R</c> record slots of <c>28 + F</c> bytes (rounded up to the
    /// program unit), rounded up to erase blocks: about <c>4 L</c> for the compacted full log <c>L</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor, the geometry is invalid, or the log would exceed 2 GiB.</exception>
    public static int RequiredFlashBytes(int featureLength, int capacityBytes, FlashGeometry geometry) =>
        FeatureLog.RequiredMediumBytes(Layout(Segments1(featureLength, new FeatureQuantization(1f, 0)), capacityBytes, maxClasses: 1, seed: 1), geometry);

    /// <summary>
    /// The flash a store's log of records in <paramref name="segments"/> is given (see <see cref="RequiredFlashBytes(int, int, FlashGeometry)"/>;
    /// a log of two feature parts has a 64-byte header).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor, the geometry is invalid, or the log would exceed 2 GiB.</exception>
    public static int RequiredFlashBytes(FeatureSegments segments, int capacityBytes, FlashGeometry geometry) =>
        FeatureLog.RequiredMediumBytes(Layout(segments, capacityBytes, maxClasses: 1, seed: 1), geometry);

    /// <summary>Where the records are.</summary>
    public FeatureStoreMode Mode { get; }

    /// <summary>F, the int8 values per record.</summary>
    public int FeatureLength => _layout.FeatureLength;

    /// <summary>The parts of each record's features and their quantization, used by <see cref="Dequantize"/>.</summary>
    public FeatureSegments Segments => _layout.Segments;

    /// <summary>Records the store can hold.</summary>
    public int CapacityRecords => _layout.CapacityRecords;

    /// <summary>Bytes reserved for records as a RAM store counts them: <c>CapacityRecords * (2 + F)</c> (at most the budget).</summary>
    public int CapacityBytes => CapacityRecords * (LabelBytes + FeatureLength);

    /// <summary>Bytes one record takes where the records are: <c>2 + F</c> in RAM, the log's slot (<c>28 + F</c>, rounded up to the program unit) in flash.</summary>
    public int RecordBytes => Mode == FeatureStoreMode.Flash ? _log!.RecordBytes : LabelBytes + FeatureLength;

    /// <summary>Bytes of records held: <c>Count * RecordBytes</c>.</summary>
    public long BytesUsed => (long)Count * RecordBytes;

    /// <summary>The RAM this store allocated; equals <see cref="RequiredBytes(int, int, int, FeatureStoreMode, FlashGeometry)"/> for its parameters.</summary>
    public long AllocatedBytes => _policy.AllocatedBytes + _records.AllocatedBytes + (_log?.AllocatedBytes ?? 0);

    /// <summary>Labels are in [0, MaxClasses).</summary>
    public int MaxClasses => _layout.MaxClasses;

    /// <summary>The seed the policy's PRNG started from (a reopened log's logged PRNG state wins over it).</summary>
    public ulong Seed => _layout.Seed;

    /// <summary>Records held; they occupy indices [0, Count).</summary>
    public int Count => _policy.Count;

    /// <summary>True when every slot holds a record and adding goes through the replacement policy.</summary>
    public bool IsFull => Count == CapacityRecords;

    /// <summary>Classes with at least one record.</summary>
    public int ClassCount => _policy.ClassCount;

    /// <summary>Records held per class, indexed by label (length <see cref="MaxClasses"/>).</summary>
    public ReadOnlySpan<int> CountsPerClass => _policy.CountsPerClass;

    /// <summary>What opening the store's log found and repaired; <see cref="FeatureLogRecovery.None"/> for a new or RAM-only store.</summary>
    public FeatureLogRecovery Recovery { get; private set; } = FeatureLogRecovery.None;

    /// <summary>Bytes of the log's active bank in use (header and record slots, replaced records included); 0 without a log.</summary>
    public int LogBytesInUse => _log?.BytesInUse ?? 0;

    /// <summary>The PRNG state, logged with each record so a reopened store draws the same numbers.</summary>
    internal ulong RandomState => _policy.RandomState;

    /// <summary>Records of class <paramref name="label"/> held now.</summary>
    public int CountOf(int label) => _policy.CountOf(CheckLabel(label));

    /// <summary>Samples of class <paramref name="label"/> offered to <see cref="Add"/> so far (kept or not).</summary>
    public long SeenOf(int label) => _policy.SeenOf(CheckLabel(label));

    /// <summary>The label of record <paramref name="index"/> (from RAM in every mode).</summary>
    public int LabelOf(int index) => _policy.LabelOf(CheckIndex(index));

    /// <summary>
    /// The int8 features of record <paramref name="index"/>: a view into RAM, or (records in flash)
    /// into the log's record buffer after reading and checking the record, valid until the next read.
    /// </summary>
    /// <exception cref="FeatureStoreException">The record in flash no longer matches its CRC-32 or the index.</exception>
    public ReadOnlySpan<sbyte> FeaturesOf(int index) => _records.Read(CheckIndex(index), _policy.LabelOf(index));

    /// <summary>
    /// Offers one sample. With room it is stored in slot <see cref="Count"/>; when full the
    /// class-balanced reservoir (<see cref="ClassBalancedReservoir"/>) replaces a record or discards
    /// it. With a log, a kept sample is durable when this returns; may compact the log.
    /// </summary>
    /// <exception cref="ArgumentException">The feature span's length is not <see cref="FeatureLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The label is outside [0, MaxClasses).</exception>
    /// <exception cref="FeatureStoreException">Compacting read a record in flash that no longer matches its CRC-32.</exception>
    public AddResult Add(ReadOnlySpan<sbyte> features, int label)
    {
        if (features.Length != FeatureLength)
            throw new ArgumentException($"A sample has {FeatureLength} features, got {features.Length}.", nameof(features));
        CheckLabel(label);
        if (_log is { NeedsCompaction: true } or { IsFull: true }) Compact(); // a failed write tore the bank's end, or one failed before

        var saved = _policy.Save(label);
        AddResult result = _policy.Offer(label);
        if (!result.Kept) return result;

        int address = -1;
        if (_log is not null)
        {
            var kind = result.Outcome == AddOutcome.Stored ? FeatureLogRecordKind.Store : FeatureLogRecordKind.Replace;
            try
            {
                address = _log.Append(kind, result.Slot, label, _policy.SeenOf(label), _policy.RandomState, features);
            }
            catch
            {
                _policy.Restore(label, saved); // the sample is not in the store: as if it had never been offered
                throw;
            }
        }

        _records.Put(result.Slot, features, address);
        _policy.Place(result.Slot, label);
        if (_log is { IsFull: true }) Compact();
        return result;
    }

    /// <summary>Writes the reverse quantization of record <paramref name="index"/>: <c>destination[f] = Scale_k * (q[f] - ZeroPoint_k)</c> for f in part k.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureLength"/>.</exception>
    /// <exception cref="FeatureStoreException">The record in flash no longer matches its CRC-32 or the index.</exception>
    public void Dequantize(int index, Span<float> destination)
    {
        if (destination.Length < FeatureLength)
            throw new ArgumentException($"Destination holds {destination.Length} floats, a record needs {FeatureLength}.", nameof(destination));
        DequantizeInto(FeaturesOf(index), destination);
    }

    /// <summary>
    /// Dequantizes the records <paramref name="indices"/> into one row-major [B, F] buffer: row b
    /// (at <c>b * F</c>) is record <c>indices[b]</c>, as in <see cref="Dequantize"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <c>B * F</c>.</exception>
    /// <exception cref="FeatureStoreException">A record in flash no longer matches its CRC-32 or the index.</exception>
    public void DequantizeBatch(ReadOnlySpan<int> indices, Span<float> destination)
    {
        if (destination.Length < (long)indices.Length * FeatureLength)
            throw new ArgumentException($"Destination holds {destination.Length} floats, a batch of {indices.Length} needs {(long)indices.Length * FeatureLength}.", nameof(destination));
        for (int b = 0; b < indices.Length; b++)
            DequantizeInto(FeaturesOf(indices[b]), destination.Slice(b * FeatureLength, FeatureLength));
    }

    private void DequantizeInto(ReadOnlySpan<sbyte> q, Span<float> destination) => Segments.Dequantize(q, destination);

    private static FeatureLogLayout Layout(FeatureSegments segments, int capacityBytes, int maxClasses, ulong seed) =>
        new FeatureLogLayout(segments, capacityBytes, maxClasses, seed).Validate();

    /// <summary>One part of F values; F is checked as the constructor documents (an out-of-range exception naming it).</summary>
    private static FeatureSegments Segments1(int featureLength, FeatureQuantization quantization)
    {
        if (featureLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(featureLength), featureLength, "Feature length must be positive.");
        return FeatureSegments.Single(featureLength, quantization);
    }

    private int CheckLabel(int label) =>
        (uint)label < (uint)MaxClasses ? label : throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in [0, {MaxClasses}).");

    private int CheckIndex(int index) =>
        (uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"Record index must be in [0, {Count}).");
}
