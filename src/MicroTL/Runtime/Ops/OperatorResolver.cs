// Maps each operator of subgraph 0 to its prepared implementation, as TFLM's op resolver does.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Prepares the operators the engine runs; anything else is refused at load time.</summary>
public static class OperatorResolver
{
    /// <summary>The builtin operators <see cref="Prepare(TfLiteModel, int, SimdLevel?)"/> accepts.</summary>
    public static IReadOnlyList<BuiltinOperator> SupportedOperators { get; } =
    [
        BuiltinOperator.Add, BuiltinOperator.AveragePool2D, BuiltinOperator.Conv2D, BuiltinOperator.DepthwiseConv2D,
        BuiltinOperator.Dequantize, BuiltinOperator.FullyConnected, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape,
        BuiltinOperator.Softmax, BuiltinOperator.Quantize,
    ];

    /// <summary>
    /// Checks operator <paramref name="operatorIndex"/> of <c>model.MainSubgraph</c> and computes everything its
    /// Eval needs (multipliers, padding, clamps, folded filter sums) into an arena of its own, exactly as large as
    /// its persistent data and scratch: for looking at or running one operator alone. An interpreter prepares all
    /// of them in one shared arena instead.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="operatorIndex">The operator of subgraph 0.</param>
    /// <param name="simd">The instruction set its kernels use; the CPU's best (<see cref="SimdSupport.Best"/>) by default.</param>
    /// <exception cref="InvalidModelException">The operator, its tensors or its options are invalid or unsupported.</exception>
    public static PreparedOperator Prepare(TfLiteModel model, int operatorIndex, SimdLevel? simd = null)
    {
        var arena = new Arena(InterpreterOptions.Default.MaxArenaBytes);
        PreparedOperator op = Prepare(new PrepareContext(model, operatorIndex, arena, simd ?? SimdSupport.Best));
        // Alone, the operator's scratch buffers are all alive together: lay them out one after another below the tail.
        var offsets = new long[arena.ScratchCount];
        long head = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = head;
            head += GreedyMemoryPlanner.AlignUp(arena.ScratchRequest(i).Bytes);
        }
        arena.Bind(new byte[checked((int)(head + arena.PersistentBytes))], offsets);
        return op;
    }

    /// <summary>Prepares the operator of <paramref name="context"/> into the context's arena.</summary>
    /// <exception cref="InvalidModelException">The operator, its tensors or its options are invalid or unsupported.</exception>
    internal static PreparedOperator Prepare(PrepareContext context)
    {
        if (context.Model.OperatorCodes[context.Op.OpcodeIndex].CustomCode is { } custom)
            return custom == WindowStatisticsOperator.CustomCode ? WindowStatisticsOperator.Prepare(context) : throw NotSupported(context);
        return context.Code switch
        {
            BuiltinOperator.Add => AddOperator.Prepare(context),
            BuiltinOperator.AveragePool2D => AveragePool2DOperator.Prepare(context),
            BuiltinOperator.Conv2D => Conv2DOperator.Prepare(context),
            BuiltinOperator.DepthwiseConv2D => DepthwiseConv2DOperator.Prepare(context),
            BuiltinOperator.Dequantize => DequantizeOperator.Prepare(context),
            BuiltinOperator.FullyConnected => FullyConnectedOperator.Prepare(context),
            BuiltinOperator.MaxPool2D => MaxPool2DOperator.Prepare(context),
            BuiltinOperator.Reshape => ReshapeOperator.Prepare(context),
            BuiltinOperator.Softmax => SoftmaxOperator.Prepare(context),
            BuiltinOperator.Quantize => QuantizeOperator.Prepare(context),
            _ => throw NotSupported(context),
        };
    }

    /// <summary>Prepares every operator of subgraph 0 in execution order, each in an arena of its own (see <see cref="Prepare(TfLiteModel, int, SimdLevel?)"/>).</summary>
    /// <exception cref="InvalidModelException">An operator is invalid or unsupported.</exception>
    public static PreparedOperator[] PrepareAll(TfLiteModel model, SimdLevel? simd = null)
    {
        int count = model.Subgraphs.Count == 0 ? 0 : model.MainSubgraph.Operators.Count;
        var result = new PreparedOperator[count];
        for (int i = 0; i < count; i++) result[i] = Prepare(model, i, simd);
        return result;
    }

    private static InvalidModelException NotSupported(PrepareContext context)
    {
        var names = new string[SupportedOperators.Count];
        for (int i = 0; i < names.Length; i++) names[i] = OperatorNames.Of(SupportedOperators[i]);
        return new InvalidModelException(
            $"op {context.Index}: operator {context.Name} is not supported (supported: {string.Join(", ", names)}, custom '{WindowStatisticsOperator.CustomCode}')");
    }
}
