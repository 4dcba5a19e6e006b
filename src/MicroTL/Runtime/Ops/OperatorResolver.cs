// Maps each operator of subgraph 0 to its prepared implementation, as TFLM's op resolver does.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Prepares the operators the engine runs; anything else is refused at load time.</summary>
public static class OperatorResolver
{
    // One row per operator the engine runs: its code and its Prepare. SupportedOperators and Prepare read this table.
    private static readonly (BuiltinOperator Code, Func<PrepareContext, PreparedOperator> Prepare)[] Table =
    [
        (BuiltinOperator.Add, AddOperator.Prepare),
        (BuiltinOperator.AveragePool2D, AveragePool2DOperator.Prepare),
        (BuiltinOperator.Conv2D, Conv2DOperator.Prepare),
        (BuiltinOperator.DepthwiseConv2D, DepthwiseConv2DOperator.Prepare),
        (BuiltinOperator.Dequantize, DequantizeOperator.Prepare),
        (BuiltinOperator.FullyConnected, FullyConnectedOperator.Prepare),
        (BuiltinOperator.MaxPool2D, MaxPool2DOperator.Prepare),
        (BuiltinOperator.Reshape, ReshapeOperator.Prepare),
        (BuiltinOperator.Softmax, SoftmaxOperator.Prepare),
        (BuiltinOperator.Quantize, QuantizeOperator.Prepare),
        (BuiltinOperator.UnidirectionalSequenceLstm, UnidirectionalSequenceLstmOperator.Prepare),
        (BuiltinOperator.Transpose, DataMovementOperator.PrepareTranspose),
        (BuiltinOperator.Pad, DataMovementOperator.PreparePad),
        (BuiltinOperator.PadV2, DataMovementOperator.PreparePad),
        (BuiltinOperator.Concatenation, DataMovementOperator.PrepareConcatenation),
        (BuiltinOperator.Pack, DataMovementOperator.PreparePack),
        (BuiltinOperator.Split, DataMovementOperator.PrepareSplit),
        (BuiltinOperator.Unpack, DataMovementOperator.PrepareUnpack),
        (BuiltinOperator.StridedSlice, DataMovementOperator.PrepareStridedSlice),
        (BuiltinOperator.Squeeze, DataMovementOperator.PrepareSqueeze),
        (BuiltinOperator.ExpandDims, DataMovementOperator.PrepareExpandDims),
        (BuiltinOperator.Mean, MeanOperator.Prepare),
        (BuiltinOperator.Mul, ElementwiseOperator.Prepare),
        (BuiltinOperator.Sub, ElementwiseOperator.Prepare),
        (BuiltinOperator.Maximum, ElementwiseOperator.Prepare),
        (BuiltinOperator.Minimum, ElementwiseOperator.Prepare),
        (BuiltinOperator.Prelu, ElementwiseOperator.Prepare),
        (BuiltinOperator.Logistic, ActivationOperator.Prepare),
        (BuiltinOperator.Tanh, ActivationOperator.Prepare),
        (BuiltinOperator.HardSwish, ActivationOperator.Prepare),
        (BuiltinOperator.Relu, ActivationOperator.Prepare),
        (BuiltinOperator.Relu6, ActivationOperator.Prepare),
        (BuiltinOperator.LeakyRelu, ActivationOperator.Prepare),
        (BuiltinOperator.ResizeNearestNeighbor, ResizeNearestNeighborOperator.Prepare),
        (BuiltinOperator.Svdf, SvdfOperator.Prepare),
        (BuiltinOperator.TransposeConv, TransposeConvOperator.Prepare),
    ];

    /// <summary>The builtin operators <see cref="Prepare(TfLiteModel, int, SimdLevel?)"/> accepts, by schema name.</summary>
    public static IReadOnlyList<BuiltinOperator> SupportedOperators { get; } = SortedByName();

    /// <summary>True when the engine has an implementation of <paramref name="code"/> (CUSTOM operators never).</summary>
    public static bool IsSupported(BuiltinOperator code) => Find(code) is not null;

    /// <summary>True when the engine runs <paramref name="code"/>: a builtin it implements, or MicroTL's CUSTOM window statistics.</summary>
    public static bool IsSupported(OperatorCode code) =>
        code.CustomCode is { } custom ? custom == WindowStatisticsOperator.CustomCode : IsSupported(code.Code);

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
        // The one CUSTOM operator the engine runs: MicroTL's window statistics (the head features of a motion base).
        if (context.Model.OperatorCodes[context.Op.OpcodeIndex].CustomCode is { } custom)
            return custom == WindowStatisticsOperator.CustomCode ? WindowStatisticsOperator.Prepare(context) : throw NotSupported(context);
        Func<PrepareContext, PreparedOperator> prepare = Find(context.Code) ?? throw NotSupported(context);
        return prepare(context);
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

    /// <summary>The refusal of an operator code the engine lacks, naming it and listing what it runs.</summary>
    internal static UnsupportedOperatorException NotSupported(PrepareContext context) => NotSupported(context.Index, context.Name);

    /// <inheritdoc cref="NotSupported(PrepareContext)"/>
    internal static UnsupportedOperatorException NotSupported(int index, string name)
    {
        var names = new string[SupportedOperators.Count];
        for (int i = 0; i < names.Length; i++) names[i] = OperatorNames.Of(SupportedOperators[i]);
        return new UnsupportedOperatorException(index, name, $"no kernel for {name}",
            $"op {index}: operator {name} is not supported (supported: {string.Join(", ", names)}, custom '{WindowStatisticsOperator.CustomCode}')");
    }

    private static Func<PrepareContext, PreparedOperator>? Find(BuiltinOperator code)
    {
        foreach ((BuiltinOperator c, Func<PrepareContext, PreparedOperator> prepare) in Table)
            if (c == code) return prepare;
        return null;
    }

    private static BuiltinOperator[] SortedByName()
    {
        var codes = new BuiltinOperator[Table.Length];
        for (int i = 0; i < codes.Length; i++) codes[i] = Table[i].Code;
        Array.Sort(codes, (a, b) => string.CompareOrdinal(OperatorNames.Of(a), OperatorNames.Of(b)));
        return codes;
    }
}
