using MicroTL.TfLite;

namespace MicroTL.Features;

/// <summary>
/// Extra int8 features a model offers its head beside the cut tensor: a graph output named <see cref="TensorName"/>,
/// computed by the body (e.g. the window statistics of a motion base, <c>MICROTL_WINDOW_STATISTICS</c>), or, in a model
/// MicroTL adapted before, the tensor of that name its float head reads through DEQUANTIZE (no longer a graph output).
/// The head's input is then [cut features | head features], each part with its own quantization (<see cref="FeatureSegments"/>).
/// </summary>
/// <param name="Tensor">Index of the tensor in the main subgraph.</param>
/// <param name="Length">Its int8 values.</param>
/// <param name="Quantization">Its per-tensor quantization.</param>
/// <param name="Producer">Index of the operator that computes it (before the cut's last body operator).</param>
public sealed record HeadFeatures(int Tensor, int Length, FeatureQuantization Quantization, int Producer)
{
    /// <summary>The documented name of the graph output that carries a model's head features.</summary>
    public const string TensorName = "microtl_head_features";

    /// <summary>
    /// The model's head features for <paramref name="cut"/>, or null with <paramref name="reason"/>: no graph output (nor
    /// adapted head input) named <see cref="TensorName"/>, or it is not a per-tensor quantized int8 tensor computed inside the body.
    /// </summary>
    public static HeadFeatures? Find(TfLiteModel model, CutPoint cut, out string reason)
    {
        int tensor = Named(model);
        if (tensor < 0)
        {
            reason = $"the model has no graph output named '{TensorName}' (nor, adapted before, a head input of that name)";
            return null;
        }

        Subgraph graph = model.MainSubgraph;

        TensorInfo info = graph.Tensors[tensor];
        int producer = -1;
        for (int i = 0; i < graph.Operators.Count && producer < 0; i++)
            if (Array.IndexOf(graph.Operators[i].Outputs, tensor) >= 0) producer = i;
        if (info.Type != TensorType.Int8 || info.Quantization is not { IsPerChannel: false, Scale.Length: 1 } q)
            reason = $"output '{TensorName}' (tensor {tensor}) is {info.Type}; head features must be a per-tensor quantized int8 tensor";
        else if (producer < 0 || producer >= cut.BodyOperatorCount)
            reason = $"output '{TensorName}' (tensor {tensor}) is computed by op {producer}, not inside the body (ops 0..{cut.BodyOperatorCount - 1})";
        else if (tensor == cut.Tensor)
            reason = $"output '{TensorName}' (tensor {tensor}) is the cut tensor itself";
        else
        {
            reason = "";
            return new HeadFeatures(tensor, checked((int)info.ElementCount), new FeatureQuantization(q.Scale[0], (int)q.ZeroPoint[0]), producer);
        }

        return null;
    }

    // The graph output named TensorName, else the tensor of that name a DEQUANTIZE reads (an adapted model's head input), else -1.
    private static int Named(TfLiteModel model)
    {
        Subgraph graph = model.MainSubgraph;
        foreach (int output in graph.Outputs)
            if (graph.Tensors[output].Name == TensorName) return output;
        foreach (OperatorInfo op in graph.Operators)
            if (model.CodeOf(op) == BuiltinOperator.Dequantize && op.Inputs.Length > 0 && op.Inputs[0] >= 0
                && graph.Tensors[op.Inputs[0]].Name == TensorName)
                return op.Inputs[0];
        return -1;
    }
}
