using MicroTL.Training;

namespace MicroTL.Store;

/// <summary>
/// A feature store's replacement policy and all of its state: which class each slot holds, the
/// records and the samples offered per class, and the PRNG. The same for every place the records
/// live (<see cref="FeatureStoreMode"/>), so a seed and a sample stream keep the same records in
/// the same slots whatever the mode.
/// </summary>
/// <remarks>
/// <para>Policy when full (class-balanced reservoir): let L be the class with the most records
/// (lowest label on ties). If the new sample's class c has fewer records than L, it replaces a
/// uniformly random record of L, so a new class always grows until it has its share. Otherwise (c
/// is among the largest) it is reservoir sampling (Algorithm R) within c: with <c>n_c</c> the
/// samples of c offered so far (this one included) and <c>k_c</c> its records, draw <c>j</c>
/// uniform in [0, n_c); keep the sample when <c>j &lt; k_c</c> (probability <c>k_c / n_c</c>) by
/// overwriting the j-th record of class c, else discard it. Draws are <see cref="Pcg32.NextUInt32(uint)"/> on the
/// stream <see cref="RandomStreams.Reservoir"/> of the store's seed; n_c beyond 2^32 - 1 (4 billion samples of one
/// class) draws as 2^32 - 1.
/// Finding the j-th record of a class scans the slot labels: O(R) per replacement, no index memory.</para>
/// <para>RAM: <c>R * 2 + C * (4 + 8)</c> bytes (a uint16 label per slot, records and samples offered
/// per class). Label 65535 marks an empty slot, so labels are in [0, 65535).</para>
/// </remarks>
internal sealed class ClassBalancedReservoir
{
    /// <summary>The label of a slot that holds no record.</summary>
    public const ushort EmptySlot = ushort.MaxValue;

    private readonly ushort[] _labelOfSlot;
    private readonly int[] _countOfClass;
    private readonly long[] _seenOfClass;
    private Pcg32 _random;
    private int _slotsInUse; // one past the highest filled slot: Count, except while a replay has left gaps

    public ClassBalancedReservoir(int capacityRecords, int maxClasses, ulong seed)
    {
        _labelOfSlot = new ushort[capacityRecords];
        _labelOfSlot.AsSpan().Fill(EmptySlot);
        _countOfClass = new int[maxClasses];
        _seenOfClass = new long[maxClasses];
        _random = new Pcg32(seed, RandomStreams.Reservoir);
    }

    /// <summary>RAM of the policy's state: <c>R * 2 + C * 12</c> bytes.</summary>
    public static long RequiredBytes(int capacityRecords, int maxClasses) =>
        (long)capacityRecords * sizeof(ushort) + (long)maxClasses * (sizeof(int) + sizeof(long));

    public long AllocatedBytes => RequiredBytes(_labelOfSlot.Length, _countOfClass.Length);

    public int CapacityRecords => _labelOfSlot.Length;

    /// <summary>Records held; they occupy slots [0, Count).</summary>
    public int Count { get; private set; }

    /// <summary>Classes with at least one record.</summary>
    public int ClassCount { get; private set; }

    public ReadOnlySpan<int> CountsPerClass => _countOfClass;

    public int LabelOf(int slot) => _labelOfSlot[slot];

    public int CountOf(int label) => _countOfClass[label];

    public long SeenOf(int label) => _seenOfClass[label];

    /// <summary>The PRNG state (its stream is fixed), logged with each record so a reopened store draws the same numbers.</summary>
    public ulong RandomState
    {
        get => _random.State;
        set => _random = Pcg32.FromState(value, RandomStreams.Reservoir);
    }

    /// <summary>
    /// Counts a sample of class <paramref name="label"/> as offered and decides where it goes: a new
    /// slot while there is room, else the policy's victim slot, or nowhere. Nothing is placed yet.
    /// </summary>
    public AddResult Offer(int label)
    {
        long seen = ++_seenOfClass[label];
        if (Count < CapacityRecords) return new AddResult(AddOutcome.Stored, Count);

        int largest = LargestClass();
        if (_countOfClass[label] < _countOfClass[largest])
            return new AddResult(AddOutcome.Replaced, NthSlotOf(largest, (int)_random.NextUInt32((uint)_countOfClass[largest])));

        long j = _random.NextUInt32((uint)Math.Min(seen, uint.MaxValue));
        return j < _countOfClass[label] ? new AddResult(AddOutcome.Replaced, NthSlotOf(label, (int)j)) : AddResult.Discarded;
    }

    /// <summary>The state <see cref="Offer"/> changes for <paramref name="label"/>, to undo it with <see cref="Restore"/>.</summary>
    public (long Seen, ulong RandomState) Save(int label) => (_seenOfClass[label], _random.State);

    /// <summary>Undoes an <see cref="Offer"/> whose sample could not be stored.</summary>
    public void Restore(int label, (long Seen, ulong RandomState) saved)
    {
        _seenOfClass[label] = saved.Seen;
        RandomState = saved.RandomState;
    }

    /// <summary>Slot <paramref name="slot"/> now holds a record of class <paramref name="label"/> (filling an empty slot, or replacing).</summary>
    public void Place(int slot, int label)
    {
        ushort old = _labelOfSlot[slot];
        if (old == EmptySlot)
        {
            Count++;
            _slotsInUse = Math.Max(_slotsInUse, slot + 1);
        }
        else if (--_countOfClass[old] == 0)
        {
            ClassCount--;
        }

        _labelOfSlot[slot] = (ushort)label;
        if (_countOfClass[label]++ == 0) ClassCount++;
    }

    /// <summary>
    /// Replays a logged record: places it, and restores the policy state it carries. Returns false
    /// when its kind disagrees with the slot (a store into a filled slot, a replace of an empty one),
    /// which a log written by this code shows only after a lost record.
    /// </summary>
    public bool PlaceLogged(int slot, int label, bool stored, long seen, ulong randomState)
    {
        bool wasEmpty = _labelOfSlot[slot] == EmptySlot;
        Place(slot, label);
        _seenOfClass[label] = seen;
        RandomState = randomState;
        return wasEmpty == stored;
    }

    /// <summary>
    /// After a replay: when a lost record left empty slots below filled ones, moves the later records
    /// down, keeping their order, so records occupy [0, Count) again. Returns true when any moved.
    /// </summary>
    public bool CloseGaps(IFeatureRecordMedium records)
    {
        if (_slotsInUse == Count) return false;
        int to = 0;
        for (int from = 0; from < _slotsInUse; from++)
        {
            if (_labelOfSlot[from] == EmptySlot) continue;
            if (from != to)
            {
                _labelOfSlot[to] = _labelOfSlot[from];
                _labelOfSlot[from] = EmptySlot;
                records.Move(from, to);
            }
            to++;
        }

        _slotsInUse = Count;
        return true;
    }

    private int LargestClass()
    {
        int best = 0;
        for (int c = 1; c < _countOfClass.Length; c++)
            if (_countOfClass[c] > _countOfClass[best]) best = c;
        return best;
    }

    private int NthSlotOf(int label, int n)
    {
        for (int slot = 0; slot < Count; slot++)
            if (_labelOfSlot[slot] == label && n-- == 0) return slot;
        throw new InvalidOperationException($"Class {label} has fewer records than its count {_countOfClass[label]} says.");
    }
}
