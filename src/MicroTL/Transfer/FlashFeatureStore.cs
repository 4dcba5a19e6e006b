using MicroTL.IO;
using Microsoft.Win32.SafeHandles;

namespace MicroTL.Transfer;

/// <summary>
/// A durable feature store whose records live only in its log file (the device's flash); RAM holds
/// an index of where each live record is, its label, the policy's per-class counters and one record
/// buffer. For cuts too large to keep in RAM: micro_speech's 100 x 4000 features are 400 KB of
/// flash and about 5 KB of RAM.
/// </summary>
/// <remarks>
/// <para>The file is the <see cref="DurableFeatureStore"/>'s log (<see cref="FeatureLogFormat"/>),
/// written and recovered the same way: each kept sample appends one record and flushes it before
/// <see cref="Add"/> returns; opening replays the log (checking every CRC) into the index, cuts a
/// torn tail, compacts after corruption and deletes a stale <c>PATH.compact</c>. The replacement
/// policy is <see cref="FeatureStore"/>'s (<see cref="ClassBalancedReservoir"/>) and slots are
/// numbered the same way, so a seed and a sample stream give the same records as a RAM store.</para>
/// <para>Reading a record (<see cref="Dequantize"/>, <see cref="FeaturesOf"/>) reads its
/// <c>28 + F</c> bytes at the indexed offset into the record buffer (on a device, a read of
/// memory-mapped flash), verifies its CRC-32 and throws <see cref="FeatureStoreException"/>
/// naming the file, slot and offset if it no longer matches. Nothing is allocated per read or add
/// (an add that triggers compaction opens files, which does allocate).
/// <see cref="FeaturesOf"/> returns a view of that buffer, valid until the next read.</para>
/// <para>RAM (<see cref="RequiredRamBytes"/>): <c>R * (8 + 2) + C * (4 + 8) + (28 + F)</c> for
/// <c>R = floor(capacityBytes / (2 + F))</c> slots and C classes: an int64 offset and a uint16
/// label per slot, records and samples offered per class, the record buffer. Opening also
/// allocates, while it runs, a replay buffer and one int per slot (see <see cref="FeatureLogReplay"/>).
/// Flash: <see cref="MaxFlashBytes"/>.</para>
/// </remarks>
public sealed partial class FlashFeatureStore : IFeatureRecords, IFeatureLogSink, IDisposable
{
    private readonly FeatureLogHeader _header;
    private readonly long[] _offsets;
    private readonly ushort[] _labels;
    private readonly int[] _countOfClass;
    private readonly long[] _seenOfClass;
    private readonly byte[] _record;
    private XorShiftRandom _random;
    private SafeFileHandle? _file;
    private long _fileBytes;
    private double _compactionFactor = DurableFeatureStore.DefaultCompactionFactor;

    private FlashFeatureStore(string path, FeatureLogHeader header)
    {
        FilePath = path;
        _header = header;
        RecordBytes = FeatureLogFormat.RecordBytes(header.FeatureLength);
        CapacityRecords = header.CapacityBytes / (FeatureStore.LabelBytes + header.FeatureLength);
        _offsets = new long[CapacityRecords];
        _labels = new ushort[CapacityRecords];
        _countOfClass = new int[header.MaxClasses];
        _seenOfClass = new long[header.MaxClasses];
        _record = new byte[RecordBytes];
        _random = new XorShiftRandom(header.Seed);
        Recovery = new FeatureLogRecovery(0, 0, 0, 0, false, false);
    }

    /// <summary>
    /// The RAM a flash store with these parameters allocates, in bytes:
    /// <c>R * (8 + 2) + maxClasses * (4 + 8) + (28 + F)</c> with <c>R = floor(capacityBytes / (2 + F))</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for the <see cref="FeatureStore"/> constructor.</exception>
    public static long RequiredRamBytes(int featureLength, int capacityBytes, int maxClasses = 256)
    {
        FeatureStore.RequiredBytes(featureLength, capacityBytes, maxClasses); // validates, with the numbers in the message
        long records = capacityBytes / (FeatureStore.LabelBytes + featureLength);
        return records * (sizeof(long) + sizeof(ushort)) + (long)maxClasses * (sizeof(int) + sizeof(long))
            + FeatureLogFormat.RecordBytes(featureLength);
    }

    /// <summary>
    /// The most flash the store's file ever needs, in bytes: <c>floor(factor * L) + (28 + F) + L</c>
    /// with <c>L = 40 + R * (28 + F)</c> the full store's compacted log. The log is compacted once an
    /// append takes it past <c>factor * live</c>, so it holds at most <c>floor(factor * L)</c> bytes
    /// plus that last record, and while compacting the new file (at most L) exists beside it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="RequiredRamBytes"/>, or the factor is below 1.</exception>
    public static long MaxFlashBytes(int featureLength, int capacityBytes, double compactionFactor = DurableFeatureStore.DefaultCompactionFactor)
    {
        FeatureStore.RequiredBytes(featureLength, capacityBytes, maxClasses: 1);
        CheckCompactionFactor(compactionFactor);
        long records = capacityBytes / (FeatureStore.LabelBytes + featureLength);
        int recordBytes = FeatureLogFormat.RecordBytes(featureLength);
        long live = FeatureLogFormat.HeaderBytes + records * recordBytes;
        return (long)Math.Floor(compactionFactor * live) + recordBytes + live;
    }

    /// <summary>The log file.</summary>
    public string FilePath { get; }

    /// <summary>What opening found and repaired.</summary>
    public FeatureLogRecovery Recovery { get; private set; }

    /// <summary>F, the int8 values per record.</summary>
    public int FeatureLength => _header.FeatureLength;

    /// <summary>The feature quantization used by <see cref="Dequantize"/>.</summary>
    public FeatureQuantization Quantization => _header.Quantization;

    /// <summary>The store's byte budget as a RAM store would count it (2 + F per record); fixes <see cref="CapacityRecords"/>.</summary>
    public int CapacityBytes => _header.CapacityBytes;

    /// <summary>Records the store can hold: <c>floor(CapacityBytes / (2 + F))</c>, as for a <see cref="FeatureStore"/>.</summary>
    public int CapacityRecords { get; }

    /// <summary>Bytes of one record on flash: 28 + F (see <see cref="FeatureLogFormat"/>).</summary>
    public int RecordBytes { get; }

    /// <summary>Flash bytes of the live records: <c>Count * RecordBytes</c>.</summary>
    public long BytesUsed => (long)Count * RecordBytes;

    /// <summary>Bytes a compacted log of the current contents takes: <c>40 + Count * (28 + F)</c>.</summary>
    public long LiveBytes => FeatureLogFormat.HeaderBytes + BytesUsed;

    /// <summary>The file's length now (live records plus replaced ones not yet compacted away).</summary>
    public long FlashBytes => _fileBytes;

    /// <summary>The RAM this store allocated; equals <see cref="RequiredRamBytes"/> for its parameters.</summary>
    public long AllocatedBytes => (long)_offsets.Length * sizeof(long) + (long)_labels.Length * sizeof(ushort)
        + (long)_countOfClass.Length * sizeof(int) + (long)_seenOfClass.Length * sizeof(long) + _record.Length;

    /// <summary>Labels are in [0, MaxClasses).</summary>
    public int MaxClasses => _header.MaxClasses;

    /// <summary>Records held; they occupy indices [0, Count).</summary>
    public int Count { get; private set; }

    /// <summary>True when every slot holds a record and adding goes through the replacement policy.</summary>
    public bool IsFull => Count == CapacityRecords;

    /// <summary>Classes with at least one record.</summary>
    public int ClassCount { get; private set; }

    /// <summary>Records held per class, indexed by label (length <see cref="MaxClasses"/>).</summary>
    public ReadOnlySpan<int> CountsPerClass => _countOfClass;

    /// <summary>Records of class <paramref name="label"/> held now.</summary>
    public int CountOf(int label) => _countOfClass[CheckLabel(label)];

    /// <summary>Samples of class <paramref name="label"/> offered to <see cref="Add"/> so far (kept or not).</summary>
    public long SeenOf(int label) => _seenOfClass[CheckLabel(label)];

    /// <summary>Compaction runs when <c>FlashBytes &gt; CompactionFactor * LiveBytes</c>; at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or not finite.</exception>
    public double CompactionFactor
    {
        get => _compactionFactor;
        set => _compactionFactor = CheckCompactionFactor(value);
    }

    /// <summary>The label of record <paramref name="index"/>, from the RAM index (no flash read).</summary>
    public int LabelOf(int index) => _labels[CheckIndex(index)];

    /// <summary>Reads record <paramref name="index"/> and returns its int8 features: a view of the record buffer, valid until the next read.</summary>
    /// <exception cref="FeatureStoreException">The record on flash no longer matches its CRC or the index.</exception>
    public ReadOnlySpan<sbyte> FeaturesOf(int index) => FeatureLogFormat.Features(ReadRecord(CheckIndex(index)), FeatureLength);

    /// <summary>Reads record <paramref name="index"/> and writes <c>destination[f] = Scale * (q[f] - ZeroPoint)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureLength"/>.</exception>
    /// <exception cref="FeatureStoreException">The record on flash no longer matches its CRC or the index.</exception>
    public void Dequantize(int index, Span<float> destination)
    {
        if (destination.Length < FeatureLength)
            throw new ArgumentException($"Destination holds {destination.Length} floats, a record needs {FeatureLength}.", nameof(destination));
        ReadOnlySpan<sbyte> q = FeaturesOf(index);
        float scale = Quantization.Scale;
        int zeroPoint = Quantization.ZeroPoint;
        for (int f = 0; f < q.Length; f++) destination[f] = scale * (q[f] - zeroPoint);
    }

    /// <summary>
    /// Offers one sample: with room it goes into slot <see cref="Count"/>, when full the
    /// class-balanced reservoir (as in <see cref="FeatureStore.Add"/>) replaces a record or discards
    /// it. A kept sample's record is appended and flushed to the disk before this returns; may compact.
    /// </summary>
    /// <exception cref="ArgumentException">The feature span's length is not <see cref="FeatureLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The label is outside [0, MaxClasses).</exception>
    public AddResult Add(ReadOnlySpan<sbyte> features, int label)
    {
        SafeFileHandle file = OpenFile();
        if (features.Length != FeatureLength)
            throw new ArgumentException($"A sample has {FeatureLength} features, got {features.Length}.", nameof(features));
        CheckLabel(label);
        long seen = ++_seenOfClass[label];

        int slot = Count;
        if (Count == CapacityRecords)
        {
            ReservoirChoice choice = ClassBalancedReservoir.ChooseWhenFull(_countOfClass, label, seen, ref _random);
            if (!choice.Keeps) return AddResult.Discarded;
            slot = NthSlotOfClass(choice.VictimClass, choice.Nth);
        }

        var kind = slot == Count ? FeatureLogRecordKind.Store : FeatureLogRecordKind.Replace;
        FeatureLogFormat.WriteRecord(_record, kind, slot, label, seen, _random.State, features);
        PowerLoss.Write(SimulatedPowerLoss, file, _record, _fileBytes);
        PowerLoss.Boundary(SimulatedPowerLoss);
        RandomAccess.FlushToDisk(file);
        // The index moves to the new record only once it is on the disk.
        Place(slot, label, _fileBytes);
        _fileBytes += RecordBytes;

        if (_fileBytes > _compactionFactor * LiveBytes) Compact();
        return new AddResult(kind == FeatureLogRecordKind.Store ? AddOutcome.Stored : AddOutcome.Replaced, slot);
    }

    /// <summary>Closes the file; every kept sample is already on the disk.</summary>
    public void Dispose() => _file?.Dispose();

    int IFeatureLogSink.Count => Count;

    void IFeatureLogSink.Put(int slot, int label, ReadOnlySpan<sbyte> features, long recordOffset) => Place(slot, label, recordOffset);

    void IFeatureLogSink.RestorePolicy(int label, long seen, ulong randomState)
    {
        _seenOfClass[label] = seen;
        _random.State = randomState;
    }

    private void Place(int slot, int label, long offset)
    {
        if (slot == Count) Count++;
        else if (--_countOfClass[_labels[slot]] == 0) ClassCount--;
        if (_countOfClass[label]++ == 0) ClassCount++;
        _labels[slot] = (ushort)label;
        _offsets[slot] = offset;
    }

    /// <summary>Reads slot <paramref name="slot"/>'s record into the record buffer and checks it.</summary>
    private Span<byte> ReadRecord(int slot)
    {
        SafeFileHandle file = OpenFile();
        long offset = _offsets[slot];
        int read = 0;
        while (read < _record.Length)
        {
            int n = RandomAccess.Read(file, _record.AsSpan(read), offset + read);
            if (n == 0) break;
            read += n;
        }
        if (read < _record.Length || !FeatureLogFormat.IsValidRecord(_record, _header, CapacityRecords)
            || FeatureLogFormat.Label(_record) != _labels[slot])
        {
            throw new FeatureStoreException(FilePath,
                $"the record of slot {slot} at offset {offset} is corrupt ({read} of {_record.Length} bytes read; CRC-32 or label no longer match); reopen the store to drop it.");
        }
        return _record;
    }

    private int NthSlotOfClass(int label, int n)
    {
        for (int slot = 0; slot < Count; slot++)
            if (_labels[slot] == label && n-- == 0) return slot;
        throw new InvalidOperationException($"Class {label} has fewer records than its count {_countOfClass[label]} says.");
    }

    private SafeFileHandle OpenFile()
    {
        ObjectDisposedException.ThrowIf(_file is null || _file.IsClosed, this);
        return _file;
    }

    private static double CheckCompactionFactor(double value) => value >= 1 && double.IsFinite(value) ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "Compaction factor must be finite and at least 1.");

    private int CheckLabel(int label) =>
        (uint)label < (uint)MaxClasses ? label : throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in [0, {MaxClasses}).");

    private int CheckIndex(int index) =>
        (uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"Record index must be in [0, {Count}).");
}
