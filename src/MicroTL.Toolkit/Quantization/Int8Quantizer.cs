// Post-training int8 quantization following the TFLite int8 spec:
//   input     int8 [1, H, W, C], asymmetric over the calibrated input range (callers quantize raw
//             values with QuantizedModel.QuantizeInput; no QUANTIZE op on the device);
//   CONV_2D   int8 filter OHWI, symmetric per output channel (axis 0, zero point 0); int32 bias with
//             scale input_scale·filter_scale[o]; ReLU fused as the activation;
//   FC        int8 weights [O, I] symmetric per tensor (or per row); int32 bias likewise;
//   pools     output quantization equal to the input's (max/average do not change the range);
//   FLATTEN   RESHAPE to [1, H·W·C], same quantization;
//   outputs   asymmetric int8 over the calibrated range widened to include 0 (a fused ReLU's range
//             starts at 0, so its zero point is -128);
//   SOFTMAX   int8 output with scale 1/256 and zero point -128.
using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Quantization;

/// <summary>Options of <see cref="Int8Quantizer.Quantize(FloatNetwork, Calibration, Int8QuantizationOptions?)"/>.</summary>
public sealed record Int8QuantizationOptions
{
    /// <summary>Per-row (per output) weight scales for FULLY_CONNECTED instead of one per tensor (TFLite's converter default is per tensor).</summary>
    public bool PerChannelDense { get; init; }

    /// <summary>
    /// Window statistics the model computes from its 3-axis input beside the network (op 0, <c>MICROTL_WINDOW_STATISTICS</c>),
    /// standardised with these constants and quantized at <see cref="StatisticsScaling.Int8Scale"/> per sd, as a second graph output
    /// named <see cref="HeadFeatures.TensorName"/>; a device's head can take them beside the cut features. Null: none. The network's
    /// own output does not use them.
    /// </summary>
    public StatisticsScaling? HeadStatistics { get; init; }

    /// <summary>Model description written into the file.</summary>
    public string Description { get; init; } = "MicroTL base network, int8 post-training quantized";
}

/// <summary>Turns a trained <see cref="FloatNetwork"/> into a fully int8 TFLite model.</summary>
public static class Int8Quantizer
{
    /// <summary>Calibrates on up to 2000 of <paramref name="calibrationSamples"/>, then quantizes.</summary>
    public static QuantizedModel Quantize(FloatNetwork network, SampleSet calibrationSamples, Int8QuantizationOptions? options = null) =>
        Quantize(network, Calibration.Run(network, calibrationSamples), options);

    /// <summary>The int8 model of <paramref name="network"/> with activation ranges from <paramref name="calibration"/>.</summary>
    /// <exception cref="NotSupportedException">The network has a layer arrangement with no int8 op (a ReLU not after conv/dense).</exception>
    public static QuantizedModel Quantize(FloatNetwork network, Calibration calibration, Int8QuantizationOptions? options = null)
    {
        options ??= new Int8QuantizationOptions();
        if (calibration.LayerOutputs.Count != network.Layers.Count)
            throw new ArgumentException($"calibration has {calibration.LayerOutputs.Count} layer ranges; the network has {network.Layers.Count} layers");
        var graph = new ModelGraph();
        FeatureShape shape = network.InputShape;
        (float inScale, int inZero) = calibration.Input.Int8Parameters();
        int input = graph.AddTensor("input", TensorType.Int8, [1, shape.Height, shape.Width, shape.Channels], PerTensor(inScale, inZero));
        int? statistics = options.HeadStatistics is { } scaling ? AddStatistics(graph, input, scaling, shape) : null;
        int current = input;
        int index = 0;
        foreach (ExportStep step in ExportPlan.Of(network))
        {
            string name = $"layer{index++}";
            Layer layer = step.Layer;
            FeatureShape o = layer.OutputShape;
            QuantizationParams inQ = graph.Tensor(current).Quantization!;
            ReadOnlySpan<float> parameters = network.ParametersOf(layer);
            ActivationFunction activation = step.Relu ? ActivationFunction.Relu : ActivationFunction.None;
            switch (layer)
            {
                case Conv2DLayer conv:
                {
                    int output = graph.AddTensor(name + "/conv", TensorType.Int8, [1, o.Height, o.Width, o.Channels], OutputQuantization(calibration, step));
                    (int filter, int bias) = AddWeights(graph, name, inQ.Scale[0], parameters, conv.WeightCount, conv.Filters,
                        [conv.Filters, conv.KernelHeight, conv.KernelWidth, conv.InputShape.Channels], perChannel: true);
                    graph.AddOperator(BuiltinOperator.Conv2D, 3, [current, filter, bias], [output],
                        new Conv2DOptions(conv.Padding, conv.StrideWidth, conv.StrideHeight, activation));
                    current = output;
                    break;
                }

                case DenseLayer dense:
                {
                    int output = graph.AddTensor(name + "/dense", TensorType.Int8, [1, dense.Units], OutputQuantization(calibration, step));
                    (int weights, int bias) = AddWeights(graph, name, inQ.Scale[0], parameters, dense.WeightCount, dense.Units,
                        [dense.Units, dense.Inputs], options.PerChannelDense);
                    graph.AddOperator(BuiltinOperator.FullyConnected, 4, [current, weights, bias], [output], new FullyConnectedOptions(activation));
                    current = output;
                    break;
                }

                default:
                    current = FloatExporter.AddShapeOp(graph, name, layer, current, TensorType.Int8, inQ);
                    break;
            }
        }

        int probabilities = graph.AddTensor("probabilities", TensorType.Int8, [1, network.Classes], PerTensor(1f / 256, -128));
        graph.AddOperator(BuiltinOperator.Softmax, 2, [current], [probabilities], new SoftmaxOptions(1f));
        int[] outputs = statistics is { } s ? [probabilities, s] : [probabilities];
        return new QuantizedModel(graph.Finish(input, outputs, options.Description), network.InputShape, network.Classes, calibration);
    }

    /// <summary>The window statistics op on the input: op 0, its output the graph's second output.</summary>
    /// <exception cref="ArgumentException">The input is not a 3-axis window, or the scaling has neither 30 nor 46 statistics.</exception>
    private static int AddStatistics(ModelGraph graph, int input, StatisticsScaling scaling, FeatureShape shape)
    {
        int n = scaling.Mean.Length;
        if (shape.Channels != 3 || shape.Height != 1)
            throw new ArgumentException($"window statistics need a 3-axis window input [1, 1, T, 3]; the network takes {shape}");
        if (n != WindowStatistics.CheapCount && n != WindowStatistics.ExtendedCount || scaling.Sd.Length != n)
            throw new ArgumentException($"window statistics come in sets of {WindowStatistics.CheapCount} or {WindowStatistics.ExtendedCount}; the scaling has {n} means and {scaling.Sd.Length} sds");
        int constants = graph.AddConstant("microtl/statistics_constants", [2, n], [.. scaling.Mean, .. scaling.Sd]);
        int output = graph.AddTensor(HeadFeatures.TensorName, TensorType.Int8, [1, n], PerTensor(StatisticsScaling.Int8Scale, 0));
        graph.AddCustomOperator(WindowStatisticsOperator.CustomCode, [input, constants], [output]);
        return output;
    }

    private static QuantizationParams OutputQuantization(Calibration calibration, ExportStep step)
    {
        ActivationRange range = calibration.LayerOutputs[step.OutputLayer];
        if (step.Relu) range = range with { Min = 0f };
        (float scale, int zero) = range.Int8Parameters();
        return PerTensor(scale, zero);
    }

    /// <summary>Symmetric int8 weights (per row of <paramref name="rows"/> or per tensor) and int32 bias with scale input·weight.</summary>
    private static (int Weights, int Bias) AddWeights(ModelGraph graph, string name, float inputScale, ReadOnlySpan<float> parameters,
        int weightCount, int rows, int[] shape, bool perChannel)
    {
        ReadOnlySpan<float> weights = parameters[..weightCount];
        ReadOnlySpan<float> bias = parameters[weightCount..];
        int rowLength = weightCount / rows;
        int scaleCount = perChannel ? rows : 1;
        var scales = new float[scaleCount];
        for (int s = 0; s < scaleCount; s++)
        {
            float maxAbs = 0f;
            ReadOnlySpan<float> part = perChannel ? weights.Slice(s * rowLength, rowLength) : weights;
            foreach (float w in part) maxAbs = Math.Max(maxAbs, Math.Abs(w));
            scales[s] = maxAbs > 0f ? maxAbs / 127f : 1f;
        }

        var q = new byte[weightCount];
        for (int i = 0; i < weightCount; i++)
        {
            float scale = scales[perChannel ? i / rowLength : 0];
            q[i] = (byte)(sbyte)Math.Clamp(MathF.Round(weights[i] / scale, MidpointRounding.AwayFromZero), -127f, 127f);
        }

        var biasScales = new float[scaleCount];
        for (int s = 0; s < scaleCount; s++) biasScales[s] = inputScale * scales[s];
        var qBias = new int[rows];
        for (int r = 0; r < rows; r++)
            qBias[r] = (int)Math.Clamp(Math.Round(bias[r] / (double)biasScales[perChannel ? r : 0], MidpointRounding.AwayFromZero),
                int.MinValue, int.MaxValue);

        long[] zeros = new long[scaleCount];
        int w8 = graph.AddConstant(name + "/weights", TensorType.Int8, shape, q, new QuantizationParams(scales, zeros, 0));
        int b32 = graph.AddConstant(name + "/bias", [rows], qBias, new QuantizationParams(biasScales, (long[])zeros.Clone(), 0));
        return (w8, b32);
    }

    internal static QuantizationParams PerTensor(float scale, int zeroPoint) => new([scale], [zeroPoint]);
}
