// Catalog cases of the element-wise operators: MUL, SUB, MAXIMUM, MINIMUM, PRELU and the activations.
using MicroTL.TfLite;
using static MicroTL.Tests.Ops.OpModelBuilder;

namespace MicroTL.Tests.Ops;

internal static partial class OpCatalog
{
    private static Dictionary<string, Func<TfLiteModel>> Arithmetic => new()
    {
        ["mul_int8"] = () => Binary(BuiltinOperator.Mul, I8, [1, 4, 4, 3], [1, 4, 4, 3], [1, 4, 4, 3], Q(0.05f, -5), Q(0.08f, 10), Q(0.1f, 3), new MulOptions(ActivationFunction.None)),
        ["mul_int8_broadcast_relu6"] = () => Binary(BuiltinOperator.Mul, I8, [2, 1, 3], [4, 1], [2, 4, 3], Q(0.05f, -5), Q(0.08f, 10), Q(0.02f, -100), new MulOptions(ActivationFunction.Relu6)),
        ["mul_float_broadcast_relu"] = () => Binary(BuiltinOperator.Mul, F32, [2, 3, 4], [4], [2, 3, 4], null, null, null, new MulOptions(ActivationFunction.Relu)),
        ["sub_int8"] = () => Binary(BuiltinOperator.Sub, I8, [2, 3, 4], [2, 3, 4], [2, 3, 4], Q(0.05f, -5), Q(0.03f, 10), Q(0.07f, 3), new SubOptions(ActivationFunction.None)),
        ["sub_int8_broadcast"] = () => Binary(BuiltinOperator.Sub, I8, [1, 3, 1], [2, 1, 5], [2, 3, 5], Q(0.05f, -5), Q(0.03f, 10), Q(0.07f, 3), new SubOptions(ActivationFunction.Relu)),
        ["sub_float"] = () => Binary(BuiltinOperator.Sub, F32, [3, 4], [3, 4], [3, 4], null, null, null, new SubOptions(ActivationFunction.ReluN1To1)),
        ["maximum_int8"] = () => Binary(BuiltinOperator.Maximum, I8, [2, 3, 4], [2, 3, 4], [2, 3, 4], Q(0.1f), Q(0.1f), Q(0.1f), new EmptyOptions()),
        ["minimum_int8_broadcast"] = () => Binary(BuiltinOperator.Minimum, I8, [2, 3, 4], [4], [2, 3, 4], Q(0.1f), Q(0.1f), Q(0.1f), new EmptyOptions()),
        ["maximum_float_broadcast"] = () => Binary(BuiltinOperator.Maximum, F32, [3, 1], [1, 5], [3, 5], null, null, null, new EmptyOptions()),
        ["prelu_int8"] = () => Unary(BuiltinOperator.Prelu, I8, [1, 3, 3, 4], [1, 3, 3, 4], Q(0.05f, 6), Q(0.04f, -9),
            (b, x) => [x, b.RandomInt8("alpha", [1, 1, 4], Q(0.01f, 2))]),
        ["prelu_float"] = () => Unary(BuiltinOperator.Prelu, F32, [2, 3, 4], [2, 3, 4], null, null, (b, x) => [x, b.RandomFloat("alpha", [4], -0.5f, 0.5f)]),
        ["logistic_int8"] = () => Unary(BuiltinOperator.Logistic, I8, [4, 32], [4, 32], Q(0.06f, 5), Q(1f / 256, -128), (b, x) => [x]),
        ["logistic_float"] = () => Unary(BuiltinOperator.Logistic, F32, [4, 32], [4, 32], null, null, (b, x) => [x]),
        ["tanh_int8"] = () => Unary(BuiltinOperator.Tanh, I8, [4, 32], [4, 32], Q(0.05f, -7), Q(1f / 128), (b, x) => [x]),
        ["tanh_float"] = () => Unary(BuiltinOperator.Tanh, F32, [4, 32], [4, 32], null, null, (b, x) => [x]),
        ["hard_swish_int8"] = () => Unary(BuiltinOperator.HardSwish, I8, [4, 32], [4, 32], Q(0.05f, -7), Q(0.03f, -60), (b, x) => [x], new EmptyOptions()),
        ["hard_swish_float"] = () => Unary(BuiltinOperator.HardSwish, F32, [4, 32], [4, 32], null, null, (b, x) => [x], new EmptyOptions()),
        ["relu_int8"] = () => Unary(BuiltinOperator.Relu, I8, [4, 32], [4, 32], Q(0.05f, -7), Q(0.03f, -128), (b, x) => [x]),
        ["relu6_int8"] = () => Unary(BuiltinOperator.Relu6, I8, [4, 32], [4, 32], Q(0.04f, -20), Q(0.04f, -20), (b, x) => [x]),
        ["relu_float"] = () => Unary(BuiltinOperator.Relu, F32, [4, 32], [4, 32], null, null, (b, x) => [x]),
        ["relu6_float"] = () => Unary(BuiltinOperator.Relu6, F32, [4, 32], [4, 32], null, null, (b, x) => [x]),
        ["leaky_relu_int8"] = () => Unary(BuiltinOperator.LeakyRelu, I8, [4, 32], [4, 32], Q(0.05f, -7), Q(0.04f, 10), (b, x) => [x], new LeakyReluOptions(0.2f)),
        ["leaky_relu_int8_negative_alpha"] = () => Unary(BuiltinOperator.LeakyRelu, I8, [4, 32], [4, 32], Q(0.05f, -7), Q(0.04f, 10), (b, x) => [x], new LeakyReluOptions(-0.3f)),
        ["leaky_relu_float"] = () => Unary(BuiltinOperator.LeakyRelu, F32, [4, 32], [4, 32], null, null, (b, x) => [x], new LeakyReluOptions(0.1f)),
    };

    private static Dictionary<string, Func<TfLiteModel>> Layers => new()
    {
        ["transpose_conv_int8"] = () => TransposeConv(I8, Padding.Same, 2, 2, [1, 3, 4, 5], [1, 6, 8, 4], ActivationFunction.Relu),
        ["transpose_conv_float"] = () => TransposeConv(F32, Padding.Valid, 2, 1, [1, 3, 3, 2], [1, 7, 5, 3], ActivationFunction.None),
        ["quantize_int16_int8"] = () => Unary(BuiltinOperator.Quantize, TensorType.Int16, [2, 40], [2, 40], Q(0.001f), Q(0.05f, -3), (b, x) => [x], new QuantizeOptions(), I8),
        ["quantize_int8_int16"] = () => Unary(BuiltinOperator.Quantize, I8, [2, 40], [2, 40], Q(0.05f, 7), Q(0.0005f), (b, x) => [x], new QuantizeOptions(), TensorType.Int16),
        ["quantize_int16_int32"] = () => Unary(BuiltinOperator.Quantize, TensorType.Int16, [2, 40], [2, 40], Q(0.001f), Q(0.0001f, 17), (b, x) => [x], new QuantizeOptions(), TensorType.Int32),
        ["quantize_float_int16"] = () => Unary(BuiltinOperator.Quantize, F32, [2, 40], [2, 40], null, Q(0.0002f), (b, x) => [x], new QuantizeOptions(), TensorType.Int16),
        ["softmax_int8_int16"] = () => Unary(BuiltinOperator.Softmax, I8, [3, 10], [3, 10], Q(0.1f, 4), Q(1f / 65536, -32768), (b, x) => [x], new SoftmaxOptions(1f), TensorType.Int16),
    };

    private static TfLiteModel TransposeConv(TensorType type, Padding padding, int strideH, int strideW, int[] inShape, int[] outShape, ActivationFunction activation)
    {
        var b = new OpModelBuilder(17);
        int outChannels = outShape[3], inChannels = inShape[3];
        bool int8 = type == I8;
        int x = b.Input("x", type, inShape, int8 ? Q(0.05f, -4) : null);
        int shape = b.ConstantInt32("output_shape", outShape);
        int[] filterShape = [outChannels, 3, 3, inChannels];
        var scales = new float[outChannels];
        for (int c = 0; c < outChannels; c++) scales[c] = 0.01f + 0.005f * c;
        int w = int8 ? b.RandomInt8("w", filterShape, new QuantizationParams(scales, new long[outChannels], 0)) : b.RandomFloat("w", filterShape);
        var biasScales = new float[outChannels];
        for (int c = 0; c < outChannels; c++) biasScales[c] = 0.05f * scales[c];
        int bias = int8 ? b.RandomInt32("bias", [outChannels], new QuantizationParams(biasScales, new long[outChannels], 0), -2000, 2000) : -1;
        int y = b.Tensor("y", type, outShape, int8 ? Q(0.1f, 5) : null);
        b.Op(BuiltinOperator.TransposeConv, int8 ? [shape, w, x, bias] : [shape, w, x], [y], new TransposeConvOptions(padding, strideW, strideH, activation));
        b.Output(y);
        return b.Build("TRANSPOSE_CONV");
    }
}
