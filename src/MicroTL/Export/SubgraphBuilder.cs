using MicroTL.TfLite;

namespace MicroTL.Export;

/// <summary>
/// Assembles a new single-subgraph model from pieces of an existing one plus new tensors and
/// operators: copied tensors are renumbered, their constant buffers carried over, operator codes
/// collected as they are used.
/// </summary>
internal sealed class SubgraphBuilder(TfLiteModel source)
{
    private readonly List<TensorInfo> _tensors = [];
    private readonly List<OperatorInfo> _operators = [];
    private readonly List<OperatorCode> _codes = [];
    private readonly List<ReadOnlyMemory<byte>> _buffers = [ReadOnlyMemory<byte>.Empty];
    private readonly Dictionary<int, int> _tensorMap = [];

    /// <summary>The new index of source tensor <paramref name="sourceIndex"/>, copying it on first use.</summary>
    public int Map(int sourceIndex)
    {
        if (sourceIndex < 0) return sourceIndex; // an omitted optional input stays omitted
        if (_tensorMap.TryGetValue(sourceIndex, out int mapped)) return mapped;
        TensorInfo tensor = source.MainSubgraph.Tensors[sourceIndex];
        ReadOnlyMemory<byte> data = source.DataOf(tensor);
        int index = data.Length > 0 ? AddConstant(tensor, data) : AddTensor(tensor with { Buffer = 0 });
        _tensorMap[sourceIndex] = index;
        return index;
    }

    /// <summary>Copies a source operator, mapping its tensors and operator code.</summary>
    public void CopyOperator(OperatorInfo op)
    {
        int code = CodeIndex(source.OperatorCodes[op.OpcodeIndex]);
        _operators.Add(new OperatorInfo(code, Array.ConvertAll(op.Inputs, Map), Array.ConvertAll(op.Outputs, Map), op.Options));
    }

    /// <summary>Adds a tensor without data; returns its index.</summary>
    public int AddTensor(TensorInfo tensor)
    {
        _tensors.Add(tensor with { Buffer = 0 });
        return _tensors.Count - 1;
    }

    /// <summary>Adds a constant tensor with its data; returns its index.</summary>
    public int AddConstant(TensorInfo tensor, ReadOnlyMemory<byte> data)
    {
        _buffers.Add(data);
        _tensors.Add(tensor with { Buffer = _buffers.Count - 1 });
        return _tensors.Count - 1;
    }

    /// <summary>Adds a builtin operator.</summary>
    public void AddOperator(BuiltinOperator code, int[] inputs, int[] outputs, OperatorOptions? options) =>
        _operators.Add(new OperatorInfo(CodeIndex(new OperatorCode(code, 1)), inputs, outputs, options));

    /// <summary>The finished model.</summary>
    public TfLiteModel Finish(int[] inputs, int[] outputs, string description) =>
        new(3, [.. _codes], [new Subgraph([.. _tensors], [.. _operators], inputs, outputs, "main")], [.. _buffers], description);

    private int CodeIndex(OperatorCode code)
    {
        for (int i = 0; i < _codes.Count; i++)
            if (_codes[i].Code == code.Code && _codes[i].CustomCode == code.CustomCode)
            {
                // Keep the highest version asked for: a newer kernel version runs the older semantics too.
                if (code.Version > _codes[i].Version) _codes[i] = _codes[i] with { Version = code.Version };
                return i;
            }

        _codes.Add(code);
        return _codes.Count - 1;
    }
}
