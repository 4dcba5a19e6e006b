// Files that are well-formed FlatBuffers but describe an impossible model: indices out of range,
// bad shapes, inconsistent quantization, options that do not fit their operator.
using MicroTL.TfLite;
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.Tests.TfLite;

public class TfLiteReaderInvalidModelTests
{
    private const string MicroSpeech = "micro_speech_quantized.tflite";

    [Fact]
    public void Read_TensorBufferOutOfRange_ThrowsNamingTensorAndBuffer()
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        TestModels.PutUInt32(bytes, TestModels.Tensor(bytes, 7).FieldPos(S.Tensor.Buffer, 4), 99);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal("tensor 7 'final_fc_weights/read/transpose': buffer 99 out of range (12 buffers)", error.Message);
    }

    [Fact]
    public void Read_OpcodeIndexOutOfRange_ThrowsNamingOperator()
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        TestModels.PutUInt32(bytes, TestModels.Operator(bytes, 2).FieldPos(S.Operator.OpcodeIndex, 4), 50);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal("op 2: opcode_index 50 out of range (4 operator codes)", error.Message);
    }

    [Fact]
    public void Read_OptionsOfAnotherOperator_ThrowsNamingBothTypes()
    {
        // Turn op 1's code from DEPTHWISE_CONV_2D into MAX_POOL_2D; its options stay DepthwiseConv2DOptions.
        byte[] bytes = TestModels.Load(MicroSpeech);
        bytes[TestModels.OperatorCode(bytes, 0).FieldPos(S.OperatorCode.DeprecatedBuiltinCode, 1)] = (byte)BuiltinOperator.MaxPool2D;
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal("op 1 (MAX_POOL_2D): builtin_options_type 2 does not match the operator (expected 5, Pool2DOptions)", error.Message);
    }

    [Fact]
    public void Read_OperatorInputOutOfRange_ThrowsNamingOperatorAndIndex()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model.WithOperator(model.MainSubgraph.Operators[0] with { Inputs = [0, 42, -1] }, BuiltinOperator.FullyConnected);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("op 0 (FULLY_CONNECTED) input 1: tensor index 42 out of range (4 tensors; -1 marks an omitted optional input)", error.Message);
    }

    [Fact]
    public void Read_OperatorOutputMinusOne_Throws()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model.WithOperator(model.MainSubgraph.Operators[0] with { Outputs = [-1] }, BuiltinOperator.FullyConnected);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("op 0 (FULLY_CONNECTED) output 0: tensor index -1 out of range (4 tensors)", error.Message);
    }

    [Fact]
    public void Read_SubgraphOutputOutOfRange_ThrowsNamingOutput()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model with { Subgraphs = [model.MainSubgraph with { Outputs = [4] }] };
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("output 0: tensor index 4 out of range (4 tensors)", error.Message);
    }

    [Fact]
    public void Read_NoSubgraphs_Throws()
    {
        TfLiteModel model = TestModels.FullyConnected() with { Subgraphs = [] };
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("model has no subgraphs", error.Message);
    }

    [Fact]
    public void Read_NegativeDimension_ThrowsNamingTensorAndShape()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(3, t => t with { Shape = [1, -2] });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("tensor 3 'output': dimension 1 of shape [1, -2] is negative", error.Message);
    }

    [Fact]
    public void Read_AbsurdShape_ThrowsNamingElementCount()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(3, t => t with { Shape = [65536, 65536, 65536] });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal($"tensor 3 'output': shape [65536, 65536, 65536] has more than {int.MaxValue} elements", error.Message);
    }

    [Fact]
    public void Read_ShapeOverTwoGigabytes_ThrowsNamingBytes()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(2, t => t with { Shape = [1 << 30] });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal($"tensor 2 'bias': Int32 [1073741824] needs 4294967296 bytes, more than {int.MaxValue}", error.Message);
    }

    [Fact]
    public void Read_RankAboveLimit_Throws()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(0, t => t with { Shape = new int[17] });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("tensor 0 'input': rank 17 exceeds 16", error.Message);
    }

    [Fact]
    public void Read_BufferSizeDiffersFromShape_ThrowsNamingBothSizes()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(1, t => t with { Shape = [3, 4] });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model)));
        Assert.Equal("tensor 1 'weights': buffer 1 holds 8 bytes but Int8 [3, 4] needs 12", error.Message);
    }

    [Fact]
    public void Read_ZeroStride_ThrowsNamingOperatorAndField()
    {
        TfLiteModel model = TestModels.FullyConnected();
        var conv = new OperatorInfo(0, [0, 1, 2], [3], new Conv2DOptions(Padding.Same, 0, 1, ActivationFunction.None));
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model.WithOperator(conv, BuiltinOperator.Conv2D))));
        Assert.Equal("op 0 (CONV_2D): stride_w 0 must be at least 1", error.Message);
    }

    [Fact]
    public void Read_UnknownPadding_ThrowsNamingValue()
    {
        TfLiteModel model = TestModels.FullyConnected();
        var pool = new OperatorInfo(0, [0], [3], new Pool2DOptions((Padding)7, 1, 1, 2, 2, ActivationFunction.None));
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model.WithOperator(pool, BuiltinOperator.MaxPool2D))));
        Assert.Equal("op 0 (MAX_POOL_2D): padding 7 is neither SAME (0) nor VALID (1)", error.Message);
    }

    [Fact]
    public void Read_UnknownActivation_ThrowsNamingValue()
    {
        TfLiteModel model = TestModels.FullyConnected();
        var add = new OperatorInfo(0, [0, 0], [3], new AddOptions((ActivationFunction)9));
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(TfLiteWriter.Write(model.WithOperator(add, BuiltinOperator.Add))));
        Assert.Equal("op 0 (ADD): fused_activation_function 9 is not a known activation (0..5)", error.Message);
    }
}
