// The float network of a base model file, for the float fine-tuning baseline: a float32 model (from
// `pretrain --float`) is read as it is; an int8 model's weights are dequantized (w = scale·(q − zp),
// b = scale·q). The dequantized twin computes in float, so its features differ from the device's int8
// features by the activation quantization, the part of int8 storage the baseline is meant to isolate;
// weight rounding stays in both.
using MicroTL.Features;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Rebuilds a <see cref="FloatNetwork"/> from a .tflite model of the base-network form.</summary>
public static class FloatTwin
{
    /// <summary>
    /// The float network of <paramref name="model"/>: CONV_2D, MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE (flatten) and FULLY_CONNECTED
    /// in a chain, ending in SOFTMAX, with int8 or float32 weights.
    /// </summary>
    /// <exception cref="InvalidModelException">Another operator, or weights that cannot be read as float.</exception>
    public static FloatNetwork FromModel(TfLiteModel model)
    {
        Subgraph graph = model.MainSubgraph;
        int[] inputShape = graph.Tensors[graph.Inputs[0]].Shape;
        if (inputShape.Length != 4) throw new InvalidModelException($"the model's input has {inputShape.Length} dimensions; a base network takes [1, H, W, C]");
        var builder = new NetworkBuilder(new FeatureShape(inputShape[1], inputShape[2], inputShape[3]));
        var weights = new List<(float[] W, float[] B)>();
        for (int index = 0; index < graph.Operators.Count; index++)
        {
            OperatorInfo op = graph.Operators[index];
            BuiltinOperator code = model.CodeOf(op);
            // The window statistics feed the device's head beside the network, not the network: the twin has no use for them.
            if (model.OperatorCodes[op.OpcodeIndex].CustomCode == WindowStatisticsOperator.CustomCode) continue;
            switch (code, op.Options)
            {
                case (BuiltinOperator.Conv2D, Conv2DOptions o):
                {
                    int[] filter = graph.Tensors[op.Inputs[1]].Shape;
                    builder.Conv2D(filter[0], filter[1], filter[2], o.StrideH, o.StrideW, o.Padding, Relu(o.Activation, index));
                    weights.Add(Weights(model, op, filter[1] * filter[2] * filter[3], index));
                    break;
                }

                case (BuiltinOperator.FullyConnected, FullyConnectedOptions o):
                {
                    int[] shape = graph.Tensors[op.Inputs[1]].Shape;
                    builder.Dense(shape[0], Relu(o.Activation, index));
                    weights.Add(Weights(model, op, shape[1], index));
                    break;
                }

                case (BuiltinOperator.MaxPool2D, Pool2DOptions o):
                    builder.MaxPool2D(o.FilterHeight, o.FilterWidth, o.StrideH, o.StrideW, o.Padding);
                    break;
                case (BuiltinOperator.AveragePool2D, Pool2DOptions o):
                    builder.AveragePool2D(o.FilterHeight, o.FilterWidth, o.StrideH, o.StrideW, o.Padding);
                    break;
                case (BuiltinOperator.Reshape, _):
                    builder.Flatten();
                    break;
                case (BuiltinOperator.Softmax, _) when index == graph.Operators.Count - 1:
                    break;
                default:
                    throw new InvalidModelException($"operator {index} ({code}) has no float twin; the float baseline reads models of the base-network form (conv, pool, flatten, fully connected, softmax)");
            }
        }

        FloatNetwork network = builder.Build(seed: 1);
        int next = 0;
        foreach (Layer layer in network.Layers)
        {
            if (layer.ParameterCount == 0) continue;
            (float[] w, float[] b) = weights[next++];
            Span<float> parameters = network.ParametersOf(layer);
            if (w.Length + b.Length != parameters.Length)
                throw new InvalidModelException($"layer {layer.GetType().Name} needs {parameters.Length} parameters, the model has {w.Length + b.Length}");
            w.CopyTo(parameters);
            b.CopyTo(parameters[w.Length..]);
        }

        return network;
    }

    private static bool Relu(ActivationFunction activation, int index) => activation switch
    {
        ActivationFunction.None => false,
        ActivationFunction.Relu => true,
        _ => throw new InvalidModelException($"operator {index} has activation {activation}; the float twin supports none and ReLU"),
    };

    private static (float[] W, float[] B) Weights(TfLiteModel model, OperatorInfo op, int rowLength, int index)
    {
        IReadOnlyList<TensorInfo> tensors = model.MainSubgraph.Tensors;
        TensorInfo w = tensors[op.Inputs[1]];
        float[] weights = ModelHead.Dequantize(w, model.DataOf(w).Span, rowLength)
            ?? throw new InvalidModelException($"operator {index}: weights '{w.Name}' are not int8 or float32 constants");
        int rows = w.Shape[0];
        if (op.Inputs.Length < 3 || op.Inputs[2] < 0) return (weights, new float[rows]);
        TensorInfo b = tensors[op.Inputs[2]];
        float[] bias = ModelHead.Dequantize(b, model.DataOf(b).Span, 1)
            ?? throw new InvalidModelException($"operator {index}: bias '{b.Name}' is not an int32 or float32 constant");
        return (weights, bias);
    }
}
