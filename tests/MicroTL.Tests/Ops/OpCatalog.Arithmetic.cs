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

    private static Dictionary<string, Func<TfLiteModel>> Layers => new();
}
