using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Export;

/// <summary>
/// Builds a fully int8 adapted model: the frozen body, then the trained head requantized
/// following the TFLite int8 spec from calibration data (the stored features):
/// FULLY_CONNECTED (int8, ReLU) -> FULLY_CONNECTED (int8) -> SOFTMAX (int8, scale 1/256, zero point -128).
/// Weights are symmetric per-tensor int8, biases int32 with scale <c>s_input * s_weights</c>,
/// activations asymmetric int8 over the range seen on the calibration data (always including 0), and never a finer
/// step than the accumulator's <c>s_input * s_weights</c> (a layer constant on the data, e.g. every ReLU dead, has no
/// range; a finer step would carry no information and would fail TFLite's bias-scale check).
/// Smaller and all-integer, at the price of rounding: its predictions can differ from the float head's.
/// </summary>
public static class Int8HeadExporter
{
    /// <summary>The int8 model, calibrated on <paramref name="calibration"/>.</summary>
    public static TfLiteModel Build(TfLiteModel model, CutPoint cut, HeadWeights head, ITrainingData calibration)
    {
        head.Validate();
        if (calibration.Count == 0) throw new ArgumentException("int8 export needs calibration data; the store is empty");
        if (head.Inputs != cut.FeatureLength(model))
            throw new ArgumentException($"the int8 head export takes the cut's {cut.FeatureLength(model)} features only; this head takes {head.Inputs} " +
                $"(head features beside them need the float head export)");
        TensorInfo cutTensor = model.MainSubgraph.Tensors[cut.Tensor];
        float inputScale = cutTensor.Quantization!.Scale[0];
        (float hiddenMax, float logitMin, float logitMax) = ActivationRanges(head, calibration);

        var builder = new SubgraphBuilder(model);
        foreach (int i in BodyOperators.Needed(model, cut, headFeatures: null)) builder.CopyOperator(model.MainSubgraph.Operators[i]);
        int features = builder.Map(cut.Tensor);

        (int hidden, float hiddenScale) = AddDense(builder, "microtl/dense_1", features, inputScale, head.W1, head.B1, head.Hidden, head.Inputs,
            0f, hiddenMax, ActivationFunction.Relu);
        (int logits, _) = AddDense(builder, "microtl/dense_2", hidden, hiddenScale, head.W2, head.B2, head.Classes, head.Hidden,
            logitMin, logitMax, ActivationFunction.None);
        int probabilities = builder.AddTensor(new TensorInfo("microtl/probabilities", TensorType.Int8, [1, head.Classes], 0,
            new QuantizationParams([1f / 256], [-128])));
        builder.AddOperator(BuiltinOperator.Softmax, [logits], [probabilities], new SoftmaxOptions(1f));

        int[] inputs = Array.ConvertAll(model.MainSubgraph.Inputs, builder.Map);
        return builder.Finish(inputs, [probabilities], "MicroTL adapted model: int8 body + requantized int8 head");
    }

    /// <summary>One int8 FULLY_CONNECTED whose output covers [outputMin, outputMax]; returns its output tensor and scale.</summary>
    private static (int Output, float OutputScale) AddDense(SubgraphBuilder builder, string name, int input, float inputScale, float[] weights, float[] bias,
        int outputs, int inputs, float outputMin, float outputMax, ActivationFunction activation)
    {
        float maxAbs = 0f;
        foreach (float value in weights) maxAbs = Math.Max(maxAbs, Math.Abs(value));
        float weightScale = maxAbs > 0 ? maxAbs / 127f : 1f;
        var q = new byte[weights.Length];
        for (int i = 0; i < weights.Length; i++) q[i] = (byte)(sbyte)Math.Clamp(MathF.Round(weights[i] / weightScale), -127, 127);
        float biasScale = inputScale * weightScale;
        (float outputScale, long outputZero) = Asymmetric(outputMin, outputMax, minScale: biasScale);
        var qBias = new int[bias.Length];
        for (int i = 0; i < bias.Length; i++) qBias[i] = (int)Math.Clamp(Math.Round(bias[i] / (double)biasScale), int.MinValue, int.MaxValue);

        int w = builder.AddConstant(new TensorInfo(name + "/weights", TensorType.Int8, [outputs, inputs], 0,
            new QuantizationParams([weightScale], [0])), q);
        int b = builder.AddConstant(new TensorInfo(name + "/bias", TensorType.Int32, [outputs], 0,
            new QuantizationParams([biasScale], [0])), MemoryMarshal.AsBytes(qBias.AsSpan()).ToArray());
        int output = builder.AddTensor(new TensorInfo(name, TensorType.Int8, [1, outputs], 0,
            new QuantizationParams([outputScale], [outputZero])));
        builder.AddOperator(BuiltinOperator.FullyConnected, [input, w, b], [output], new FullyConnectedOptions(activation));
        return (output, outputScale);
    }

    /// <summary>
    /// int8 scale and zero point covering [min, max] (widened to include 0), as TFLite's converter does, with a scale of at
    /// least <paramref name="minScale"/> (a range narrower than 255 such steps is widened upwards).
    /// </summary>
    internal static (float Scale, long ZeroPoint) Asymmetric(float min, float max, float minScale)
    {
        min = Math.Min(min, 0f);
        max = Math.Max(max, 0f);
        if (!((max - min) / 255f >= minScale)) max = min + 255f * minScale;
        float scale = (max - min) / 255f;
        long zeroPoint = Math.Clamp((long)Math.Round(-128 - min / scale), -128, 127);
        return (scale, zeroPoint);
    }

    /// <summary>The largest hidden activation and the range of the logits over the calibration data.</summary>
    private static (float HiddenMax, float LogitMin, float LogitMax) ActivationRanges(HeadWeights head, ITrainingData data)
    {
        var x = new float[head.Inputs];
        var h = new float[head.Hidden];
        float hiddenMax = 0f, logitMin = float.MaxValue, logitMax = float.MinValue;
        for (int n = 0; n < data.Count; n++)
        {
            data.Dequantize(n, x);
            for (int o = 0; o < head.Hidden; o++)
            {
                float sum = 0f;
                for (int i = 0; i < head.Inputs; i++) sum += x[i] * head.W1[o * head.Inputs + i];
                h[o] = Math.Max(0f, sum + head.B1[o]);
                hiddenMax = Math.Max(hiddenMax, h[o]);
            }

            for (int c = 0; c < head.Classes; c++)
            {
                float sum = 0f;
                for (int i = 0; i < head.Hidden; i++) sum += h[i] * head.W2[c * head.Hidden + i];
                sum += head.B2[c];
                logitMin = Math.Min(logitMin, sum);
                logitMax = Math.Max(logitMax, sum);
            }
        }

        return (hiddenMax, logitMin, logitMax);
    }
}
