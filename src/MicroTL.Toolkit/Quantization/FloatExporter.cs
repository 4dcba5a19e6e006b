// The float32 TFLite model of a FloatNetwork: same ops as the int8 export (CONV_2D / FC with fused
// ReLU, pools, RESHAPE for flatten, final SOFTMAX), float32 tensors and the parameters copied as they
// are (layouts already match TFLite's: filters OHWI, FC weights [O, I]).
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Quantization;

/// <summary>Exports a <see cref="FloatNetwork"/> as a float32 TFLite model (input: raw float values, output: probabilities).</summary>
public static class FloatExporter
{
    /// <summary>The float32 model of <paramref name="network"/>.</summary>
    /// <exception cref="NotSupportedException">A ReLU not after conv/dense.</exception>
    public static TfLiteModel Export(FloatNetwork network, string description = "MicroTL base network, float32")
    {
        var graph = new ModelGraph();
        FeatureShape shape = network.InputShape;
        int input = graph.AddTensor("input", TensorType.Float32, [1, shape.Height, shape.Width, shape.Channels]);
        int current = input, index = 0;
        foreach (ExportStep step in ExportPlan.Of(network))
        {
            string name = $"layer{index++}";
            Layer layer = step.Layer;
            FeatureShape o = layer.OutputShape;
            ReadOnlySpan<float> parameters = network.ParametersOf(layer);
            ActivationFunction activation = step.Relu ? ActivationFunction.Relu : ActivationFunction.None;
            switch (layer)
            {
                case Conv2DLayer conv:
                {
                    int output = graph.AddTensor(name + "/conv", TensorType.Float32, [1, o.Height, o.Width, o.Channels]);
                    int filter = graph.AddConstant(name + "/weights", [conv.Filters, conv.KernelHeight, conv.KernelWidth, conv.InputShape.Channels],
                        parameters[..conv.WeightCount]);
                    int bias = graph.AddConstant(name + "/bias", [conv.Filters], parameters[conv.WeightCount..]);
                    graph.AddOperator(BuiltinOperator.Conv2D, 1, [current, filter, bias], [output],
                        new Conv2DOptions(conv.Padding, conv.StrideWidth, conv.StrideHeight, activation));
                    current = output;
                    break;
                }

                case DenseLayer dense:
                {
                    int output = graph.AddTensor(name + "/dense", TensorType.Float32, [1, dense.Units]);
                    int weights = graph.AddConstant(name + "/weights", [dense.Units, dense.Inputs], parameters[..dense.WeightCount]);
                    int bias = graph.AddConstant(name + "/bias", [dense.Units], parameters[dense.WeightCount..]);
                    graph.AddOperator(BuiltinOperator.FullyConnected, 1, [current, weights, bias], [output], new FullyConnectedOptions(activation));
                    current = output;
                    break;
                }

                default:
                    current = AddShapeOp(graph, name, layer, current, TensorType.Float32, null);
                    break;
            }
        }

        int probabilities = graph.AddTensor("probabilities", TensorType.Float32, [1, network.Classes]);
        graph.AddOperator(BuiltinOperator.Softmax, 1, [current], [probabilities], new SoftmaxOptions(1f));
        return graph.Finish(input, probabilities, description);
    }

    /// <summary>Pools and flatten: ops whose output keeps the input's type and quantization.</summary>
    internal static int AddShapeOp(ModelGraph graph, string name, Layer layer, int input, TensorType type, QuantizationParams? quantization)
    {
        FeatureShape o = layer.OutputShape;
        int version = type == TensorType.Int8 ? 2 : 1;
        switch (layer)
        {
            case MaxPool2DLayer pool:
            {
                int output = graph.AddTensor(name + "/max_pool", type, [1, o.Height, o.Width, o.Channels], quantization);
                graph.AddOperator(BuiltinOperator.MaxPool2D, version, [input], [output],
                    new Pool2DOptions(pool.Padding, pool.StrideWidth, pool.StrideHeight, pool.PoolWidth, pool.PoolHeight, ActivationFunction.None));
                return output;
            }

            case AveragePool2DLayer pool:
            {
                int output = graph.AddTensor(name + "/average_pool", type, [1, o.Height, o.Width, o.Channels], quantization);
                graph.AddOperator(BuiltinOperator.AveragePool2D, version, [input], [output],
                    new Pool2DOptions(pool.Padding, pool.StrideWidth, pool.StrideHeight, pool.PoolWidth, pool.PoolHeight, ActivationFunction.None));
                return output;
            }

            case FlattenLayer:
            {
                int[] shape = [1, o.Size];
                int output = graph.AddTensor(name + "/flatten", type, shape, quantization);
                int shapeTensor = graph.AddConstant(name + "/shape", [2], shape);
                graph.AddOperator(BuiltinOperator.Reshape, 1, [input, shapeTensor], [output], new ReshapeOptions(shape));
                return output;
            }

            default:
                throw new NotSupportedException($"{layer.GetType().Name} has no TFLite export");
        }
    }
}
