using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.TfLite;

namespace MicroTL.Export;

/// <summary>
/// Builds the adapted model the paper deploys: the frozen int8 body up to the cut, then
/// DEQUANTIZE -> FULLY_CONNECTED (float, ReLU) -> FULLY_CONNECTED (float) -> SOFTMAX (float).
/// The result is an ordinary TFLite model that our interpreter (and TFLite) runs; its output is the
/// float32 class probabilities.
/// </summary>
public static class HybridModelExporter
{
    /// <summary>
    /// The body of <paramref name="model"/> up to <paramref name="cut"/> (the operators the cut and the head features need)
    /// followed by the float head; with <paramref name="headFeatures"/>, the head takes [cut | head features].
    /// </summary>
    public static TfLiteModel Build(TfLiteModel model, CutPoint cut, HeadWeights head, HeadFeatures? headFeatures = null)
    {
        head.Validate();
        var builder = new SubgraphBuilder(model);
        Subgraph source = model.MainSubgraph;
        foreach (int i in BodyOperators.Needed(model, cut, headFeatures)) builder.CopyOperator(source.Operators[i]);

        int features = builder.Map(cut.Tensor);
        int cutElements = cut.FeatureLength(model), extraElements = headFeatures?.Length ?? 0;
        if (cutElements + extraElements != head.Inputs)
            throw new ArgumentException($"head takes {head.Inputs} inputs, the cut tensor has {cutElements} elements" +
                (headFeatures is null ? "" : $" and the head features {extraElements}"));

        // DEQUANTIZE keeps the shape; the FULLY_CONNECTED after it flattens to [1, Inputs].
        int[] cutShape = model.MainSubgraph.Tensors[cut.Tensor].Shape;
        int realFeatures = builder.AddTensor(new TensorInfo("microtl/features_float", TensorType.Float32, [.. cutShape], 0));
        builder.AddOperator(BuiltinOperator.Dequantize, [features], [realFeatures], new DequantizeOptions());

        int hidden = headFeatures is null
            ? AddDense(builder, "microtl/dense_1", realFeatures, head.W1, head.B1, head.Hidden, head.Inputs, ActivationFunction.Relu)
            : AddSplitDense(builder, realFeatures, headFeatures, head, cutElements);
        int logits = AddDense(builder, "microtl/dense_2", hidden, head.W2, head.B2, head.Classes, head.Hidden, ActivationFunction.None);
        int probabilities = builder.AddTensor(new TensorInfo("microtl/probabilities", TensorType.Float32, [1, head.Classes], 0));
        builder.AddOperator(BuiltinOperator.Softmax, [logits], [probabilities], new SoftmaxOptions(1f));

        int[] inputs = Array.ConvertAll(source.Inputs, builder.Map);
        return builder.Finish(inputs, [probabilities], "MicroTL adapted model: int8 body + float32 head");
    }

    /// <summary>
    /// The first layer over [cut | head features]: the head features dequantized, each part's columns of W1 its own
    /// FULLY_CONNECTED, their sum (ADD, ReLU) the hidden layer.
    /// </summary>
    private static int AddSplitDense(SubgraphBuilder builder, int realFeatures, HeadFeatures headFeatures, HeadWeights head, int cutElements)
    {
        int extra = builder.Map(headFeatures.Tensor);
        int realExtra = builder.AddTensor(new TensorInfo("microtl/head_features_float", TensorType.Float32, [1, headFeatures.Length], 0));
        builder.AddOperator(BuiltinOperator.Dequantize, [extra], [realExtra], new DequantizeOptions());
        var w1Cut = new float[head.Hidden * cutElements];
        var w1Extra = new float[head.Hidden * headFeatures.Length];
        for (int h = 0; h < head.Hidden; h++)
        {
            head.W1.AsSpan(h * head.Inputs, cutElements).CopyTo(w1Cut.AsSpan(h * cutElements));
            head.W1.AsSpan(h * head.Inputs + cutElements, headFeatures.Length).CopyTo(w1Extra.AsSpan(h * headFeatures.Length));
        }

        int fromCut = AddDense(builder, "microtl/dense_1_cut", realFeatures, w1Cut, new float[head.Hidden], head.Hidden, cutElements, ActivationFunction.None);
        int fromExtra = AddDense(builder, "microtl/dense_1_head_features", realExtra, w1Extra, head.B1, head.Hidden, headFeatures.Length, ActivationFunction.None);
        int hidden = builder.AddTensor(new TensorInfo("microtl/dense_1", TensorType.Float32, [1, head.Hidden], 0));
        builder.AddOperator(BuiltinOperator.Add, [fromCut, fromExtra], [hidden], new AddOptions(ActivationFunction.Relu));
        return hidden;
    }

    private static int AddDense(SubgraphBuilder builder, string name, int input, float[] weights, float[] bias, int outputs, int inputs, ActivationFunction activation)
    {
        int w = builder.AddConstant(new TensorInfo(name + "/weights", TensorType.Float32, [outputs, inputs], 0), MemoryMarshal.AsBytes(weights.AsSpan()).ToArray());
        int b = builder.AddConstant(new TensorInfo(name + "/bias", TensorType.Float32, [outputs], 0), MemoryMarshal.AsBytes(bias.AsSpan()).ToArray());
        int output = builder.AddTensor(new TensorInfo(name, TensorType.Float32, [1, outputs], 0));
        builder.AddOperator(BuiltinOperator.FullyConnected, [input, w, b], [output], new FullyConnectedOptions(activation));
        return output;
    }
}
