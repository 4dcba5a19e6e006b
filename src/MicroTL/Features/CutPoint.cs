using MicroTL.TfLite;

namespace MicroTL.Features;

/// <summary>
/// Where a model is split into the frozen int8 body and the trainable head: the cut tensor, the
/// operator that produces it (the last operator of the body), and the model's own head layers
/// (the FULLY_CONNECTED operators after the cut), which can seed the new head.
/// </summary>
/// <param name="Tensor">Index of the cut tensor in the main subgraph.</param>
/// <param name="BodyOperatorCount">Operators 0..BodyOperatorCount-1 compute the cut tensor (0 when the cut is a graph input).</param>
/// <param name="HeadFullyConnected">Indices of the FULLY_CONNECTED operators after the cut, in order.</param>
public sealed record CutPoint(int Tensor, int BodyOperatorCount, int[] HeadFullyConnected)
{
    /// <summary>
    /// The default cut: the input of the last two FULLY_CONNECTED layers (of the last one when the
    /// model has only one), as MicroTL retrains the last two FC layers.
    /// </summary>
    /// <exception cref="InvalidModelException">The model has no FULLY_CONNECTED operator.</exception>
    public static CutPoint Default(TfLiteModel model)
    {
        IReadOnlyList<OperatorInfo> ops = model.MainSubgraph.Operators;
        var fullyConnected = new List<int>();
        for (int i = 0; i < ops.Count; i++)
            if (model.CodeOf(ops[i]) == BuiltinOperator.FullyConnected) fullyConnected.Add(i);
        if (fullyConnected.Count == 0)
            throw new InvalidModelException("the model has no FULLY_CONNECTED operator to retrain; name a cut tensor instead");

        int firstHeadOp = fullyConnected[Math.Max(0, fullyConnected.Count - 2)];
        int tensor = ops[firstHeadOp].Inputs[0];
        // An adapted model feeds its float head through DEQUANTIZE, or, with head features, through a CONCATENATION of
        // the dequantized cut features and head features (HybridModelExporter): cut at the int8 features before it.
        if (ProducerOf(model, tensor) is { } join && model.CodeOf(join) == BuiltinOperator.Concatenation
            && join.Inputs.All(input => ProducerOf(model, input) is { } p && model.CodeOf(p) == BuiltinOperator.Dequantize))
            tensor = join.Inputs[0];
        if (ProducerOf(model, tensor) is { } dequantize && model.CodeOf(dequantize) == BuiltinOperator.Dequantize) tensor = dequantize.Inputs[0];
        return AtTensor(model, tensor);
    }

    /// <summary>The operator of the main subgraph that writes <paramref name="tensor"/>, or null (a graph input or a constant).</summary>
    internal static OperatorInfo? ProducerOf(TfLiteModel model, int tensor) =>
        model.MainSubgraph.Operators.FirstOrDefault(op => Array.IndexOf(op.Outputs, tensor) >= 0);

    /// <summary>
    /// The cut at a tensor given by index ("7") or by name; null or empty means <see cref="Default"/>.
    /// </summary>
    /// <exception cref="InvalidModelException">No such tensor, or it is not an int8 operator output.</exception>
    public static CutPoint Parse(TfLiteModel model, string? tensor)
    {
        if (string.IsNullOrEmpty(tensor)) return Default(model);
        IReadOnlyList<TensorInfo> tensors = model.MainSubgraph.Tensors;
        if (int.TryParse(tensor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            if (index >= tensors.Count)
                throw new InvalidModelException($"cut tensor {index} does not exist (the model has {tensors.Count} tensors)");
            return AtTensor(model, index);
        }

        for (int i = 0; i < tensors.Count; i++)
            if (tensors[i].Name == tensor) return AtTensor(model, i);
        throw new InvalidModelException($"no tensor named '{tensor}' in the model");
    }

    /// <summary>The cut at tensor <paramref name="index"/>.</summary>
    /// <remarks>
    /// The tensor is an operator's output, a graph input, or a variable tensor an operator updates (an LSTM's hidden
    /// state: after the body runs it holds the last step's state, the sequence's summary).
    /// </remarks>
    /// <exception cref="InvalidModelException">The tensor is none of those, or not a per-tensor quantized int8 tensor.</exception>
    public static CutPoint AtTensor(TfLiteModel model, int index)
    {
        Subgraph graph = model.MainSubgraph;
        TensorInfo tensor = graph.Tensors[index];
        int producer = -1;
        for (int i = 0; i < graph.Operators.Count && producer < 0; i++)
            if (Array.IndexOf(graph.Operators[i].Outputs, index) >= 0) producer = i;
        if (producer < 0 && tensor.IsVariable)
            for (int i = 0; i < graph.Operators.Count; i++)
                if (Array.IndexOf(graph.Operators[i].Inputs, index) >= 0) producer = i;

        // A graph input can be a cut too: then there is no body and the features are the input itself.
        if (producer < 0 && Array.IndexOf(graph.Inputs, index) < 0)
            throw new InvalidModelException($"cut tensor {index} '{tensor.Name}' is neither computed by an operator, a state an operator updates, nor a graph input");
        if (tensor.Type != TensorType.Int8 || tensor.Quantization is not { IsPerChannel: false })
            throw new InvalidModelException($"cut tensor {index} '{tensor.Name}' is {tensor.Type}; the cut must be a per-tensor quantized int8 tensor");

        var head = new List<int>();
        for (int i = producer + 1; i < graph.Operators.Count; i++)
            if (model.CodeOf(graph.Operators[i]) == BuiltinOperator.FullyConnected) head.Add(i);
        return new CutPoint(index, producer + 1, [.. head]) { ModelHeadReadsOnlyCut = HeadReadsOnly(model, producer + 1, index) };
    }

    /// <summary>
    /// True when the model's own operators after the cut read nothing the body computed but the cut tensor, so they
    /// can run on stored features alone (false for a cut at an LSTM's state, whose own head reads the whole sequence).
    /// </summary>
    public bool ModelHeadReadsOnlyCut { get; init; } = true;

    /// <summary>
    /// True when the operators from <paramref name="bodyOperators"/> on read nothing the body computed but
    /// <paramref name="cut"/> and <paramref name="alsoStored"/> (head features stored beside the cut's; -1: none).
    /// </summary>
    internal static bool HeadReadsOnly(TfLiteModel model, int bodyOperators, int cut, int alsoStored = -1)
    {
        IReadOnlyList<OperatorInfo> ops = model.MainSubgraph.Operators;
        var computedAfter = new HashSet<int>();
        for (int i = bodyOperators; i < ops.Count; i++)
        {
            foreach (int input in ops[i].Inputs)
                if (input >= 0 && input != cut && input != alsoStored && !computedAfter.Contains(input)
                    && model.DataOf(model.MainSubgraph.Tensors[input]).IsEmpty)
                    return false;
            foreach (int output in ops[i].Outputs) computedAfter.Add(output);
        }
        return true;
    }

    /// <summary>Number of int8 features at the cut (elements of the cut tensor).</summary>
    public int FeatureLength(TfLiteModel model) => checked((int)model.MainSubgraph.Tensors[Tensor].ElementCount);
}
