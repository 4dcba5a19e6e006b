using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.TfLite;

namespace MicroTL.Export;

/// <summary>
/// Builds the adapted model the paper deploys: the frozen int8 body up to the cut, then
/// DEQUANTIZE -> FULLY_CONNECTED (float, ReLU) -> FULLY_CONNECTED (float) -> SOFTMAX (float). With head features (the
/// window statistics a motion base computes beside its body), each part is dequantized on its own and the two are joined
/// by CONCATENATION (float32) into the head's input, [cut | head features], as the session's feature vector.
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
        int headInput = headFeatures is null ? realFeatures : AddConcatenation(builder, realFeatures, cutShape, cutElements, headFeatures);

        int hidden = AddDense(builder, "microtl/dense_1", headInput, head.W1, head.B1, head.Hidden, head.Inputs, ActivationFunction.Relu);
        int logits = AddDense(builder, "microtl/dense_2", hidden, head.W2, head.B2, head.Classes, head.Hidden, ActivationFunction.None);
        int probabilities = builder.AddTensor(new TensorInfo("microtl/probabilities", TensorType.Float32, [1, head.Classes], 0));
        builder.AddOperator(BuiltinOperator.Softmax, [logits], [probabilities], new SoftmaxOptions(1f));

        int[] inputs = Array.ConvertAll(source.Inputs, builder.Map);
        return builder.Finish(inputs, [probabilities], "MicroTL adapted model: int8 body + float32 head");
    }

    /// <summary>
    /// The head's input [cut | head features] in float32: the head features dequantized with their own scale and zero point,
    /// the cut's float tensor flattened to [1, cut elements] when it has another shape (RESHAPE), then CONCATENATION on axis 1.
    /// </summary>
    private static int AddConcatenation(SubgraphBuilder builder, int realFeatures, int[] cutShape, int cutElements, HeadFeatures headFeatures)
    {
        int extra = builder.Map(headFeatures.Tensor);
        int realExtra = builder.AddTensor(new TensorInfo("microtl/head_features_float", TensorType.Float32, [1, headFeatures.Length], 0));
        builder.AddOperator(BuiltinOperator.Dequantize, [extra], [realExtra], new DequantizeOptions());
        int flatCut = realFeatures;
        if (cutShape is not [1, _])
        {
            flatCut = builder.AddTensor(new TensorInfo("microtl/features_float_flat", TensorType.Float32, [1, cutElements], 0));
            builder.AddOperator(BuiltinOperator.Reshape, [realFeatures], [flatCut], new ReshapeOptions([1, cutElements]));
        }

        int joined = builder.AddTensor(new TensorInfo("microtl/head_input", TensorType.Float32, [1, cutElements + headFeatures.Length], 0));
        builder.AddOperator(BuiltinOperator.Concatenation, [flatCut, realExtra], [joined], new ConcatenationOptions(1, ActivationFunction.None));
        return joined;
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
