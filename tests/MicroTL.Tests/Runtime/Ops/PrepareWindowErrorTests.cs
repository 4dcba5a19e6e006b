// Prepare checks of the windowed and element-wise ops: CONV_2D, DEPTHWISE_CONV_2D, pools, SOFTMAX,
// ADD, QUANTIZE, DEQUANTIZE, RESHAPE.
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using static MicroTL.Tests.Runtime.Ops.TinyModel;

namespace MicroTL.Tests.Runtime.Ops;

public class PrepareWindowErrorTests
{
    // CONV_2D int8: input [1, 5, 5, 2], filter [4, 3, 3, 2], bias [4], output [1, 3, 3, 4] (VALID, stride 1).
    private static TfLiteModel Conv(int[]? filterShape = null, int[]? outShape = null, Conv2DOptions? options = null,
        QuantizationParams? filterQ = null, int[]? inShape = null)
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, inShape ?? [1, 5, 5, 2], Q(0.5f, -3));
        int[] fs = filterShape ?? [4, 3, 3, 2];
        int f = m.ConstantInt8("f", fs, filterQ ?? PerChannel(0, 0.1f, 0.2f, 0.3f, 0.4f));
        int b = m.ConstantInt32("b", new int[fs[0]], null);
        int y = m.Add("y", TensorType.Int8, outShape ?? [1, 3, 3, 4], Q(0.25f, 1));
        return m.Build(BuiltinOperator.Conv2D, [x, f, b], [y], options ?? new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.Relu));
    }

    private static string PrepareMessage(TfLiteModel model) =>
        Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 0)).Message;

    [Fact]
    public void Prepare_ValidConv_ComputesGeometry()
    {
        var op = Assert.IsType<Conv2DOperator>(OperatorResolver.Prepare(Conv(), 0));
        Assert.Equal((3, 3, 4), (op.Geometry.OutputHeight, op.Geometry.OutputWidth, op.Geometry.OutputChannels));
        Assert.Equal(4, op.OutputMultipliers.Length);
        Assert.True(op.UsesFastPath);
    }

    [Fact]
    public void Prepare_ConvOutputShapeMismatch_ThrowsWithBothShapes() =>
        Assert.Equal("op 0 CONV_2D: output tensor 3 'y' has shape [1, 4, 4, 4], expected [1, 3, 3, 4]",
            PrepareMessage(Conv(outShape: [1, 4, 4, 4])));

    [Fact]
    public void Prepare_ConvZeroStride_Throws() =>
        Assert.Contains("has stride 0x1 (h x w), expected >= 1",
            PrepareMessage(Conv(options: new Conv2DOptions(Padding.Valid, 1, 0, ActivationFunction.None))));

    [Fact]
    public void Prepare_ConvZeroDilation_Throws() =>
        Assert.Contains("has dilation 1x0",
            PrepareMessage(Conv(options: new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.None, DilationW: 0))));

    [Fact]
    public void Prepare_ConvFilterLargerThanInput_Throws() =>
        Assert.Contains("window 3x3 (dilation 3x3) does not fit input tensor 0 'x' of 5x5 with Valid padding",
            PrepareMessage(Conv(options: new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.None, 3, 3))));

    [Fact]
    public void Prepare_ConvChannelMismatch_Throws() =>
        Assert.Contains("input tensor 0 'x' has 2 channels, not a multiple of filter tensor 1 'f''s 3",
            PrepareMessage(Conv(filterShape: [4, 3, 3, 3])));

    [Fact]
    public void Prepare_ConvPerChannelCount_Throws() =>
        Assert.Contains("filter tensor 1 'f' has 3 scales, expected 1 or 4", PrepareMessage(Conv(filterQ: PerChannel(0, 0.1f, 0.2f, 0.3f))));

    [Fact]
    public void Prepare_ConvAsymmetricFilter_Throws() =>
        Assert.Contains("has zero point 5 at channel 0, expected 0", PrepareMessage(Conv(filterQ: Q(0.1f, 5))));

    [Fact]
    public void Prepare_ConvInput3D_Throws() =>
        Assert.Contains("input tensor 0 'x' has shape [5, 5, 2] (3-D), expected 4-D", PrepareMessage(Conv(inShape: [5, 5, 2])));

    [Fact]
    public void Prepare_DepthwiseMultiplierMismatch_ThrowsWithProduct()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4, 4, 2], Q(0.5f));
        int f = m.ConstantInt8("f", [1, 2, 2, 6], Q(0.1f));
        int y = m.Add("y", TensorType.Int8, [1, 3, 3, 6], Q(0.5f));
        var model = m.Build(BuiltinOperator.DepthwiseConv2D, [x, f, -1], [y],
            new DepthwiseConv2DOptions(Padding.Valid, 1, 1, 2, ActivationFunction.None));
        Assert.Contains("filter tensor 1 'f' has 6 output channels, expected 2 x 2 (input channels x depth multiplier)", PrepareMessage(model));
    }

    [Fact]
    public void Prepare_MaxPoolQuantizationChanges_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4, 4, 1], Q(0.5f, 1));
        int y = m.Add("y", TensorType.Int8, [1, 2, 2, 1], Q(0.5f, 2));
        var model = m.Build(BuiltinOperator.MaxPool2D, [x], [y], new Pool2DOptions(Padding.Valid, 2, 2, 2, 2, ActivationFunction.None));
        Assert.Contains("output tensor 1 'y' has scale 0.5, zero point 2, expected the input's scale 0.5, zero point 1", PrepareMessage(model));
    }

    [Fact]
    public void Prepare_PoolZeroFilter_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Float32, [1, 4, 4, 1]);
        int y = m.Add("y", TensorType.Float32, [1, 4, 4, 1]);
        var model = m.Build(BuiltinOperator.AveragePool2D, [x], [y], new Pool2DOptions(Padding.Same, 1, 1, 0, 2, ActivationFunction.None));
        Assert.Contains("has filter size 2x0 (h x w), expected >= 1", PrepareMessage(model));
    }

    [Fact]
    public void Prepare_SoftmaxOutputScaleNotOneOver256_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4], Q(0.1f, 3));
        int y = m.Add("y", TensorType.Int8, [1, 4], Q(1f / 255, -128));
        Assert.Contains("expected 1/256 = 0.00390625 and -128",
            PrepareMessage(m.Build(BuiltinOperator.Softmax, [x], [y], new SoftmaxOptions(1f))));
    }

    [Fact]
    public void Prepare_AddShapesDoNotBroadcast_Throws()
    {
        var m = new TinyModel();
        int a = m.Add("a", TensorType.Int8, [1, 3], Q(0.1f));
        int b = m.Add("b", TensorType.Int8, [1, 4], Q(0.1f));
        int y = m.Add("y", TensorType.Int8, [1, 4], Q(0.1f));
        Assert.Contains("input shapes [1, 3] (tensor 0 'a') and [1, 4] (tensor 1 'b') do not broadcast",
            PrepareMessage(m.Build(BuiltinOperator.Add, [a, b], [y], new AddOptions(ActivationFunction.None))));
    }

    [Fact]
    public void Prepare_AddOutputLargerThanBroadcast_Throws()
    {
        var m = new TinyModel();
        int a = m.Add("a", TensorType.Float32, [1, 4]);
        int b = m.Add("b", TensorType.Float32, [4]);
        int y = m.Add("y", TensorType.Float32, [2, 4]);
        Assert.Contains("output tensor 2 'y' has shape [2, 4], expected [1, 4]",
            PrepareMessage(m.Build(BuiltinOperator.Add, [a, b], [y], new AddOptions(ActivationFunction.None))));
    }

    [Fact]
    public void Prepare_QuantizeShapeMismatch_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Float32, [1, 4]);
        int y = m.Add("y", TensorType.Int8, [1, 5], Q(0.1f));
        Assert.Contains("output tensor 1 'y' has shape [1, 5], expected [1, 4]", PrepareMessage(m.Build(BuiltinOperator.Quantize, [x], [y], null)));
    }

    [Fact]
    public void Prepare_DequantizeFromFloat_ThrowsListingSupported()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Float32, [1, 4]);
        int y = m.Add("y", TensorType.Float32, [1, 4]);
        Assert.Contains("(FLOAT32) -> (FLOAT32) is not supported (supported: INT8 -> FLOAT32)",
            PrepareMessage(m.Build(BuiltinOperator.Dequantize, [x], [y], null)));
    }

    [Fact]
    public void Prepare_ReshapeElementCountMismatch_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 6], Q(0.1f));
        int y = m.Add("y", TensorType.Int8, [2, 4], Q(0.1f));
        Assert.Contains("output tensor 1 'y' has 8 elements, expected 6 (the input's [1, 6])",
            PrepareMessage(m.Build(BuiltinOperator.Reshape, [x], [y], new ReshapeOptions([2, 4]))));
    }
}
