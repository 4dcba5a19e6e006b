// The writer: real models survive read-write-read unchanged, every options kind round-trips,
// constant data lands 16-byte aligned. (Writing model files is the host's: ModelFileTests.)
using System.Runtime.InteropServices;
using MicroTL.TfLite;
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.Tests.TfLite;

public class TfLiteWriterTests
{
    public static TheoryData<string> ModelFiles() => TfLiteReaderTests.ModelFiles();

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Write_ExampleModel_RoundTripsStructurally(string fileName)
    {
        TfLiteModel original = TestFixtures.ReadModel(TestFixtures.Model(fileName));
        TfLiteModel reread = TfLiteReader.Read(TfLiteWriter.Write(original));
        ModelAssert.Equal(original, reread);
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Write_SameModelTwice_GivesIdenticalBytes(string fileName)
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model(fileName));
        Assert.Equal(TfLiteWriter.Write(model), TfLiteWriter.Write(TfLiteReader.Read(TfLiteWriter.Write(model))));
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Write_ExampleModel_ConstantDataIs16ByteAligned(string fileName)
    {
        byte[] bytes = TfLiteWriter.Write(TestFixtures.ReadModel(TestFixtures.Model(fileName)));
        Assert.Equal("TFL3"u8.ToArray(), bytes[4..8]);
        foreach (ReadOnlyMemory<byte> buffer in TfLiteReader.Read(bytes).Buffers)
        {
            if (buffer.IsEmpty) continue;
            Assert.True(MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> segment));
            Assert.Equal(0, segment.Offset % 16);
        }
    }

    [Fact]
    public void Write_EveryOptionsKindWithNonDefaults_RoundTrips()
    {
        TfLiteModel model = TestModels.FullyConnected();
        (BuiltinOperator Code, OperatorOptions Options)[] ops =
        [
            (BuiltinOperator.Conv2D, new Conv2DOptions(Padding.Valid, 2, 3, ActivationFunction.Relu6, 2, 4)),
            (BuiltinOperator.DepthwiseConv2D, new DepthwiseConv2DOptions(Padding.Same, 1, 2, 3, ActivationFunction.ReluN1To1, 5, 6)),
            (BuiltinOperator.AveragePool2D, new Pool2DOptions(Padding.Valid, 2, 2, 3, 4, ActivationFunction.Tanh)),
            (BuiltinOperator.MaxPool2D, new Pool2DOptions(Padding.Same, 1, 1, 2, 2, ActivationFunction.None)),
            (BuiltinOperator.FullyConnected, new FullyConnectedOptions(ActivationFunction.SignBit, 1, KeepNumDims: true, AsymmetricQuantizeInputs: true)),
            (BuiltinOperator.Softmax, new SoftmaxOptions(0.5f)),
            (BuiltinOperator.Add, new AddOptions(ActivationFunction.Relu, PotScaleInt16: false)),
            (BuiltinOperator.Reshape, new ReshapeOptions([-1, 8])),
            (BuiltinOperator.Quantize, new QuantizeOptions()),
            (BuiltinOperator.Dequantize, new DequantizeOptions()),
            (BuiltinOperator.Svdf, new SvdfOptions(2, ActivationFunction.Relu, AsymmetricQuantizeInputs: true)),
            (BuiltinOperator.Concatenation, new ConcatenationOptions(-1, ActivationFunction.Relu6)),
            (BuiltinOperator.Mul, new MulOptions(ActivationFunction.Relu)),
            (BuiltinOperator.Sub, new SubOptions(ActivationFunction.ReluN1To1, PotScaleInt16: false)),
            (BuiltinOperator.Mean, new ReducerOptions(KeepDims: true)),
            (BuiltinOperator.Squeeze, new SqueezeOptions([0, -1])),
            (BuiltinOperator.StridedSlice, new StridedSliceOptions(1, 2, 4, 8, 16, Offset: true)),
            (BuiltinOperator.Split, new SplitOptions(3)),
            (BuiltinOperator.Pack, new PackOptions(2, -1)),
            (BuiltinOperator.Unpack, new UnpackOptions(4, 1)),
            (BuiltinOperator.LeakyRelu, new LeakyReluOptions(-0.25f)),
            (BuiltinOperator.ResizeNearestNeighbor, new ResizeNearestNeighborOptions(AlignCorners: true, HalfPixelCenters: true)),
            (BuiltinOperator.TransposeConv, new TransposeConvOptions(Padding.Valid, 2, 3, ActivationFunction.Relu6)),
            (BuiltinOperator.UnidirectionalSequenceLstm, new UnidirectionalSequenceLstmOptions(ActivationFunction.Tanh, 10f, 3f, TimeMajor: true, AsymmetricQuantizeInputs: true)),
            (BuiltinOperator.Pad, new EmptyOptions()),
            (BuiltinOperator.PadV2, new EmptyOptions()),
            (BuiltinOperator.Transpose, new EmptyOptions()),
            (BuiltinOperator.ExpandDims, new EmptyOptions()),
            (BuiltinOperator.Maximum, new EmptyOptions()),
            (BuiltinOperator.Minimum, new EmptyOptions()),
            (BuiltinOperator.HardSwish, new EmptyOptions()),
        ];
        model = model with
        {
            OperatorCodes = [.. ops.Select(o => new OperatorCode(o.Code, 2))],
            Subgraphs = [model.MainSubgraph with { Operators = [.. ops.Select((o, i) => new OperatorInfo(i, [0, 1, -1], [3], o.Options))] }],
        };

        ModelAssert.Equal(model, TfLiteReader.Read(TfLiteWriter.Write(model)));
    }

    [Fact]
    public void Write_OperatorCodeAbove127_WritesPlaceholderByteAndFullCode()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model.WithOperator(new OperatorInfo(0, [0], [3], null), (BuiltinOperator)150);
        byte[] bytes = TfLiteWriter.Write(model);

        FlatTable code = TestModels.OperatorCode(bytes, 0);
        Assert.Equal(127, code.GetSByte(S.OperatorCode.DeprecatedBuiltinCode));
        Assert.Equal(150, code.GetInt32(S.OperatorCode.BuiltinCode));
        Assert.Equal((BuiltinOperator)150, TfLiteReader.Read(bytes).OperatorCodes[0].Code);
    }

    [Fact]
    public void Write_OperatorCodeBelow128_WritesBothFields()
    {
        byte[] bytes = TfLiteWriter.Write(TestModels.FullyConnected());
        FlatTable code = TestModels.OperatorCode(bytes, 0);
        Assert.Equal((int)BuiltinOperator.FullyConnected, code.GetSByte(S.OperatorCode.DeprecatedBuiltinCode));
        Assert.Equal((int)BuiltinOperator.FullyConnected, code.GetInt32(S.OperatorCode.BuiltinCode));
    }

    [Fact]
    public void Write_EmptyOptionsOnOperatorWithFields_ThrowsArgumentException()
    {
        TfLiteModel model = TestModels.FullyConnected().WithOperator(new OperatorInfo(0, [0], [3], new EmptyOptions()), BuiltinOperator.Mul);
        var error = Assert.Throws<ArgumentException>(() => TfLiteWriter.Write(model));
        Assert.StartsWith("op 0: EmptyOptions does not belong to operator Mul.", error.Message);
    }

    [Fact]
    public void Write_OptionsOfAnotherOperator_ThrowsArgumentException()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model.WithOperator(new OperatorInfo(0, [0], [3], new SoftmaxOptions(1f)), BuiltinOperator.Conv2D);
        var error = Assert.Throws<ArgumentException>(() => TfLiteWriter.Write(model));
        Assert.StartsWith("op 0: SoftmaxOptions does not belong to operator Conv2D.", error.Message);
    }

    [Fact]
    public void Write_OpcodeIndexOutOfRange_ThrowsArgumentException()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model.WithOperator(model.MainSubgraph.Operators[0] with { OpcodeIndex = 3 }, BuiltinOperator.FullyConnected);
        var error = Assert.Throws<ArgumentException>(() => TfLiteWriter.Write(model));
        Assert.StartsWith("op 0: opcode index 3 out of range (1 operator codes).", error.Message);
    }

    [Fact]
    public void Write_NegativeBufferIndex_ThrowsArgumentException()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(0, t => t with { Buffer = -1 });
        var error = Assert.Throws<ArgumentException>(() => TfLiteWriter.Write(model));
        Assert.StartsWith("tensor 'input': buffer index -1 is negative.", error.Message);
    }
}
