// What TFLM's reader and allocator accept, we accept; what they refuse, we refuse with our own message. Each case is
// a detail of a real converter's output (or of TFLM's code) that a stricter reader would trip on.
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Tests.TfLite;

public class TflmAcceptanceTests
{
    private static readonly sbyte[] Input = [4, -2, 6, 8];

    /// <summary>Reads the model, runs it on <see cref="Input"/> and returns its output.</summary>
    private static sbyte[] Run(byte[] file)
    {
        var interpreter = new Interpreter(TfLiteReader.Read(file));
        for (int i = 0; i < Input.Length; i++) interpreter.InputBytes()[i] = unchecked((byte)Input[i]);
        interpreter.Invoke();
        return [.. interpreter.OutputBytes().ToArray().Select(b => unchecked((sbyte)b))];
    }

    private static sbyte[] Plain => Run(OddModelWriter.Write(new OddParts()));

    [Fact]
    public void Read_PlainOddWriterModel_RunsAsTheWriterModel() =>
        Assert.Equal(Run(TfLiteWriter.Write(TestModels.FullyConnected())), Plain);

    [Theory]
    [InlineData(nameof(OddParts.ShapeSignature))]
    [InlineData(nameof(OddParts.Metadata))]
    [InlineData(nameof(OddParts.SignatureDef))]
    [InlineData(nameof(OddParts.SecondSubgraph))]
    [InlineData(nameof(OddParts.SparseWeights))]
    [InlineData(nameof(OddParts.ExternalWeights))]
    [InlineData(nameof(OddParts.UnusedTensor))]
    public void Read_PartTflmIgnores_AcceptedAndRunsTheSame(string part)
    {
        OddParts parts = part switch
        {
            nameof(OddParts.ShapeSignature) => new OddParts { ShapeSignature = true },
            nameof(OddParts.Metadata) => new OddParts { Metadata = true },
            nameof(OddParts.SignatureDef) => new OddParts { SignatureDef = true },
            nameof(OddParts.SecondSubgraph) => new OddParts { SecondSubgraph = true },
            nameof(OddParts.SparseWeights) => new OddParts { SparseWeights = true },
            nameof(OddParts.ExternalWeights) => new OddParts { ExternalWeights = true },
            _ => new OddParts { UnusedTensor = true },
        };

        Assert.Equal(Plain, Run(OddModelWriter.Write(parts)));
    }

    [Fact]
    public void Read_SecondSubgraph_KeptButSubgraphZeroRuns()
    {
        TfLiteModel model = TfLiteReader.Read(OddModelWriter.Write(new OddParts { SecondSubgraph = true }));
        Assert.Equal(2, model.Subgraphs.Count);
        Assert.Same(model.Subgraphs[0], model.MainSubgraph);
    }

    [Fact]
    public void Read_EmptyIntermediate_Accepted() =>
        Assert.Equal(Plain, Run(OddModelWriter.Write(new OddParts { IntermediateShape = [0] })));

    [Fact]
    public void Read_IntermediateWithBytes_ThrowsAsTflmDoes()
    {
        byte[] file = OddModelWriter.Write(new OddParts { IntermediateShape = [3] });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(file));
        Assert.Equal("op 0 (FULLY_CONNECTED): intermediate tensor 4 'intermediate' has 12 bytes; TFLM and this engine run only empty intermediates", error.Message);
    }

    [Fact]
    public void Read_CustomOptionsOnBuiltin_ThrowsAsTflmDoes()
    {
        byte[] file = OddModelWriter.Write(new OddParts { CustomOptionsOnBuiltin = true });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(file));
        Assert.Equal("op 0 (FULLY_CONNECTED): a builtin operator with custom_options; only CUSTOM operators carry them", error.Message);
    }

    [Fact]
    public void Read_SparseTensorWithCompressedBuffer_ThrowsNamingSparsity()
    {
        byte[] file = OddModelWriter.Write(new OddParts { SparseWeights = true, SparseWeightBytes = 5 });
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(file));
        Assert.Equal("tensor 1 'w': sparse tensor (sparsity parameters) whose buffer 1 holds 5 bytes, not the 8 of dense Int8 [2, 4]; " +
            "TFLM and this engine run dense tensors only", error.Message);
    }

    [Fact]
    public void Read_PerChannelBiasAxisBeyondItsRank_AcceptedAsTflmIgnoresIt()
    {
        // Older converters write the filter's axis (3 for a depthwise filter) into the 1-D per-channel bias.
        TfLiteModel model = TestModels.FullyConnected()
            .WithTensor(2, t => t with { Quantization = new([0.25f, 0.25f], [0, 0], 3) });

        TfLiteModel read = TfLiteReader.Read(TfLiteWriter.Write(model));

        Assert.Equal(3, read.MainSubgraph.Tensors[2].Quantization!.QuantizedDimension);
        Assert.Equal(Run(TfLiteWriter.Write(TestModels.FullyConnected())), Run(TfLiteWriter.Write(model)));
    }

    [Fact]
    public void Read_OneZeroPointForManyScales_EveryChannelTakesIt()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(1, t => t with { Quantization = new([0.1f, 0.2f], [0], 0) });
        QuantizationParams q = TfLiteReader.Read(TfLiteWriter.Write(model)).MainSubgraph.Tensors[1].Quantization!;
        Assert.Equal([0L, 0L], q.ZeroPoint);
    }

    [Fact]
    public void Read_MoreZeroPointsThanScales_EveryChannelTakesTheFirst()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(0, t => t with { Quantization = new([0.5f], [3, 7], 0) });
        QuantizationParams q = TfLiteReader.Read(TfLiteWriter.Write(model)).MainSubgraph.Tensors[0].Quantization!;
        Assert.Equal([3L], q.ZeroPoint);
    }

    [Fact]
    public void Read_ScalesWithoutZeroPoints_NoQuantizationAsTflm()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(3, t => t with { Quantization = new([0.5f], [], 0) });
        Assert.Null(TfLiteReader.Read(TfLiteWriter.Write(model)).MainSubgraph.Tensors[3].Quantization);
    }

    [Fact]
    public void Read_PerChannelCountUnlikeItsAxis_ReadThenRefusedByTheOperator()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(1, t => t with { Quantization = new([0.1f, 0.2f, 0.3f], [0, 0, 0], 0) });
        TfLiteModel read = TfLiteReader.Read(TfLiteWriter.Write(model));

        var error = Assert.ThrowsAny<InvalidModelException>(() => new Interpreter(read));
        Assert.Contains("weights tensor 1 'weights' has 3 scales, expected 1 or 2", error.Message);
    }
}
