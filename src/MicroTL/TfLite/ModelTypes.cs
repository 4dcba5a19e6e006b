namespace MicroTL.TfLite;

/// <summary>Affine quantization of a tensor: <c>real = scale * (q - zeroPoint)</c>, per tensor or per channel.</summary>
/// <param name="Scale">One scale per tensor, or one per channel along <paramref name="QuantizedDimension"/>.</param>
/// <param name="ZeroPoint">Same count as <paramref name="Scale"/>.</param>
/// <param name="QuantizedDimension">The channel axis when per-channel.</param>
public sealed record QuantizationParams(float[] Scale, long[] ZeroPoint, int QuantizedDimension = 0)
{
    /// <summary>True when there is more than one scale.</summary>
    public bool IsPerChannel => Scale.Length > 1;
}

/// <summary>An entry of the model's operator-code table.</summary>
/// <param name="Code">The builtin code: max(deprecated_builtin_code, builtin_code) as TFLite resolves it; unknown codes keep their number.</param>
/// <param name="Version">Operator version.</param>
/// <param name="CustomCode">Name of a custom op, else null.</param>
public sealed record OperatorCode(BuiltinOperator Code, int Version = 1, string? CustomCode = null);

/// <summary>A tensor of a subgraph.</summary>
/// <param name="Name">Tensor name (may be empty).</param>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Dimensions; empty for a scalar.</param>
/// <param name="Buffer">Index into <see cref="TfLiteModel.Buffers"/>; buffer 0 is the empty sentinel.</param>
/// <param name="Quantization">Quantization, or null when the tensor has none.</param>
/// <param name="IsVariable">Schema <c>is_variable</c>.</param>
public sealed record TensorInfo(
    string Name, TensorType Type, int[] Shape, int Buffer,
    QuantizationParams? Quantization = null, bool IsVariable = false)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int d in Shape) count *= d;
            return count;
        }
    }

    /// <summary>Bytes the tensor's data occupies.</summary>
    public long ByteCount => ElementCount * TensorTypeInfo.ElementBytes(Type);
}

/// <summary>An operator of a subgraph: which code it runs, on which tensors, with which options.</summary>
/// <param name="OpcodeIndex">Index into <see cref="TfLiteModel.OperatorCodes"/>.</param>
/// <param name="Inputs">Tensor indices; -1 marks an omitted optional input (e.g. no bias).</param>
/// <param name="Outputs">Tensor indices.</param>
/// <param name="Options">Builtin options, or null when the op has none.</param>
public sealed record OperatorInfo(int OpcodeIndex, int[] Inputs, int[] Outputs, OperatorOptions? Options);

/// <summary>A subgraph: its tensors, operators in execution order, inputs and outputs.</summary>
public sealed record Subgraph(
    IReadOnlyList<TensorInfo> Tensors, IReadOnlyList<OperatorInfo> Operators,
    int[] Inputs, int[] Outputs, string? Name = null);
