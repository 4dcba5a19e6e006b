// A small int8 motion model built in memory, shaped like the toolkit's motion base: a 3-axis window in, the window
// statistics op (MICROTL_WINDOW_STATISTICS) beside a small body as the second graph output (microtl_head_features),
// then FC -> FC -> FC -> SOFTMAX. The default cut is the input of the last two FULLY_CONNECTED layers (8 features).
using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Tests.Features;

/// <summary>The test motion model and labelled windows for it.</summary>
internal static class MotionTestModel
{
    /// <summary>Samples per axis of the window.</summary>
    public const int Steps = 20;

    /// <summary>Scale of the int8 input (m/s² a step).</summary>
    public const float InputScale = 0.16f;

    /// <summary>Statistics the model computes (the cheap set).</summary>
    public const int Statistics = 30;

    /// <summary>Features at the default cut.</summary>
    public const int CutFeatures = 8;

    /// <summary>Classes of the model's own head.</summary>
    public const int Classes = 2;

    /// <summary>The model; with <paramref name="headFeatures"/> false, the same model without the statistics op and its output.</summary>
    public static TfLiteModel Build(bool headFeatures = true)
    {
        var random = new Random(7);
        var tensors = new List<TensorInfo>();
        var buffers = new List<ReadOnlyMemory<byte>> { ReadOnlyMemory<byte>.Empty };
        var operators = new List<OperatorInfo>();
        int Tensor(string name, TensorType type, int[] shape, QuantizationParams? q = null, byte[]? data = null)
        {
            int buffer = 0;
            if (data is not null)
            {
                buffers.Add(data);
                buffer = buffers.Count - 1;
            }

            tensors.Add(new TensorInfo(name, type, shape, buffer, q));
            return tensors.Count - 1;
        }

        QuantizationParams Q(float scale, long zeroPoint) => new([scale], [zeroPoint]);
        int input = Tensor("window", TensorType.Int8, [1, 1, Steps, 3], Q(InputScale, 0));
        int statistics = -1;
        if (headFeatures)
        {
            float[] constants = new float[2 * Statistics];
            for (int j = 0; j < Statistics; j++)
            {
                constants[j] = j % 6 == 0 ? 3f : 0.5f;
                constants[Statistics + j] = 1f + 0.1f * (j % 4);
            }

            int constantTensor = Tensor("statistics_constants", TensorType.Float32, [2, Statistics], data: MemoryMarshal.AsBytes(constants.AsSpan()).ToArray());
            statistics = Tensor(HeadFeatures.TensorName, TensorType.Int8, [1, Statistics], Q(1f / 16, 0));
            operators.Add(new OperatorInfo(4, [input, constantTensor], [statistics], null));
        }

        int shape = Tensor("shape", TensorType.Int32, [2], data: MemoryMarshal.AsBytes(new[] { 1, 3 * Steps }.AsSpan()).ToArray());
        int flat = Tensor("flat", TensorType.Int8, [1, 3 * Steps], Q(InputScale, 0));
        operators.Add(new OperatorInfo(1, [input, shape], [flat], new ReshapeOptions([1, 3 * Steps])));
        int features = Dense(flat, InputScale, 3 * Steps, CutFeatures, 0.1f, "features", ActivationFunction.Relu);
        int hidden = Dense(features, 0.1f, CutFeatures, 6, 0.08f, "hidden", ActivationFunction.Relu);
        int logits = Dense(hidden, 0.08f, 6, Classes, 0.05f, "logits", ActivationFunction.None);
        int probabilities = Tensor("probabilities", TensorType.Int8, [1, Classes], Q(1f / 256, -128));
        operators.Add(new OperatorInfo(2, [logits], [probabilities], new SoftmaxOptions(1f)));

        OperatorCode[] codes =
        [
            new(BuiltinOperator.FullyConnected, 4), new(BuiltinOperator.Reshape), new(BuiltinOperator.Softmax, 2), new(BuiltinOperator.Dequantize),
            new(WindowStatisticsOperator.BuiltinCode, 1, WindowStatisticsOperator.CustomCode),
        ];
        int[] outputs = headFeatures ? [probabilities, statistics] : [probabilities];
        return new TfLiteModel(3, codes, [new Subgraph([.. tensors], [.. operators], [input], outputs, "main")], [.. buffers], "motion test model");

        int Dense(int x, float inScale, int inputs, int outputs, float outScale, string name, ActivationFunction activation)
        {
            const float WeightScale = 0.02f;
            var w = new byte[outputs * inputs];
            for (int i = 0; i < w.Length; i++) w[i] = (byte)(sbyte)random.Next(-60, 61);
            var b = new int[outputs];
            for (int i = 0; i < b.Length; i++) b[i] = random.Next(-200, 201);
            int weights = Tensor(name + "/weights", TensorType.Int8, [outputs, inputs], Q(WeightScale, 0), w);
            int bias = Tensor(name + "/bias", TensorType.Int32, [outputs], Q(inScale * WeightScale, 0), MemoryMarshal.AsBytes(b.AsSpan()).ToArray());
            int y = Tensor(name, TensorType.Int8, [1, outputs], Q(outScale, activation == ActivationFunction.Relu ? -128 : 0));
            operators.Add(new OperatorInfo(0, [x, weights, bias], [y], new FullyConnectedOptions(activation)));
            return y;
        }
    }

    /// <summary>
    /// Labelled int8 windows of three classes: still (small noise, class 0), walking (a slow swing, class 1) and running
    /// (a fast, wide swing, class 2), each with gravity on a random axis mix; labels below <paramref name="classes"/> only.
    /// </summary>
    public static List<LabelledInput> Windows(int count, int seed, int classes = 3)
    {
        var random = new Random(seed);
        var samples = new List<LabelledInput>(count);
        for (int i = 0; i < count; i++)
        {
            int label = i % classes;
            double amplitude = label switch { 0 => 0.2, 1 => 3, _ => 8 }, period = label switch { 0 => 5, 1 => 10, _ => 4 };
            double phase = random.NextDouble() * 2 * Math.PI, tilt = random.NextDouble();
            var input = new byte[3 * Steps];
            for (int t = 0; t < Steps; t++)
            for (int a = 0; a < 3; a++)
            {
                double gravity = a == 2 ? 9.8 * (1 - tilt) : a == 0 ? 9.8 * tilt : 0;
                double value = gravity + amplitude * Math.Sin(2 * Math.PI * t / period + phase + a) + (random.NextDouble() - 0.5) * 0.4;
                input[3 * t + a] = (byte)(sbyte)Math.Clamp((int)Math.Round(value / InputScale), -128, 127);
            }

            samples.Add(new LabelledInput(input, label));
        }

        return samples;
    }
}
