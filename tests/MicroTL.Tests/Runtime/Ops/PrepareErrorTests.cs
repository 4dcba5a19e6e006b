// Every Prepare check: a mutated model must fail at load time with a message naming the op, the
// tensor and the numbers, never reach Eval.
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using static MicroTL.Tests.Runtime.Ops.TinyModel;

namespace MicroTL.Tests.Runtime.Ops;

public class PrepareErrorTests
{
    // FULLY_CONNECTED int8: input [1, 4], weights [3, 4], bias [3], output [1, 3].
    private static TfLiteModel FullyConnected(
        int[]? inShape = null, int[]? wShape = null, int wBytes = -1, int[]? outShape = null, QuantizationParams? inQ = null,
        QuantizationParams? wQ = null, int[]? bias = null, OperatorOptions? options = null, TensorType inType = TensorType.Int8,
        int[]? inputs = null)
    {
        var m = new TinyModel();
        int x = m.Add("x", inType, inShape ?? [1, 4], inQ ?? Q(0.5f, -1));
        int w = m.ConstantInt8("w", wShape ?? [3, 4], wQ ?? Q(0.25f), wBytes);
        int b = m.ConstantInt32("b", bias ?? [1, 2, 3], Q(0.125f));
        int y = m.Add("y", TensorType.Int8, outShape ?? [1, 3], Q(1f, 2));
        return m.Build(BuiltinOperator.FullyConnected, inputs ?? [x, w, b], [y], options ?? new FullyConnectedOptions(ActivationFunction.None));
    }

    private static string PrepareMessage(TfLiteModel model) =>
        Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 0)).Message;

    [Fact]
    public void Prepare_ValidFullyConnected_Succeeds()
    {
        var op = Assert.IsType<FullyConnectedOperator>(OperatorResolver.Prepare(FullyConnected(), 0));
        Assert.Equal((1, 4, 3), (op.Batches, op.AccumDepth, op.OutputDepth));
        Assert.Equal(12, op.MacCount);
    }

    [Fact]
    public void Prepare_WeightsDataTooShort_ThrowsWithByteCounts() =>
        Assert.Equal("op 0 FULLY_CONNECTED: weights tensor 1 'w' has 10 bytes of data, expected 12 (12 x INT8)",
            PrepareMessage(FullyConnected(wBytes: 10)));

    [Fact]
    public void Prepare_OutputDepthMismatch_ThrowsWithShapes() =>
        Assert.Equal("op 0 FULLY_CONNECTED: output tensor 3 'y' has shape [1, 5], expected last dimension 3 (weights rows)",
            PrepareMessage(FullyConnected(outShape: [1, 5])));

    [Fact]
    public void Prepare_InputNotMultipleOfDepth_Throws() =>
        Assert.Contains("input tensor 0 'x' has 5 elements, not a multiple of the weights' depth 4", PrepareMessage(FullyConnected(inShape: [1, 5])));

    [Fact]
    public void Prepare_OutputBatchMismatch_ThrowsWithFormula() =>
        Assert.Contains("output tensor 3 'y' has 6 elements, expected 1 x 3", PrepareMessage(FullyConnected(outShape: [2, 3])));

    [Fact]
    public void Prepare_MissingInputQuantization_Throws() =>
        Assert.Contains("input tensor 0 'x' has no quantization parameters", PrepareMessage(FullyConnected(inQ: new QuantizationParams([], []))));

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Prepare_BadInputScale_Throws(float scale) =>
        Assert.Contains("input tensor 0 'x' has scale", PrepareMessage(FullyConnected(inQ: Q(scale))));

    [Fact]
    public void Prepare_InputZeroPointOutOfInt8_Throws() =>
        Assert.Contains("has zero point 300, expected -128 to 127", PrepareMessage(FullyConnected(inQ: Q(0.5f, 300))));

    [Fact]
    public void Prepare_PerChannelCountMismatch_ThrowsWithCounts() =>
        Assert.Contains("weights tensor 1 'w' has 2 scales, expected 1 or 3 (one per output channel)",
            PrepareMessage(FullyConnected(wQ: PerChannel(0, 0.1f, 0.2f))));

    [Fact]
    public void Prepare_PerChannelWrongAxis_Throws() =>
        Assert.Contains("of shape [3, 4] is quantized along dimension 1, expected a dimension of 3 channels (dimension 0)",
            PrepareMessage(FullyConnected(wQ: PerChannel(1, 0.1f, 0.2f, 0.3f))));

    [Fact]
    public void Prepare_BiasWrongLength_Throws() =>
        Assert.Contains("bias tensor 2 'b' has 2 elements, expected 3 (weights rows)", PrepareMessage(FullyConnected(bias: [1, 2])));

    [Fact]
    public void Prepare_WrongOptionsRecord_Throws() =>
        Assert.Contains("has options Conv2DOptions, expected FullyConnectedOptions",
            PrepareMessage(FullyConnected(options: new Conv2DOptions(Padding.Same, 1, 1, ActivationFunction.None))));

    [Fact]
    public void Prepare_UnsupportedFusedActivation_Throws() =>
        Assert.Contains("fused activation Tanh", PrepareMessage(FullyConnected(options: new FullyConnectedOptions(ActivationFunction.Tanh))));

    [Fact]
    public void Prepare_UnsupportedInputType_ThrowsListingSupported() =>
        Assert.Contains("type combination (INT16, INT8, INT32) -> (INT8) is not supported",
            PrepareMessage(FullyConnected(inType: TensorType.Int16)));

    [Fact]
    public void Prepare_TensorIndexOutOfRange_Throws() =>
        Assert.Contains("bias refers to tensor 9, but subgraph 0 has 4 tensors", PrepareMessage(FullyConnected(inputs: [0, 1, 9])));

    [Fact]
    public void Prepare_TooFewInputs_Throws() =>
        Assert.Equal("op 0 FULLY_CONNECTED: has 1 inputs, expected 2 to 3", PrepareMessage(FullyConnected(inputs: [0])));

    [Fact]
    public void Prepare_UnsupportedOperator_ThrowsListingSupported()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1], Q(1f));
        string message = PrepareMessage(m.Build((BuiltinOperator)99, [x], [x], null));
        Assert.StartsWith("op 0: operator SQUARED_DIFFERENCE is not supported (supported: ADD, AVERAGE_POOL_2D, CONCATENATION, CONV_2D", message);
    }

    [Fact]
    public void Prepare_OperatorIndexOutOfRange_Throws() =>
        Assert.Contains("operator index out of range (subgraph 0 has 1 operators)",
            Assert.Throws<InvalidModelException>(() => OperatorResolver.Prepare(FullyConnected(), 3)).Message);

    [Fact]
    public void Prepare_ConstantOutput_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4], Q(1f));
        int y = m.ConstantInt8("y", [1, 4], Q(1f));
        Assert.Contains("output tensor 1 'y' is constant", PrepareMessage(m.Build(BuiltinOperator.Reshape, [x], [y], null)));
    }

    [Fact]
    public void Prepare_ZeroDimension_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 0], Q(1f));
        int y = m.Add("y", TensorType.Int8, [1, 4], Q(1f));
        Assert.Contains("input tensor 0 'x' has shape [1, 0]: dimension 1 is 0, expected >= 1",
            PrepareMessage(m.Build(BuiltinOperator.Reshape, [x], [y], null)));
    }

    [Fact]
    public void Prepare_OutputIsAlsoInput_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Float32, [1, 4]);
        Assert.Contains("output tensor 0 'x' is also an input of the op",
            PrepareMessage(m.Build(BuiltinOperator.Softmax, [x], [x], new SoftmaxOptions(1f))));
    }

    [Fact]
    public void Prepare_MissingOutput_Throws()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Float32, [1, 4]);
        Assert.Contains("output (output 0) is missing", PrepareMessage(m.Build(BuiltinOperator.Softmax, [x], [-1], new SoftmaxOptions(1f))));
    }

    [Fact]
    public void Prepare_CustomOperator_ThrowsNamingIt()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Float32, [1, 4]);
        int y = m.Add("y", TensorType.Float32, [1, 4]);
        TfLiteModel model = m.Build(BuiltinOperator.Add, [x], [y], null);
        model = model with { OperatorCodes = [new OperatorCode((BuiltinOperator)32, 1, "MyOp")] };
        Assert.StartsWith("op 0: operator CUSTOM 'MyOp' is not supported", PrepareMessage(model));
    }

    [Fact]
    public void Prepare_OpcodeIndexOutOfRange_Throws()
    {
        TfLiteModel model = FullyConnected();
        Subgraph sg = model.MainSubgraph;
        model = model with { Subgraphs = [sg with { Operators = [sg.Operators[0] with { OpcodeIndex = 4 }] }] };
        Assert.Equal("op 0: opcode index 4 out of range (the model has 1 operator codes)", PrepareMessage(model));
    }

    [Fact]
    public void Prepare_PerTensorBiasScaleFarFromProduct_Throws() =>
        Assert.Contains("bias tensor 2 'b' has scale", PrepareMessage(FullyConnectedWithBiasScale(0.5f)));

    private static TfLiteModel FullyConnectedWithBiasScale(float biasScale)
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4], Q(0.5f, -1));
        int w = m.ConstantInt8("w", [3, 4], Q(0.25f));
        int b = m.ConstantInt32("b", [1, 2, 3], Q(biasScale));
        int y = m.Add("y", TensorType.Int8, [1, 3], Q(1f, 2));
        return m.Build(BuiltinOperator.FullyConnected, [x, w, b], [y], new FullyConnectedOptions(ActivationFunction.None));
    }
}
