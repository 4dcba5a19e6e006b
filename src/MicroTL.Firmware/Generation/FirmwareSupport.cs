// What the firmware's C interpreter runs: the C# engine's operators, each in the types the C has kernels
// for. A model the C# engine runs but the C cannot is refused here, before any C is written.
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Generation;

/// <summary>The operators and types of <c>Runtime/interpreter</c>.</summary>
public static class FirmwareSupport
{
    private static readonly TensorType[] Int8Only = [TensorType.Int8];
    private static readonly TensorType[] Int8AndFloat = [TensorType.Int8, TensorType.Float32];

    /// <summary>
    /// Per builtin operator, the types of its first input the C interpreter runs: int8 for every operator,
    /// float32 also for FULLY_CONNECTED, SOFTMAX and QUANTIZE (float32 in); DEQUANTIZE is int8 in; RESHAPE moves
    /// bytes of any type.
    /// </summary>
    public static IReadOnlyDictionary<BuiltinOperator, IReadOnlyList<TensorType>?> InputTypes { get; } =
        new Dictionary<BuiltinOperator, IReadOnlyList<TensorType>?>
        {
            [BuiltinOperator.Add] = Int8Only,
            [BuiltinOperator.AveragePool2D] = Int8Only,
            [BuiltinOperator.Conv2D] = Int8Only,
            [BuiltinOperator.DepthwiseConv2D] = Int8Only,
            [BuiltinOperator.Dequantize] = Int8Only,
            [BuiltinOperator.FullyConnected] = Int8AndFloat,
            [BuiltinOperator.MaxPool2D] = Int8Only,
            [BuiltinOperator.Quantize] = Int8AndFloat,
            [BuiltinOperator.Reshape] = null,
            [BuiltinOperator.Softmax] = Int8AndFloat,
            [BuiltinOperator.Custom] = Int8AndFloat, // MICROTL_WINDOW_STATISTICS only (CustomCodes)
        };

    /// <summary>The custom operators the C interpreter runs (as <c>MTL_OP_CUSTOM</c>): MicroTL's window statistics.</summary>
    public static IReadOnlyList<string> CustomCodes { get; } = [MicroTL.Runtime.Ops.WindowStatisticsOperator.CustomCode];

    /// <summary>
    /// The output types the C interpreter writes where the C# engine writes more: QUANTIZE to int8 only (the C#
    /// also to int16 and int32), SOFTMAX to int8 or float32 (the C# also int8 -> int16).
    /// </summary>
    public static IReadOnlyDictionary<BuiltinOperator, IReadOnlyList<TensorType>> OutputTypes { get; } =
        new Dictionary<BuiltinOperator, IReadOnlyList<TensorType>>
        {
            [BuiltinOperator.Quantize] = Int8Only,
            [BuiltinOperator.Softmax] = Int8AndFloat,
        };

    /// <summary>
    /// Checks every operator of subgraph 0 of a model the C# engine has prepared (so its tensors and options are
    /// valid) against <see cref="InputTypes"/> and <see cref="OutputTypes"/>.
    /// </summary>
    /// <exception cref="FirmwareGenerationException">An operator or its input type has no C implementation.</exception>
    public static void Check(TfLiteModel model)
    {
        Subgraph graph = model.MainSubgraph;
        for (int i = 0; i < graph.Operators.Count; i++)
        {
            OperatorInfo op = graph.Operators[i];
            BuiltinOperator code = model.CodeOf(op);
            // A custom operator (e.g. MICROTL_WINDOW_STATISTICS) is named by its custom code: CUSTOM alone names nothing.
            string name = model.OperatorCodes[op.OpcodeIndex].CustomCode is { } custom ? $"CUSTOM '{custom}'" : OperatorNames.Of(code);
            string type = TypeName(graph.Tensors[op.Inputs[0]].Type);
            if (!InputTypes.TryGetValue(code, out IReadOnlyList<TensorType>? types)
                || (code == BuiltinOperator.Custom && !CustomCodes.Contains(model.OperatorCodes[op.OpcodeIndex].CustomCode)))
                throw new FirmwareGenerationException(i, name, type,
                    $"op {i} {name}: the firmware's C interpreter has no {name} (it runs {string.Join(", ", InputTypes.Keys.Where(k => k != BuiltinOperator.Custom).Select(OperatorNames.Of).Concat(CustomCodes.Select(c => $"CUSTOM '{c}'")).Order(StringComparer.Ordinal))})");
            if (types is not null && !types.Contains(graph.Tensors[op.Inputs[0]].Type))
                throw new FirmwareGenerationException(i, name, type,
                    $"op {i} {name}: {type} is not supported by the firmware's C interpreter, which runs {name} on " +
                    $"{string.Join(" and ", types.Select(TypeName))} only (the C# engine runs it; the C has no {type} kernel for it)");
            TensorType output = graph.Tensors[op.Outputs[0]].Type;
            if (OutputTypes.TryGetValue(code, out IReadOnlyList<TensorType>? outputs) && !outputs.Contains(output))
                throw new FirmwareGenerationException(i, name, type,
                    $"op {i} {name}: {type} -> {TypeName(output)} is not supported by the firmware's C interpreter, which writes " +
                    $"{string.Join(" or ", outputs.Select(TypeName))} only (the C# engine runs it; the C has no kernel for it)");
        }
    }

    /// <summary>The schema's name of a tensor type, e.g. INT8.</summary>
    public static string TypeName(TensorType type) => type.ToString().ToUpperInvariant();
}
