// Runs the shared TFLM models operator by operator through the prepared operators and compares every
// activation with the exact outputs of TFLM's reference kernels (golden/*/activations).
using System.Runtime.InteropServices;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

public class GoldenModelTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "hello_world_int8.tflite", "hello_world_int8", "in_-96" },
        { "hello_world_int8.tflite", "hello_world_int8", "in_-63" },
        { "hello_world_int8.tflite", "hello_world_int8", "in_-34" },
        { "hello_world_int8.tflite", "hello_world_int8", "in_0" },
        { "micro_speech_quantized.tflite", "micro_speech_quantized", "yes" },
        { "micro_speech_quantized.tflite", "micro_speech_quantized", "no" },
        { "network_model.tflite", "network_tester_dwconv", "default" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PreparedOperators_GoldenCase_ReproduceEveryActivation(string modelFile, string folder, string caseName)
    {
        TfLiteModel model = LoadModel(modelFile);
        string dir = Path.Combine(KernelTestData.Tflm, "golden", folder, caseName);
        var storage = new TestTensorStorage(model);
        File.ReadAllBytes(Path.Combine(dir, "input.bin")).CopyTo(storage[model.MainSubgraph.Inputs[0]], 0);

        foreach (PreparedOperator op in OperatorResolver.PrepareAll(model)) op.Eval(storage);

        foreach (string line in File.ReadLines(Path.Combine(dir, "activations", "index.tsv")).Skip(1))
        {
            int tensor = int.Parse(line.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
            byte[] expected = File.ReadAllBytes(Path.Combine(dir, "activations", $"t{tensor}.bin"));
            Assert.True(expected.AsSpan().SequenceEqual(storage[tensor]), $"tensor {tensor} differs");
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "output.bin")), storage[model.MainSubgraph.Outputs[0]]);
    }

    [Fact]
    public void PreparedOperators_NetworkTesterUpstream_MatchesExpectedOutput()
    {
        TfLiteModel model = LoadModel("network_model.tflite");
        string dir = Path.Combine(KernelTestData.Tflm, "golden", "network_tester_upstream");
        var storage = new TestTensorStorage(model);
        File.ReadAllBytes(Path.Combine(dir, "input_data.bin")).CopyTo(storage[0], 0);
        foreach (PreparedOperator op in OperatorResolver.PrepareAll(model)) op.Eval(storage);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "expected_output_data.bin")), storage[3]);
    }

    [Fact]
    public void PreparedOperators_HelloWorldFloat_ApproximatesSine()
    {
        TfLiteModel model = LoadModel("hello_world_float.tflite");
        PreparedOperator[] ops = OperatorResolver.PrepareAll(model);
        var storage = new TestTensorStorage(model);
        foreach (float x in new[] { 0.5f, 1.5f, 3f, 4.5f, 6f })
        {
            MemoryMarshal.Cast<byte, float>(storage[0].AsSpan())[0] = x;
            foreach (PreparedOperator op in ops) op.Eval(storage);
            float y = MemoryMarshal.Cast<byte, float>(storage[9].AsSpan())[0];
            Assert.InRange(y - MathF.Sin(x), -0.25f, 0.25f);
        }
    }

    [Fact]
    public void PreparedOperators_TestConvModel_RunsFloatAroundInt8Body()
    {
        TfLiteModel model = LoadModel("test_conv_model.tflite");
        PreparedOperator[] ops = OperatorResolver.PrepareAll(model);
        Assert.Equal(7, ops.Length);
        Assert.True(((Conv2DOperator)ops[2]).UsesFastPath);
        var storage = new TestTensorStorage(model);
        Span<float> input = MemoryMarshal.Cast<byte, float>(storage[13].AsSpan());
        for (int i = 0; i < input.Length; i++) input[i] = (i * 37 % 256) / 255f;
        foreach (PreparedOperator op in ops) op.Eval(storage);
        foreach (float y in MemoryMarshal.Cast<byte, float>(storage[14].AsSpan())) Assert.True(float.IsFinite(y));
        Assert.Equal(14L * 14 * 16 * 9, ops[1].MacCount);
        Assert.Equal(12L * 12 * 32 * 9 * 16, ops[2].MacCount);
        Assert.Equal(10L * 1152, ops[5].MacCount);
    }

    internal static TfLiteModel LoadModel(string file) =>
        TestModelReader.Read(File.ReadAllBytes(Path.Combine(KernelTestData.Tflm, "models", file)));
}
