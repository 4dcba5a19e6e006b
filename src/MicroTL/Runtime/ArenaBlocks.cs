// Handles an operator keeps instead of heap arrays: where its data lives in the arena or the flash image.
// They are plain ints, so they can sit inside an operator's data block in the arena itself.
namespace MicroTL.Runtime;

/// <summary>
/// A block of persistent data in the arena's tail: <see cref="FromEnd"/> bytes below the tail's top, <see cref="Bytes"/>
/// long. Counting from the top keeps a block's place fixed while the tail grows down, and whatever the arena's length.
/// </summary>
internal readonly record struct PersistentBlock(int FromEnd, int Bytes);

/// <summary>A scratch buffer an operator requested at Prepare: an index into the arena's planned scratch offsets.</summary>
internal readonly record struct ScratchBuffer(int Index);

/// <summary>A block of derived constant data (e.g. a packed filter) at <see cref="Offset"/> in the flash image.</summary>
internal readonly record struct FlashBlock(int Offset, int Bytes);
