// Where every byte of an interpreter's memory goes, as data: the C firmware mirrors this layout, and inspect and the
// transfer budget count it. Offsets are from the start of the arena the interpreter runs on (the flash image for
// derived constants).
namespace MicroTL.Runtime;

/// <summary>What an arena entry holds.</summary>
public enum ArenaEntryKind
{
    /// <summary>A non-constant tensor (head; alive from the step that writes it to the last that reads it).</summary>
    Tensor,

    /// <summary>An operator's scratch buffer (head; alive only while its operator runs).</summary>
    Scratch,

    /// <summary>Data an operator computed at Prepare and reads at every Eval (tail; alive for the whole run).</summary>
    Persistent,

    /// <summary>A constant derived from the model's constants (e.g. a packed filter): flash on a device, not RAM.</summary>
    DerivedFlash,
}

/// <summary>One buffer of the plan.</summary>
/// <param name="Kind">What it holds.</param>
/// <param name="Offset">Byte offset in the arena (in the flash image for <see cref="ArenaEntryKind.DerivedFlash"/>); 16-byte aligned.</param>
/// <param name="Bytes">Bytes it holds (its slot is rounded up to 16).</param>
/// <param name="Operator">The operator it belongs to, or -1 for a tensor.</param>
/// <param name="Tensor">The tensor index, or -1 for operator data.</param>
/// <param name="Name">The tensor's name, or what the operator keeps there (e.g. "output multipliers").</param>
/// <param name="FirstStep">First operator step it is in use (inclusive).</param>
/// <param name="LastStep">Last operator step it is in use (inclusive).</param>
public sealed record ArenaEntry(ArenaEntryKind Kind, long Offset, long Bytes, int Operator, int Tensor, string Name, int FirstStep, int LastStep);

/// <summary>
/// The layout of an interpreter's arena, as TFLM lays its arena out: the head, from offset 0 up, holds the tensors
/// (planned greedily by lifetime) and the operators' scratch buffers (placed next, each in a gap free while its
/// operator runs); the tail, from the top of the arena down, holds the persistent data each operator allocated at
/// Prepare. The interpreter needs <see cref="TotalBytes"/>; a larger arena leaves a free gap between head and tail.
/// </summary>
public sealed record ArenaPlan
{
    /// <summary>Bytes of the arena the interpreter runs on (at least <see cref="TotalBytes"/>).</summary>
    public required long ArenaLength { get; init; }

    /// <summary>Head bytes of the tensors alone: the activations' peak.</summary>
    public required long ActivationBytes { get; init; }

    /// <summary>Head bytes the scratch buffers add above the activations (0 when they all fit in gaps).</summary>
    public required long ScratchBytes { get; init; }

    /// <summary>Bytes of the tail: every operator's persistent data, each block 16-byte aligned.</summary>
    public required long PersistentBytes { get; init; }

    /// <summary>Bytes of derived constants a device keeps in flash beside the model (not in the arena).</summary>
    public required long DerivedFlashBytes { get; init; }

    /// <summary>Every tensor, scratch buffer, persistent block and derived constant, with its offset.</summary>
    public required IReadOnlyList<ArenaEntry> Entries { get; init; }

    /// <summary>Bytes of the head: activations and scratch.</summary>
    public long HeadBytes => ActivationBytes + ScratchBytes;

    /// <summary>The arena the model needs: head + tail (TFLM's <c>arena_used_bytes()</c>).</summary>
    public long TotalBytes => HeadBytes + PersistentBytes;
}
