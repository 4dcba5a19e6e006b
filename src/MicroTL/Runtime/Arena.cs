// The memory one interpreter runs on, laid out as TFLM's SingleArenaBufferAllocator does: the head (from offset 0 up)
// holds the planned tensors and scratch buffers, the tail (from the top down) the persistent data every operator
// allocated at Prepare. Derived constants a device keeps in flash (packed filters) go to a separate flash image.
// Prepare runs before the arena's size is known, so the tail is staged in a growable buffer addressed from its top
// and copied under the caller's arena by Bind; a block's distance from the top never changes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Runtime;

/// <summary>One arena (head: tensors and scratch; tail: persistent data) and one flash image of derived constants.</summary>
internal sealed class Arena
{
    private const int Alignment = GreedyMemoryPlanner.Alignment;
    private readonly List<Allocation> _persistent = [], _scratch = [], _flashBlocks = [];
    private Memory<byte> _memory;
    private byte[]? _array; // the array behind _memory, when there is one: spans from it skip Memory.Span
    private int _arrayStart;
    private int _tailTop;   // offset in _memory one past the tail's highest byte
    private int[] _scratchOffsets = [];
    private int[] _scratchLengths = [];
    private byte[] _flash = new byte[64];

    /// <param name="limitBytes">The most arena (head + tail) the owner allows; Prepare refuses more.</param>
    public Arena(long limitBytes)
    {
        LimitBytes = limitBytes;
        UseMemory(new byte[256]);
        _tailTop = 256;
    }

    /// <summary>The most arena the owner allows.</summary>
    public long LimitBytes { get; }

    /// <summary>Bytes of the tail: every persistent block, each started on a 16-byte boundary (the high-water mark).</summary>
    public int PersistentBytes { get; private set; }

    /// <summary>Bytes of the flash image of derived constants.</summary>
    public int FlashBytes { get; private set; }

    /// <summary>Scratch buffers requested so far.</summary>
    public int ScratchCount => _scratch.Count;

    /// <summary>True once <see cref="Bind"/> has placed the tail in the real arena.</summary>
    public bool IsBound { get; private set; }

    /// <summary>Allocates <paramref name="bytes"/> of persistent data from the tail (zeroed).</summary>
    public PersistentBlock AllocatePersistent(int bytes, int operatorIndex, string purpose)
    {
        if (IsBound) throw new InvalidOperationException("the arena is already bound; persistent data is allocated at Prepare");
        int fromEnd = checked((int)GreedyMemoryPlanner.AlignUp((long)PersistentBytes + bytes));
        if (fromEnd > _tailTop) GrowStaging(fromEnd);
        PersistentBytes = fromEnd;
        var block = new PersistentBlock(fromEnd, bytes);
        _persistent.Add(new Allocation(operatorIndex, purpose, bytes, fromEnd));
        return block;
    }

    /// <summary>Allocates a persistent block and copies <paramref name="values"/> into it.</summary>
    public PersistentBlock StorePersistent<T>(ReadOnlySpan<T> values, int operatorIndex, string purpose) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        PersistentBlock block = AllocatePersistent(bytes.Length, operatorIndex, purpose);
        bytes.CopyTo(Bytes(block));
        return block;
    }

    /// <summary>Where the allocations stand now, for <see cref="Rollback"/>.</summary>
    public (int Persistent, int PersistentBytes, int Scratch, int Flash, int FlashBytes) Mark() =>
        (_persistent.Count, PersistentBytes, _scratch.Count, _flashBlocks.Count, FlashBytes);

    /// <summary>Forgets every allocation made since <paramref name="mark"/> (an operator whose Prepare was abandoned).</summary>
    public void Rollback((int Persistent, int PersistentBytes, int Scratch, int Flash, int FlashBytes) mark)
    {
        if (IsBound) throw new InvalidOperationException("the arena is already bound");
        _persistent.RemoveRange(mark.Persistent, _persistent.Count - mark.Persistent);
        _scratch.RemoveRange(mark.Scratch, _scratch.Count - mark.Scratch);
        _flashBlocks.RemoveRange(mark.Flash, _flashBlocks.Count - mark.Flash);
        (PersistentBytes, FlashBytes) = (mark.PersistentBytes, mark.FlashBytes);
    }

    /// <summary>Records a scratch buffer of <paramref name="bytes"/> that operator <paramref name="operatorIndex"/> uses while it runs.</summary>
    public ScratchBuffer RequestScratch(int bytes, int operatorIndex, string purpose)
    {
        if (IsBound) throw new InvalidOperationException("the arena is already bound; scratch is requested at Prepare");
        _scratch.Add(new Allocation(operatorIndex, purpose, bytes, 0));
        return new ScratchBuffer(_scratch.Count - 1);
    }

    /// <summary>Bytes and operator of scratch buffer <paramref name="index"/>.</summary>
    public (int Bytes, int Operator) ScratchRequest(int index) => (_scratch[index].Bytes, _scratch[index].Operator);

    /// <summary>Appends <paramref name="values"/> to the flash image, 16-byte aligned.</summary>
    public FlashBlock StoreFlash<T>(ReadOnlySpan<T> values, int operatorIndex, string purpose) where T : unmanaged
    {
        if (IsBound) throw new InvalidOperationException("the arena is already bound; derived constants are made at Prepare");
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        int offset = checked((int)GreedyMemoryPlanner.AlignUp(FlashBytes));
        int end = checked(offset + bytes.Length);
        if (end > _flash.Length) Array.Resize(ref _flash, Math.Max(end, 2 * _flash.Length));
        bytes.CopyTo(_flash.AsSpan(offset));
        FlashBytes = end;
        _flashBlocks.Add(new Allocation(operatorIndex, purpose, bytes.Length, offset));
        return new FlashBlock(offset, bytes.Length);
    }

    /// <summary>
    /// Moves the tail to the top of <paramref name="memory"/> (its length rounded down to 16 bytes) and fixes the
    /// scratch buffers at <paramref name="scratchOffsets"/>. The caller has checked that the head fits below the tail.
    /// </summary>
    public void Bind(Memory<byte> memory, ReadOnlySpan<long> scratchOffsets)
    {
        if (IsBound) throw new InvalidOperationException("the arena is already bound");
        int top = memory.Length / Alignment * Alignment;
        if (top < PersistentBytes) throw new ArgumentException($"the arena of {memory.Length} bytes cannot hold the {PersistentBytes} bytes of persistent data", nameof(memory));
        ReadOnlySpan<byte> staged = Slice(_tailTop - PersistentBytes, PersistentBytes);
        staged.CopyTo(memory.Span.Slice(top - PersistentBytes, PersistentBytes));
        UseMemory(memory);
        _tailTop = top;
        _scratchOffsets = new int[_scratch.Count];
        _scratchLengths = new int[_scratch.Count];
        for (int i = 0; i < _scratch.Count; i++) (_scratchOffsets[i], _scratchLengths[i]) = (checked((int)scratchOffsets[i]), _scratch[i].Bytes);
        Array.Resize(ref _flash, FlashBytes);
        IsBound = true;
    }

    /// <summary>Adds the plan entries of the persistent blocks, scratch buffers and flash blocks (after <see cref="Bind"/>) to <paramref name="entries"/>.</summary>
    public void AddEntries(List<ArenaEntry> entries, int lastStep)
    {
        foreach (Allocation a in _persistent)
            entries.Add(new ArenaEntry(ArenaEntryKind.Persistent, _tailTop - a.Place, a.Bytes, a.Operator, -1, a.Purpose, 0, lastStep));
        for (int i = 0; i < _scratch.Count; i++)
            entries.Add(new ArenaEntry(ArenaEntryKind.Scratch, _scratchOffsets[i], _scratch[i].Bytes, _scratch[i].Operator, -1, _scratch[i].Purpose,
                _scratch[i].Operator, _scratch[i].Operator));
        foreach (Allocation a in _flashBlocks)
            entries.Add(new ArenaEntry(ArenaEntryKind.DerivedFlash, a.Place, a.Bytes, a.Operator, -1, a.Purpose, 0, lastStep));
    }

    /// <summary><paramref name="length"/> bytes of the arena from <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Slice(int offset, int length) =>
        _array is not null ? new Span<byte>(_array, _arrayStart + offset, length) : _memory.Span.Slice(offset, length);

    /// <summary>The bytes of a persistent block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Bytes(PersistentBlock block) => Slice(_tailTop - block.FromEnd, block.Bytes);

    /// <summary>A persistent block holding one <typeparamref name="T"/>, read in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly T Read<T>(PersistentBlock block) where T : unmanaged => ref MemoryMarshal.AsRef<T>(Bytes(block));

    /// <summary>A persistent block as values of <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Values<T>(PersistentBlock block) where T : unmanaged => MemoryMarshal.Cast<byte, T>(Bytes(block));

    /// <summary>A scratch buffer as values of <typeparamref name="T"/>; its bytes are valid only while its operator runs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Scratch<T>(ScratchBuffer buffer) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(Slice(_scratchOffsets[buffer.Index], _scratchLengths[buffer.Index]));

    /// <summary>A block of the flash image as values of <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Flash<T>(FlashBlock block) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(new ReadOnlySpan<byte>(_flash, block.Offset, block.Bytes));

    private void UseMemory(Memory<byte> memory)
    {
        _memory = memory;
        if (MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment)) (_array, _arrayStart) = (segment.Array, segment.Offset);
        else (_array, _arrayStart) = (null, 0);
    }

    // The staging tail is addressed from its top: grow it by moving the old bytes to the top of a larger buffer.
    private void GrowStaging(int needed)
    {
        var larger = new byte[Math.Max(needed, 2 * _tailTop)];
        Slice(0, _tailTop).CopyTo(larger.AsSpan(larger.Length - _tailTop));
        UseMemory(larger);
        _tailTop = larger.Length;
    }

    // Place: the block's distance from the tail's top (persistent) or its offset in the flash image.
    private readonly record struct Allocation(int Operator, string Purpose, int Bytes, int Place);
}
