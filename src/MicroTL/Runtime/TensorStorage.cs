namespace MicroTL.Runtime;

/// <summary>
/// Where an operator finds its tensors while it runs: constant tensors are slices of the model's
/// buffers, every other tensor a slice of the interpreter's arena. Spans are raw little-endian
/// bytes; kernels reinterpret them (<c>MemoryMarshal.Cast</c>) to their element type.
/// </summary>
public abstract class TensorStorage
{
    /// <summary>The bytes of any tensor (constant or in the arena).</summary>
    public abstract ReadOnlySpan<byte> Read(int tensorIndex);

    /// <summary>The writable bytes of a tensor in the arena (an operator output).</summary>
    public abstract Span<byte> Write(int tensorIndex);
}
