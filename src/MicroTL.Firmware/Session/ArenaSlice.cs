// One buffer of a session firmware's static arena: what it holds, which component of the C# budget it belongs to,
// where it lies and how it is aligned.
namespace MicroTL.Firmware.Session;

/// <summary>A buffer of the session arena (a field of the C's <c>mtl_session_layout</c>).</summary>
/// <param name="Field">The C field: <c>inference_arena</c>, <c>store_features</c>, <c>parameters</c>, ...</param>
/// <param name="Component">The component of <c>TransferBudget</c>'s plan it is part of (its name there).</param>
/// <param name="OffsetBytes">Byte offset in the arena.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="AlignmentBytes">The alignment its elements need (16 for the interpreter arena, else the element size).</param>
public sealed record ArenaSlice(string Field, string Component, int OffsetBytes, int Bytes, int AlignmentBytes)
{
    /// <summary>One past its last byte.</summary>
    public int EndBytes => OffsetBytes + Bytes;
}
