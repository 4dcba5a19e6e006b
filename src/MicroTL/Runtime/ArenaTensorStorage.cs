using MicroTL.TfLite;

namespace MicroTL.Runtime;

/// <summary>
/// The interpreter's <see cref="TensorStorage"/>: constant tensors are read straight from the
/// model's buffers, every other tensor is a planned slice of the arena's head.
/// </summary>
internal sealed class ArenaTensorStorage : TensorStorage
{
    private readonly Arena _arena;
    private readonly ReadOnlyMemory<byte>[] _constants;
    private readonly int[] _offsets;
    private readonly int[] _lengths;

    /// <param name="model">The model whose constants are served.</param>
    /// <param name="arena">The arena all planned tensors live in (bound).</param>
    /// <param name="offsets">Arena offset per tensor, or -1 for tensors not in the arena.</param>
    /// <param name="lengths">Byte length per tensor.</param>
    public ArenaTensorStorage(TfLiteModel model, Arena arena, int[] offsets, int[] lengths)
    {
        _arena = arena;
        _offsets = offsets;
        _lengths = lengths;
        _constants = new ReadOnlyMemory<byte>[offsets.Length];
        for (int i = 0; i < offsets.Length; i++)
            _constants[i] = model.DataOf(model.MainSubgraph.Tensors[i]);
    }

    /// <summary>True when the tensor has a place in the arena.</summary>
    public bool IsInArena(int tensorIndex) => _offsets[tensorIndex] >= 0;

    public override ReadOnlySpan<byte> Read(int tensorIndex) =>
        _offsets[tensorIndex] >= 0 ? _arena.Slice(_offsets[tensorIndex], _lengths[tensorIndex]) : _constants[tensorIndex].Span;

    public override Span<byte> Write(int tensorIndex)
    {
        if (_offsets[tensorIndex] < 0)
            ThrowNotInArena(tensorIndex);
        return _arena.Slice(_offsets[tensorIndex], _lengths[tensorIndex]);
    }

    private static void ThrowNotInArena(int tensorIndex) =>
        throw new InvalidOperationException($"tensor {tensorIndex} has no place in the arena and cannot be written");
}
