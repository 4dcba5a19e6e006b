// The reader against the real TFLM example models: every tensor and operator agrees with the
// independent .dump.txt listing, options decode to the schema values, buffers are not copied.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using MicroTL.TfLite;
using Xunit.Abstractions;

namespace MicroTL.Tests.TfLite;

public partial class TfLiteReaderTests(ITestOutputHelper output)
{
    public static TheoryData<string> ModelFiles()
    {
        var data = new TheoryData<string>();
        foreach (string path in TestFixtures.Models()) data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void ReadFile_ExampleModel_MatchesDump(string fileName)
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model(fileName));
        string[] dump = File.ReadAllLines(TestFixtures.Model(fileName + ".dump.txt"));
        Subgraph main = model.MainSubgraph;

        Match header = SubgraphLine().Match(dump[1]);
        Assert.True(header.Success, dump[1]);
        Assert.Equal(int.Parse(header.Groups["n"].Value, CultureInfo.InvariantCulture), main.Tensors.Count);
        Assert.Equal(header.Groups["in"].Value, string.Join(", ", main.Inputs));
        Assert.Equal(header.Groups["out"].Value, string.Join(", ", main.Outputs));

        int tensorLines = 0, opLines = 0;
        foreach (string line in dump)
        {
            if (TensorLine().Match(line) is { Success: true } t)
            {
                TensorInfo tensor = main.Tensors[int.Parse(t.Groups["i"].Value, CultureInfo.InvariantCulture)];
                Assert.Equal(t.Groups["name"].Value, tensor.Name);
                Assert.Equal(t.Groups["type"].Value, tensor.Type.ToString().ToUpperInvariant());
                Assert.Equal(t.Groups["shape"].Value, string.Join(", ", tensor.Shape));
                Assert.Equal(t.Groups["buf"].Value, tensor.Buffer.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(t.Groups["bytes"].Value, model.DataOf(tensor).Length.ToString(CultureInfo.InvariantCulture));
                tensorLines++;
            }
            else if (OperatorLine().Match(line) is { Success: true } o)
            {
                OperatorInfo op = main.Operators[int.Parse(o.Groups["i"].Value, CultureInfo.InvariantCulture)];
                OperatorCode code = model.OperatorCodes[op.OpcodeIndex];
                Assert.Equal(o.Groups["code"].Value, SchemaName(code.Code));
                Assert.Equal(o.Groups["v"].Value, code.Version.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(o.Groups["in"].Value, string.Join(", ", op.Inputs));
                Assert.Equal(o.Groups["out"].Value, string.Join(", ", op.Outputs));
                Assert.NotNull(op.Options);
                opLines++;
            }
        }

        Assert.Equal(main.Tensors.Count, tensorLines);
        Assert.Equal(main.Operators.Count, opLines);
    }

    [Fact]
    public void ReadFile_MicroSpeech_DecodesQuantizationAndOptions()
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("micro_speech_quantized.tflite"));
        Subgraph main = model.MainSubgraph;

        Assert.Equal(3u, model.Version);
        Assert.Equal("TOCO Converted.", model.Description);
        Assert.Null(main.Name);
        TensorInfo weights = main.Tensors[8];
        Assert.Equal("first_weights/read", weights.Name);
        Assert.NotNull(weights.Quantization);
        Assert.True(weights.Quantization.IsPerChannel);
        Assert.Equal(3, weights.Quantization.QuantizedDimension);
        Assert.Equal(8, weights.Quantization.Scale.Length);
        Assert.Equal(0.000622243678662926f, weights.Quantization.Scale[0]);
        Assert.Equal(-128, main.Tensors[9].Quantization!.ZeroPoint[0]);
        Assert.Equal(0.00390625f, main.Tensors[9].Quantization!.Scale[0]);
        Assert.Null(main.Tensors[5].Quantization);

        Assert.Equal(new DepthwiseConv2DOptions(Padding.Same, 2, 2, 8, ActivationFunction.Relu), main.Operators[1].Options);
        Assert.Equal(new FullyConnectedOptions(ActivationFunction.None), main.Operators[2].Options);
        Assert.Equal(new SoftmaxOptions(1f), main.Operators[3].Options);
        Assert.Equal([-1, 49, 40, 1], Assert.IsType<ReshapeOptions>(main.Operators[0].Options).NewShape);
    }

    [Fact]
    public void ReadFile_TestConvModel_DecodesConvPoolAndQuantizeOptions()
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("test_conv_model.tflite"));
        IReadOnlyList<OperatorInfo> ops = model.MainSubgraph.Operators;

        Assert.IsType<QuantizeOptions>(ops[0].Options);
        Assert.Equal(new Conv2DOptions(Padding.Valid, 1, 1, ActivationFunction.Relu), ops[1].Options);
        Assert.Equal(new Pool2DOptions(Padding.Valid, 2, 2, 2, 2, ActivationFunction.None), ops[3].Options);
        Assert.IsType<DequantizeOptions>(ops[6].Options);
        Assert.Equal(BuiltinOperator.MaxPool2D, model.CodeOf(ops[3]));
        Assert.Equal(16, model.MainSubgraph.Tensors[6].Quantization!.Scale.Length);
        Assert.Equal(0, model.MainSubgraph.Tensors[6].Quantization!.QuantizedDimension);
    }

    [Fact]
    public void ReadFile_SimpleAdd_AbsentOptionFieldsTakeSchemaDefaults()
    {
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("simple_add_model.tflite"));
        Assert.Equal(new AddOptions(ActivationFunction.None, PotScaleInt16: true), model.MainSubgraph.Operators[0].Options);
    }

    [Fact]
    public void Read_OperatorWithoutOptionsTable_GetsDefaultOptions()
    {
        TfLiteModel model = TestModels.FullyConnected();
        model = model.WithOperator(new OperatorInfo(0, [0, 1], [3], null), BuiltinOperator.Add);
        OperatorInfo op = TfLiteReader.Read(TfLiteWriter.Write(model)).MainSubgraph.Operators[0];
        Assert.Equal(new AddOptions(ActivationFunction.None, PotScaleInt16: true), op.Options);
    }

    [Fact]
    public void Read_UnknownOperatorCodeAndTensorType_KeepsTheNumbers()
    {
        TfLiteModel model = TestModels.FullyConnected().WithTensor(3, t => t with { Type = (TensorType)42 });
        model = model.WithOperator(new OperatorInfo(0, [0], [3], null), (BuiltinOperator)150);
        TfLiteModel read = TfLiteReader.Read(TfLiteWriter.Write(model));
        Assert.Equal((BuiltinOperator)150, read.OperatorCodes[0].Code);
        Assert.Null(read.MainSubgraph.Operators[0].Options);
        Assert.Equal((TensorType)42, read.MainSubgraph.Tensors[3].Type);
    }

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Read_ExampleModel_BuffersAreSlicesOfInput(string fileName)
    {
        byte[] bytes = File.ReadAllBytes(TestFixtures.Model(fileName));
        TfLiteModel model = TfLiteReader.Read(bytes);
        int nonEmpty = 0;
        foreach (ReadOnlyMemory<byte> buffer in model.Buffers)
        {
            if (buffer.IsEmpty) continue;
            Assert.True(MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> segment));
            Assert.Same(bytes, segment.Array);
            nonEmpty++;
        }

        Assert.True(nonEmpty > 0 || fileName == "simple_add_model.tflite");
    }

    // Speed is measured in the benchmarks (HostBenchmarks.ReadTfLite), not asserted here: a time bound fails on a
    // loaded machine. What a test can hold is the work: reading is zero-copy, so its allocations (the object tree of
    // tensors, operators and buffer views) do not grow with the constant bytes.
    [Fact]
    public void Read_ModelWithAMebibyteMoreConstants_AllocatesNoMore()
    {
        byte[] bytes = File.ReadAllBytes(TestFixtures.Model("micro_speech_quantized.tflite"));
        TfLiteModel model = TfLiteReader.Read(bytes);
        byte[] larger = TfLiteWriter.Write(model with { Buffers = [.. model.Buffers, new byte[1 << 20]] });
        Assert.True(larger.Length > bytes.Length + (1 << 20));

        long small = AllocatedPerRead(bytes), large = AllocatedPerRead(larger);
        output.WriteLine($"allocated per read: {small} bytes ({bytes.Length}-byte file), {large} bytes ({larger.Length}-byte file)");
        // One more buffer view in the list (and its growth), nothing of the mebibyte.
        Assert.InRange(large - small, 0, 1024);
    }

    private static long AllocatedPerRead(byte[] bytes)
    {
        for (int i = 0; i < 5; i++) TfLiteReader.Read(bytes); // the JIT's own allocations out of the way
        const int Reads = 20;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Reads; i++) TfLiteReader.Read(bytes);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Reads;
    }

    /// <summary>The schema's upper-case name of an operator, as the dumps print it.</summary>
    private static string SchemaName(BuiltinOperator code) => code switch
    {
        BuiltinOperator.Conv2D => "CONV_2D",
        BuiltinOperator.DepthwiseConv2D => "DEPTHWISE_CONV_2D",
        BuiltinOperator.FullyConnected => "FULLY_CONNECTED",
        BuiltinOperator.AveragePool2D => "AVERAGE_POOL_2D",
        BuiltinOperator.MaxPool2D => "MAX_POOL_2D",
        _ => code.ToString().ToUpperInvariant(),
    };

    [GeneratedRegex(@"^subgraph 0 name=\S+ inputs=\[(?<in>[^\]]*)\] outputs=\[(?<out>[^\]]*)\] ntensors=(?<n>\d+)$")]
    private static partial Regex SubgraphLine();

    [GeneratedRegex(@"^  t(?<i>\d+) (?<name>.+) (?<type>[A-Z0-9]+) \[(?<shape>[^\]]*)\] buf=(?<buf>\d+)\((?<bytes>\d+)B\)")]
    private static partial Regex TensorLine();

    [GeneratedRegex(@"^  op(?<i>\d+) (?<code>[A-Z0-9_]+)\(v(?<v>\d+)\) in=\[(?<in>[^\]]*)\] out=\[(?<out>[^\]]*)\]")]
    private static partial Regex OperatorLine();
}
