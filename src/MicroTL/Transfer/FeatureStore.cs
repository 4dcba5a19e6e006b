using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MicroTL.Transfer;

/// <summary>
/// The device's bounded store of int8 cut-layer features with their labels (MicroTL step 2). All
/// memory is allocated once in the constructor; adding, replacing and dequantizing allocate nothing.
/// </summary>
/// <remarks>
/// <para>Layout: one byte array of <see cref="CapacityRecords"/> records of
/// <see cref="RecordBytes"/> = 2 + F bytes each, record <c>i</c> at offset <c>i * RecordBytes</c>:
/// <c>[label: uint16 little-endian][features: F x int8]</c>. Labels are uint16 rather than a byte so
/// that label numbering is never capped at 256; the extra byte costs 0.3% of a record at F = 288.
/// Beside it, two per-class arrays of <see cref="MaxClasses"/> entries: records held (int32) and
/// samples offered (int64), 12 bytes a class (3 KB at the default 256 classes; pass the real class
/// count on a device). <see cref="RequiredBytes"/> is the exact sum.</para>
/// <para>Replacement policy when full (class-balanced reservoir): let L be the class with the most
/// records (lowest label on ties). If the new sample's class c has fewer records than L, it
/// replaces a uniformly random record of L, so a new class always grows until it has its share.
/// Otherwise (c is among the largest) it is reservoir sampling (Algorithm R) within c: with
/// <c>n_c</c> the samples of c offered so far (this one included) and <c>k_c</c> its records,
/// draw <c>j</c> uniform in [0, n_c); keep the sample when <c>j &lt; k_c</c> (probability
/// <c>k_c / n_c</c>) by overwriting the j-th record of class c, else discard it. Random draws come
/// from a seeded xorshift64*, so a seed and a sample stream determine the store exactly.
/// Finding the j-th record of a class scans the labels: O(capacity) per replacement, no index
/// memory.</para>
/// </remarks>
public sealed class FeatureStore : IFeatureRecords, IFeatureLogSink
{
    /// <summary>Bytes of the label in front of each record's features.</summary>
    public const int LabelBytes = sizeof(ushort);

    private readonly byte[] _records;
    private readonly int[] _countOfClass;
    private readonly long[] _seenOfClass;
    private XorShiftRandom _random;

    /// <summary>Creates an empty store that holds as many records as fit in <paramref name="capacityBytes"/>.</summary>
    /// <param name="featureLength">F, the int8 values per record (the cut tensor's element count).</param>
    /// <param name="quantization">How the features map back to real values.</param>
    /// <param name="capacityBytes">Byte budget for the records; capacity = <c>capacityBytes / (2 + F)</c>.</param>
    /// <param name="maxClasses">Labels must be in [0, maxClasses); at most 65536.</param>
    /// <param name="seed">Seeds the replacement policy's PRNG.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, the budget holds no record, or maxClasses exceeds 65536.</exception>
    public FeatureStore(int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256, ulong seed = 1)
    {
        _ = RequiredBytes(featureLength, capacityBytes, maxClasses); // validates every size, with the numbers in the message
        FeatureLength = featureLength;
        Quantization = quantization;
        RecordBytes = LabelBytes + featureLength;
        CapacityRecords = capacityBytes / RecordBytes;
        MaxClasses = maxClasses;
        Seed = seed;
        _records = new byte[CapacityRecords * RecordBytes];
        _countOfClass = new int[maxClasses];
        _seenOfClass = new long[maxClasses];
        _random = new XorShiftRandom(seed);
    }

    /// <summary>
    /// The RAM a store with these parameters allocates, in bytes:
    /// <c>floor(capacityBytes / (2 + F)) * (2 + F) + maxClasses * (4 + 8)</c>
    /// (records, then per-class record counts and per-class samples offered).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor.</exception>
    public static long RequiredBytes(int featureLength, int capacityBytes, int maxClasses = 256)
    {
        if (featureLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(featureLength), featureLength, "Feature length must be positive.");
        if (maxClasses <= 0 || maxClasses > ushort.MaxValue + 1)
            throw new ArgumentOutOfRangeException(nameof(maxClasses), maxClasses, $"Class count must be in [1, 65536] (labels are uint16), got {maxClasses}.");
        int recordBytes = LabelBytes + featureLength;
        if (capacityBytes < recordBytes)
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), capacityBytes,
                $"Store budget of {capacityBytes} bytes holds no record: one record needs {recordBytes} bytes ({LabelBytes} label + {featureLength} features).");
        long records = capacityBytes / recordBytes;
        return records * recordBytes + (long)maxClasses * (sizeof(int) + sizeof(long));
    }

    /// <summary>F, the int8 values per record.</summary>
    public int FeatureLength { get; }

    /// <summary>Bytes per record: 2 (label) + F.</summary>
    public int RecordBytes { get; }

    /// <summary>The feature quantization used by <see cref="Dequantize"/>.</summary>
    public FeatureQuantization Quantization { get; }

    /// <summary>Records the store can hold.</summary>
    public int CapacityRecords { get; }

    /// <summary>Bytes reserved for records: <c>CapacityRecords * RecordBytes</c> (at most the budget).</summary>
    public int CapacityBytes => _records.Length;

    /// <summary>Bytes of records held: <c>Count * RecordBytes</c>.</summary>
    public int BytesUsed => Count * RecordBytes;

    /// <summary>The RAM this store allocated; equals <see cref="RequiredBytes"/> for its parameters.</summary>
    public long AllocatedBytes => _records.Length + (long)_countOfClass.Length * sizeof(int) + (long)_seenOfClass.Length * sizeof(long);

    /// <summary>Labels are in [0, MaxClasses).</summary>
    public int MaxClasses { get; }

    /// <summary>The seed the policy's PRNG started from.</summary>
    public ulong Seed { get; }

    /// <summary>Records held; they occupy indices [0, Count).</summary>
    public int Count { get; private set; }

    /// <summary>True when every slot holds a record and adding goes through the replacement policy.</summary>
    public bool IsFull => Count == CapacityRecords;

    /// <summary>Classes with at least one record.</summary>
    public int ClassCount { get; private set; }

    /// <summary>Records of class <paramref name="label"/> held now.</summary>
    public int CountOf(int label) => _countOfClass[CheckLabel(label)];

    /// <summary>Samples of class <paramref name="label"/> offered to <see cref="Add"/> so far (kept or not).</summary>
    public long SeenOf(int label) => _seenOfClass[CheckLabel(label)];

    /// <summary>Records held per class, indexed by label (length <see cref="MaxClasses"/>).</summary>
    public ReadOnlySpan<int> CountsPerClass => _countOfClass;

    /// <summary>The label of record <paramref name="index"/>.</summary>
    public int LabelOf(int index) => BinaryPrimitives.ReadUInt16LittleEndian(_records.AsSpan(CheckIndex(index) * RecordBytes, LabelBytes));

    /// <summary>The int8 features of record <paramref name="index"/>, a view into the store.</summary>
    public ReadOnlySpan<sbyte> FeaturesOf(int index) =>
        MemoryMarshal.Cast<byte, sbyte>(_records.AsSpan(CheckIndex(index) * RecordBytes + LabelBytes, FeatureLength));

    /// <summary>
    /// Offers one sample. With room it is stored in slot <see cref="Count"/>; when full the
    /// class-balanced reservoir policy (see the type's remarks) replaces a record or discards it.
    /// </summary>
    /// <exception cref="ArgumentException">The feature span's length is not <see cref="FeatureLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The label is outside [0, MaxClasses).</exception>
    public AddResult Add(ReadOnlySpan<sbyte> features, int label)
    {
        CheckFeatures(features);
        CheckLabel(label);
        long seen = ++_seenOfClass[label];

        if (Count < CapacityRecords)
        {
            int slot = Count;
            Write(slot, features, label);
            return new AddResult(AddOutcome.Stored, slot);
        }

        ReservoirChoice choice = ClassBalancedReservoir.ChooseWhenFull(_countOfClass, label, seen, ref _random);
        if (!choice.Keeps) return AddResult.Discarded;
        int victim = NthSlotOfClass(choice.VictimClass, choice.Nth);
        Write(victim, features, label);
        return new AddResult(AddOutcome.Replaced, victim);
    }

    /// <summary>Writes the reverse quantization of record <paramref name="index"/>: <c>destination[f] = Scale * (q[f] - ZeroPoint)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureLength"/>.</exception>
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
    public void DequantizeBatch(ReadOnlySpan<int> indices, Span<float> destination)
    {
        if (destination.Length < (long)indices.Length * FeatureLength)
            throw new ArgumentException($"Destination holds {destination.Length} floats, a batch of {indices.Length} needs {(long)indices.Length * FeatureLength}.", nameof(destination));
        for (int b = 0; b < indices.Length; b++)
            DequantizeInto(FeaturesOf(indices[b]), destination.Slice(b * FeatureLength, FeatureLength));
    }

    private void DequantizeInto(ReadOnlySpan<sbyte> q, Span<float> destination)
    {
        float scale = Quantization.Scale;
        int zeroPoint = Quantization.ZeroPoint;
        for (int f = 0; f < q.Length; f++) destination[f] = scale * (q[f] - zeroPoint);
    }

    // --- Used by DurableFeatureStore to replay its log. ---

    /// <summary>The PRNG state, logged with each record so a reopened store draws the same numbers.</summary>
    internal ulong RandomState { get => _random.State; set => _random.State = value; }

    internal void SetSeen(int label, long seen) => _seenOfClass[CheckLabel(label)] = seen;

    /// <summary>Puts a record into <paramref name="slot"/>: an append when <c>slot == Count</c>, else an overwrite.</summary>
    internal void Put(int slot, ReadOnlySpan<sbyte> features, int label)
    {
        CheckFeatures(features);
        CheckLabel(label);
        if ((uint)slot > (uint)Count || slot >= CapacityRecords)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"Slot must be in [0, {Math.Min(Count, CapacityRecords - 1)}].");
        Write(slot, features, label);
    }

    void IFeatureLogSink.Put(int slot, int label, ReadOnlySpan<sbyte> features, long recordOffset) => Put(slot, features, label);

    void IFeatureLogSink.RestorePolicy(int label, long seen, ulong randomState)
    {
        SetSeen(label, seen);
        RandomState = randomState;
    }

    private void Write(int slot, ReadOnlySpan<sbyte> features, int label)
    {
        Span<byte> record = _records.AsSpan(slot * RecordBytes, RecordBytes);
        if (slot == Count) Count++;
        else Uncount(BinaryPrimitives.ReadUInt16LittleEndian(record));
        if (_countOfClass[label]++ == 0) ClassCount++;
        BinaryPrimitives.WriteUInt16LittleEndian(record, (ushort)label);
        MemoryMarshal.Cast<sbyte, byte>(features).CopyTo(record[LabelBytes..]);
    }

    private void Uncount(int label)
    {
        if (--_countOfClass[label] == 0) ClassCount--;
    }

    private int NthSlotOfClass(int label, int n)
    {
        for (int slot = 0, offset = 0; slot < Count; slot++, offset += RecordBytes)
        {
            if (BinaryPrimitives.ReadUInt16LittleEndian(_records.AsSpan(offset, LabelBytes)) == label && n-- == 0)
                return slot;
        }
        throw new InvalidOperationException($"Class {label} has fewer records than its count {_countOfClass[label]} says.");
    }

    private void CheckFeatures(ReadOnlySpan<sbyte> features)
    {
        if (features.Length != FeatureLength)
            throw new ArgumentException($"A sample has {FeatureLength} features, got {features.Length}.", nameof(features));
    }

    private int CheckLabel(int label) =>
        (uint)label < (uint)MaxClasses ? label : throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in [0, {MaxClasses}).");

    private int CheckIndex(int index) =>
        (uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"Record index must be in [0, {Count}).");
}
