// Maps each operator of subgraph 0 to its prepared implementation, as TFLM's op resolver does.
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Prepares the operators the engine runs; anything else is refused at load time.</summary>
public static class OperatorResolver
{
    /// <summary>The builtin operators <see cref="Prepare"/> accepts.</summary>
    public static IReadOnlyList<BuiltinOperator> SupportedOperators { get; } =
    [
        BuiltinOperator.Add, BuiltinOperator.AveragePool2D, BuiltinOperator.Conv2D, BuiltinOperator.DepthwiseConv2D,
        BuiltinOperator.Dequantize, BuiltinOperator.FullyConnected, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape,
        BuiltinOperator.Softmax, BuiltinOperator.Quantize,
    ];

    /// <summary>
    /// Checks operator <paramref name="operatorIndex"/> of <c>model.MainSubgraph</c> and computes everything its
    /// Eval needs (multipliers, padding, clamps, folded filter sums).
    /// </summary>
    /// <exception cref="InvalidModelException">The operator, its tensors or its options are invalid or unsupported.</exception>
    public static PreparedOperator Prepare(TfLiteModel model, int operatorIndex)
    {
        var context = new PrepareContext(model, operatorIndex);
        if (context.Model.OperatorCodes[context.Op.OpcodeIndex].CustomCode is not null) throw NotSupported(context);
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

    /// <summary>Prepares every operator of subgraph 0 in execution order.</summary>
    /// <exception cref="InvalidModelException">An operator is invalid or unsupported.</exception>
    public static PreparedOperator[] PrepareAll(TfLiteModel model)
    {
        int count = model.Subgraphs.Count == 0 ? 0 : model.MainSubgraph.Operators.Count;
        var result = new PreparedOperator[count];
        for (int i = 0; i < count; i++) result[i] = Prepare(model, i);
        return result;
    }

    private static InvalidModelException NotSupported(PrepareContext context)
    {
        var names = new string[SupportedOperators.Count];
        for (int i = 0; i < names.Length; i++) names[i] = OperatorNames.Of(SupportedOperators[i]);
        return new InvalidModelException(
            $"op {context.Index}: operator {context.Name} is not supported (supported: {string.Join(", ", names)})");
    }
}
