// A model built to reach what the TFLM fixtures do not: AVERAGE_POOL_2D (RELU6), a grouped CONV_2D without
// bias (the C#'s reference path, no fast path; RELU_N1_TO_1), DEPTHWISE_CONV_2D with dilation 2 and depth
// multiplier 2, a broadcasting ADD of a constant, QUANTIZE int8 -> int8, RESHAPE without a shape input,
// FULLY_CONNECTED with per-channel weights and no bias, DEQUANTIZE, float FULLY_CONNECTED (RELU) and float
// SOFTMAX. Weights are seeded random; every operator passes the C# engine's Prepare.
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Support;

internal static class CoverageModel
{
    public const string FileName = "coverage_model.tflite";

    public static TfLiteModel Build()
    {
        var rng = new Random(2026);
        var g = new GraphBuilder();
        int input = g.Tensor("input", TensorType.Int8, [1, 6, 6, 4], Q(0.05f, -10));
        int pooled = g.Tensor("avg_pool relu6", TensorType.Int8, [1, 6, 6, 4], Q(0.05f, -10));
        g.Op(BuiltinOperator.AveragePool2D, [input], [pooled], new Pool2DOptions(Padding.Same, 1, 1, 2, 2, ActivationFunction.Relu6));

        int convFilter = g.Constant("grouped filter", TensorType.Int8, [4, 3, 3, 2], Int8(rng, 72), PerChannel(0, 0.02f, 0.03f, 0.025f, 0.015f));
        int conv = g.Tensor("grouped conv", TensorType.Int8, [1, 4, 4, 4], Q(0.02f, 3));
        g.Op(BuiltinOperator.Conv2D, [pooled, convFilter, -1], [conv], new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.ReluN1To1));

        int dwFilter = g.Constant("dilated depthwise filter", TensorType.Int8, [1, 3, 3, 8], Int8(rng, 72),
            PerChannel(3, 0.01f, 0.02f, 0.03f, 0.04f, 0.015f, 0.025f, 0.035f, 0.045f));
        int dwBias = g.Constant("depthwise bias", TensorType.Int32, [8], Ints(rng, 8, 2000), PerChannel(0, 1e-4f, 2e-4f, 3e-4f, 4e-4f, 1e-4f, 2e-4f, 3e-4f, 4e-4f));
        int dw = g.Tensor("depthwise", TensorType.Int8, [1, 4, 4, 8], Q(0.03f, -5));
        g.Op(BuiltinOperator.DepthwiseConv2D, [conv, dwFilter, dwBias], [dw], new DepthwiseConv2DOptions(Padding.Same, 1, 1, 2, ActivationFunction.None, 2, 2));

        int addend = g.Constant("broadcast addend", TensorType.Int8, [1, 1, 1, 8], Int8(rng, 8), Q(0.04f, 1));
        int sum = g.Tensor("broadcast add", TensorType.Int8, [1, 4, 4, 8], Q(0.06f, 0));
        g.Op(BuiltinOperator.Add, [dw, addend], [sum], new AddOptions(ActivationFunction.None));

        int requantized = g.Tensor("requantized", TensorType.Int8, [1, 4, 4, 8], Q(0.045f, 7));
        g.Op(BuiltinOperator.Quantize, [sum], [requantized], new QuantizeOptions());

        int flat = g.Tensor("flat", TensorType.Int8, [1, 128], Q(0.045f, 7));
        g.Op(BuiltinOperator.Reshape, [requantized], [flat], new ReshapeOptions([]));

        int fcWeights = g.Constant("per-channel weights", TensorType.Int8, [5, 128], Int8(rng, 640), PerChannel(0, 0.01f, 0.012f, 0.008f, 0.011f, 0.009f));
        int logits8 = g.Tensor("logits int8", TensorType.Int8, [1, 5], Q(0.1f, -2));
        g.Op(BuiltinOperator.FullyConnected, [flat, fcWeights, -1], [logits8], new FullyConnectedOptions(ActivationFunction.None));

        int logits = g.Tensor("logits", TensorType.Float32, [1, 5], null);
        g.Op(BuiltinOperator.Dequantize, [logits8], [logits], new DequantizeOptions());

        int headWeights = g.Constant("float head weights", TensorType.Float32, [3, 5], Floats(rng, 15), null);
        int headBias = g.Constant("float head bias", TensorType.Float32, [3], Floats(rng, 3), null);
        int head = g.Tensor("float head", TensorType.Float32, [1, 3], null);
        g.Op(BuiltinOperator.FullyConnected, [logits, headWeights, headBias], [head], new FullyConnectedOptions(ActivationFunction.Relu));

        int probabilities = g.Tensor("probabilities", TensorType.Float32, [1, 3], null);
        g.Op(BuiltinOperator.Softmax, [head], [probabilities], new SoftmaxOptions(1.5f));
        return g.Build([input], [probabilities]);
    }

    private static QuantizationParams Q(float scale, long zeroPoint) => new([scale], [zeroPoint]);

    private static QuantizationParams PerChannel(int axis, params float[] scales) => new(scales, new long[scales.Length], axis);

    private static byte[] Int8(Random rng, int count)
    {
        var bytes = new byte[count];
        rng.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Ints(Random rng, int count, int magnitude) =>
        MemoryMarshal.AsBytes(Enumerable.Range(0, count).Select(_ => rng.Next(-magnitude, magnitude)).ToArray().AsSpan()).ToArray();

    private static byte[] Floats(Random rng, int count) =>
        MemoryMarshal.AsBytes(Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray().AsSpan()).ToArray();

    private sealed class GraphBuilder
    {
        private readonly List<TensorInfo> tensors = [];
        private readonly List<ReadOnlyMemory<byte>> buffers = [ReadOnlyMemory<byte>.Empty];
        private readonly List<OperatorCode> codes = [];
        private readonly List<OperatorInfo> operators = [];

        public int Tensor(string name, TensorType type, int[] shape, QuantizationParams? q)
        {
            tensors.Add(new TensorInfo(name, type, shape, 0, q));
            return tensors.Count - 1;
        }

        public int Constant(string name, TensorType type, int[] shape, byte[] data, QuantizationParams? q)
        {
            buffers.Add(data);
            tensors.Add(new TensorInfo(name, type, shape, buffers.Count - 1, q));
            return tensors.Count - 1;
        }

        public void Op(BuiltinOperator code, int[] inputs, int[] outputs, OperatorOptions options)
        {
            int index = codes.FindIndex(c => c.Code == code);
            if (index < 0)
            {
                codes.Add(new OperatorCode(code, 1));
                index = codes.Count - 1;
            }
            operators.Add(new OperatorInfo(index, inputs, outputs, options));
        }

        public TfLiteModel Build(int[] inputs, int[] outputs) =>
            new(3, codes, [new Subgraph(tensors, operators, inputs, outputs, "main")], buffers, "firmware coverage");
    }
}
