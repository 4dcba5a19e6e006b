namespace MicroTL.TfLite;

/// <summary>
/// A TFLite model: the schema's <c>Model</c> table. Built by <c>TfLiteReader</c> from file
/// bytes (buffers are slices of those bytes, nothing is copied) or in memory for
/// <c>TfLiteWriter</c>.
/// </summary>
/// <param name="Version">Schema version (3 for current files).</param>
/// <param name="OperatorCodes">The operator-code table.</param>
/// <param name="Subgraphs">Subgraphs; subgraph 0 is the one that runs.</param>
/// <param name="Buffers">Constant data; index 0 is by convention empty.</param>
/// <param name="Description">Free text, or null.</param>
public sealed record TfLiteModel(
    uint Version, IReadOnlyList<OperatorCode> OperatorCodes, IReadOnlyList<Subgraph> Subgraphs,
    IReadOnlyList<ReadOnlyMemory<byte>> Buffers, string? Description = null)
{
    /// <summary>The subgraph that runs.</summary>
    public Subgraph MainSubgraph => Subgraphs[0];

    /// <summary>The builtin code of an operator.</summary>
    public BuiltinOperator CodeOf(OperatorInfo op) => OperatorCodes[op.OpcodeIndex].Code;

    /// <summary>Constant data of a tensor of the main subgraph (empty when it has none).</summary>
    public ReadOnlyMemory<byte> DataOf(TensorInfo tensor) =>
        tensor.Buffer >= 0 && tensor.Buffer < Buffers.Count ? Buffers[tensor.Buffer] : ReadOnlyMemory<byte>.Empty;
}
