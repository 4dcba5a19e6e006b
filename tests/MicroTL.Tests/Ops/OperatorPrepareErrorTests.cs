// The refusals of the operators added for the model zoo: each check of Prepare, with the message naming the op, the
// tensor and the numbers; a variant TFLM does not run either is an UnsupportedOperatorException.
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using static MicroTL.Tests.Ops.OpModelBuilder;

namespace MicroTL.Tests.Ops;

public class OperatorPrepareErrorTests
{
    private const TensorType I8 = TensorType.Int8, F32 = TensorType.Float32;

    private static string Refusal(TfLiteModel model) => Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 0)).Message;

    private static string Unsupported(TfLiteModel model) => Assert.Throws<UnsupportedOperatorException>(() => OperatorResolver.Prepare(model, 0)).Message;

    /// <summary>One operator on input x (and the extra inputs <paramref name="more"/> adds), output y.</summary>
    private static TfLiteModel One(BuiltinOperator code, TensorType type, int[] inShape, int[] outShape, Func<OpModelBuilder, int, int[]> more,
        OperatorOptions? options = null, QuantizationParams? inQ = null, QuantizationParams? outQ = null, TensorType? outType = null)
    {
        var b = new OpModelBuilder(3);
        int x = b.Input("x", type, inShape, inQ ?? (type == I8 ? Q(0.1f) : null));
        int[] inputs = more(b, x);
        int y = b.Tensor("y", outType ?? type, outShape, outQ ?? ((outType ?? type) == I8 ? Q(0.1f) : null));
        b.Op(code, inputs, [y], options);
        b.Output(y);
        return b.Build("test");
    }

    [Fact]
    public void Transpose_PermOfWrongLength_Throws() =>
        Assert.Contains("perm tensor 1 'perm' has 2 entries, expected 3 (the input's rank)",
            Refusal(One(BuiltinOperator.Transpose, I8, [2, 3, 4], [3, 2, 4], (b, x) => [x, b.ConstantInt32("perm", 1, 0)])));

    [Fact]
    public void Transpose_PermEntryOutOfRange_Throws() =>
        Assert.Contains("perm entry 1 is 5, expected 0 to 2",
            Refusal(One(BuiltinOperator.Transpose, I8, [2, 3, 4], [3, 2, 4], (b, x) => [x, b.ConstantInt32("perm", 1, 5, 2)])));

    [Fact]
    public void Transpose_OutputNotThePermutedShape_Throws() =>
        Assert.Contains("has shape [2, 3, 4], expected [3, 2, 4]",
            Refusal(One(BuiltinOperator.Transpose, I8, [2, 3, 4], [2, 3, 4], (b, x) => [x, b.ConstantInt32("perm", 1, 0, 2)])));

    [Fact]
    public void Transpose_PermNotConstant_IsUnsupported()
    {
        var b = new OpModelBuilder(3);
        int x = b.Input("x", I8, [2, 3], Q(0.1f)), perm = b.Input("perm", TensorType.Int32, [2]);
        int y = b.Tensor("y", I8, [3, 2], Q(0.1f));
        b.Op(BuiltinOperator.Transpose, [x, perm], [y]);
        Assert.Contains("perm tensor 1 'perm' is not a constant; TFLM takes it only as one", Unsupported(b.Build("test")));
    }

    [Fact]
    public void Transpose_Int32_IsUnsupported() =>
        Assert.Contains("(INT32, INT32) -> (INT32) is not supported",
            Unsupported(One(BuiltinOperator.Transpose, TensorType.Int32, [2, 3], [3, 2], (b, x) => [x, b.ConstantInt32("perm", 1, 0)])));

    [Fact]
    public void Pad_NegativePadding_Throws() =>
        Assert.Contains("paddings of dimension 1 are (-1, 2), expected >= 0",
            Refusal(One(BuiltinOperator.Pad, F32, [2, 3], [2, 4], (b, x) => [x, b.ConstantInt32("p", [2, 2], [0, 0, -1, 2])], new EmptyOptions())));

    [Fact]
    public void Pad_OutputNotPaddedShape_Throws() =>
        Assert.Contains("has shape [2, 4], expected [3, 6]",
            Refusal(One(BuiltinOperator.Pad, F32, [2, 3], [2, 4], (b, x) => [x, b.ConstantInt32("p", [2, 2], [1, 0, 1, 2])], new EmptyOptions())));

    [Fact]
    public void Pad_WrongPaddingCount_Throws() =>
        Assert.Contains("has 2 values, expected 4 (before and after each dimension)",
            Refusal(One(BuiltinOperator.Pad, F32, [2, 3], [2, 3], (b, x) => [x, b.ConstantInt32("p", 0, 0)], new EmptyOptions())));

    [Fact]
    public void PadV2_ValueOfOtherQuantization_Throws() =>
        Assert.Contains("they must be equal, as TFLM requires",
            Refusal(One(BuiltinOperator.PadV2, I8, [2, 3], [2, 3], (b, x) => [x, b.ConstantInt32("p", [2, 2], [0, 0, 0, 0]), b.Constant("v", I8, [], [1], Q(0.5f))], new EmptyOptions())));

    [Fact]
    public void Concatenation_FusedActivation_Throws() =>
        Assert.Contains("has fused activation Relu, expected NONE",
            Refusal(One(BuiltinOperator.Concatenation, F32, [2, 3], [2, 3], (b, x) => [x], new ConcatenationOptions(0, ActivationFunction.Relu))));

    [Fact]
    public void Concatenation_Int8OfOtherScale_Throws() =>
        Assert.Contains("has scale 0.1, zero point 0, but output tensor 1 'y' has 0.2, 0",
            Refusal(One(BuiltinOperator.Concatenation, I8, [2, 3], [2, 3], (b, x) => [x], new ConcatenationOptions(0, ActivationFunction.None), outQ: Q(0.2f))));

    [Fact]
    public void Concatenation_InputsDoNotAddUp_Throws() =>
        Assert.Contains("the inputs add up to 4 along axis 0, the output tensor 1 'y' has 5",
            Refusal(One(BuiltinOperator.Concatenation, F32, [2, 3], [5, 3], (b, x) => [x, x], new ConcatenationOptions(0, ActivationFunction.None))));

    [Fact]
    public void Concatenation_AxisOutOfRange_Throws() =>
        Assert.Contains("axis 2 is out of range for 2-D tensors",
            Refusal(One(BuiltinOperator.Concatenation, F32, [2, 3], [2, 3], (b, x) => [x], new ConcatenationOptions(2, ActivationFunction.None))));

    [Fact]
    public void Split_NotAMultiple_Throws()
    {
        var b = new OpModelBuilder(3);
        int axis = b.ConstantInt32("axis", [], [0]);
        int x = b.Input("x", F32, [5, 2]);
        int y0 = b.Tensor("y0", F32, [2, 2]), y1 = b.Tensor("y1", F32, [2, 2]);
        b.Op(BuiltinOperator.Split, [axis, x], [y0, y1], new SplitOptions(2));
        Assert.Contains("has 5 along axis 0, not a multiple of the 2 outputs", Refusal(b.Build("test")));
    }

    [Fact]
    public void Pack_ValuesCountDisagrees_Throws() =>
        Assert.Contains("values_count is 3, the op has 1 inputs",
            Refusal(One(BuiltinOperator.Pack, F32, [2], [1, 2], (b, x) => [x], new PackOptions(3, 0))));

    [Fact]
    public void Unpack_NumDisagrees_Throws() =>
        Assert.Contains("num is 2, the op has 1 outputs",
            Refusal(One(BuiltinOperator.Unpack, F32, [1, 2], [2], (b, x) => [x], new UnpackOptions(2, 0))));

    [Fact]
    public void StridedSlice_ZeroStride_Throws() =>
        Assert.Contains("stride of dimension 0 is 0, expected non-zero",
            Refusal(One(BuiltinOperator.StridedSlice, F32, [4], [2], (b, x) => [x, b.ConstantInt32("b", 0), b.ConstantInt32("e", 4), b.ConstantInt32("s", 0)],
                new StridedSliceOptions(0, 0, 0, 0, 0))));

    [Fact]
    public void StridedSlice_FiveDimensions_Throws() =>
        Assert.Contains("is 5-D, at most 4-D runs (as in TFLM)",
            Refusal(One(BuiltinOperator.StridedSlice, F32, [1, 1, 1, 1, 2], [1, 1, 1, 1, 2], (b, x) => [x, b.ConstantInt32("b", 0, 0, 0, 0, 0),
                b.ConstantInt32("e", 1, 1, 1, 1, 2), b.ConstantInt32("s", 1, 1, 1, 1, 1)], new StridedSliceOptions(0, 0, 0, 0, 0))));

    [Fact]
    public void StridedSlice_OutputOfWrongShape_Throws() =>
        Assert.Contains("has shape [3], expected [2]",
            Refusal(One(BuiltinOperator.StridedSlice, F32, [4], [3], (b, x) => [x, b.ConstantInt32("b", 0), b.ConstantInt32("e", 4), b.ConstantInt32("s", 2)],
                new StridedSliceOptions(0, 0, 0, 0, 0))));

    [Fact]
    public void Squeeze_DimensionNotOne_Throws() =>
        Assert.Contains("squeeze dimension 1 is not a dimension of size 1",
            Refusal(One(BuiltinOperator.Squeeze, F32, [1, 3], [3], (b, x) => [x], new SqueezeOptions([1]))));

    [Fact]
    public void ExpandDims_AxisOutOfRange_Throws() =>
        Assert.Contains("axis 3 is out of range for a 1-D input",
            Refusal(One(BuiltinOperator.ExpandDims, F32, [3], [3, 1], (b, x) => [x, b.ConstantInt32("a", [], [3])], new EmptyOptions())));

    [Fact]
    public void Mean_AxisOutOfRange_Throws() =>
        Assert.Contains("axis 4 is out of range for the 2-D input",
            Refusal(One(BuiltinOperator.Mean, F32, [2, 3], [2], (b, x) => [x, b.ConstantInt32("a", 4)], new ReducerOptions(false))));

    [Fact]
    public void Mean_OutputNotTheReducedShape_Throws() =>
        Assert.Contains("has shape [2], expected [2, 1]",
            Refusal(One(BuiltinOperator.Mean, F32, [2, 3], [2], (b, x) => [x, b.ConstantInt32("a", 1)], new ReducerOptions(true))));

    [Fact]
    public void Mul_ShapesDoNotBroadcast_Throws() =>
        Assert.Contains("do not broadcast",
            Refusal(One(BuiltinOperator.Mul, F32, [2, 3], [2, 3], (b, x) => [x, b.RandomFloat("c", [2])], new MulOptions(ActivationFunction.None))));

    [Fact]
    public void Sub_Int8WithFloatSecondInput_IsUnsupported() =>
        Assert.Contains("(INT8, FLOAT32) -> (INT8) is not supported",
            Unsupported(One(BuiltinOperator.Sub, I8, [2, 3], [2, 3], (b, x) => [x, b.RandomFloat("c", [3])], new SubOptions(ActivationFunction.None))));

    [Fact]
    public void Prelu_AlphaLargerThanInput_Throws() =>
        Assert.Contains("has shape [2, 3], expected [4, 2, 3]",
            Refusal(One(BuiltinOperator.Prelu, F32, [2, 3], [2, 3], (b, x) => [x, b.RandomFloat("alpha", [4, 1, 3])])));

    [Fact]
    public void Logistic_OutputZeroPointNotMinus128_Throws() =>
        Assert.Contains("has zero point 0, expected -128 (as TFLM requires)",
            Refusal(One(BuiltinOperator.Logistic, I8, [4], [4], (b, x) => [x], outQ: Q(1f / 256))));

    [Fact]
    public void HardSwish_OutputScaleNeedingLeftShift_Throws() =>
        Assert.Contains("needs a left shift of",
            Refusal(One(BuiltinOperator.HardSwish, I8, [4], [4], (b, x) => [x], new EmptyOptions(), inQ: Q(1f), outQ: Q(0.0001f))));

    [Fact]
    public void Relu_Int16_IsUnsupported() =>
        Assert.Contains("(INT16) -> (INT16) is not supported",
            Unsupported(One(BuiltinOperator.Relu, TensorType.Int16, [4], [4], (b, x) => [x], inQ: Q(0.1f), outQ: Q(0.1f))));

    [Fact]
    public void ResizeNearestNeighbor_OutputNotTheSize_Throws() =>
        Assert.Contains("has shape [1, 4, 4, 1], expected [1, 3, 5, 1]",
            Refusal(One(BuiltinOperator.ResizeNearestNeighbor, I8, [1, 2, 2, 1], [1, 4, 4, 1], (b, x) => [x, b.ConstantInt32("size", 3, 5)],
                new ResizeNearestNeighborOptions(false, false))));

    [Fact]
    public void Quantize_FloatToInt32_IsUnsupported() =>
        Assert.Contains("(FLOAT32) -> (INT32) is not supported",
            Unsupported(One(BuiltinOperator.Quantize, F32, [4], [4], (b, x) => [x], new QuantizeOptions(), outQ: Q(0.1f), outType: TensorType.Int32)));

    [Fact]
    public void Softmax_Int16OutputWrongZeroPoint_Throws() =>
        Assert.Contains("expected 1/65536 and -32768",
            Refusal(One(BuiltinOperator.Softmax, I8, [1, 4], [1, 4], (b, x) => [x], new SoftmaxOptions(1f), outQ: Q(1f / 65536), outType: TensorType.Int16)));

    [Fact]
    public void TransposeConv_OutputChannelsUnlikeFilter_Throws() =>
        Assert.Contains("has 3 channels, the filter 2",
            Refusal(One(BuiltinOperator.TransposeConv, F32, [1, 2, 2, 1], [1, 4, 4, 3], (b, x) => [b.ConstantInt32("s", 1, 4, 4, 3), b.RandomFloat("w", [2, 3, 3, 1]), x],
                new TransposeConvOptions(Padding.Same, 2, 2))));
}
