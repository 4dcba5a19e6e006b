using MicroTL.Runtime;
using MicroTL.TestSupport;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime;

public class InterpreterTests
{
    private static TfLiteModel Load(string name) => TestFixtures.ReadModel(Path.Combine(TestFixtures.Tflm, "models", name));

    // Worked out by hand from the tensor sizes (16-byte aligned) and lifetimes in each model's dump:
    // hello_world: four 1..16-byte tensors, at most two alive at once -> 2 x 16.
    // micro_speech: the 1960-byte reshape output and the 4000-byte depthwise output alive together.
    // network_model: the 1024-byte input and the 256-byte output.
    [Theory]
    [InlineData("hello_world_int8.tflite", 32)]
    [InlineData("micro_speech_quantized.tflite", 1968 + 4000)]
    [InlineData("network_model.tflite", 1024 + 256)]
    public void PlanActivationBytes_ReferenceModels_EqualsHandPlannedSize(string model, long expected)
    {
        Assert.Equal(expected, new Interpreter(Load(model)).Plan.ActivationBytes);
    }

    [Theory]
    [InlineData("hello_world_int8.tflite")]
    [InlineData("hello_world_float.tflite")]
    [InlineData("micro_speech_quantized.tflite")]
    [InlineData("network_model.tflite")]
    [InlineData("test_conv_model.tflite")]
    [InlineData("simple_add_model.tflite")]
    public void Invoke_SteadyState_AllocatesNothing(string model)
    {
        var interpreter = new Interpreter(Load(model));
        interpreter.Invoke(); // first run warms up the JIT

        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            for (int i = 0; i < 20; i++) interpreter.Invoke();
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Invoke_FloatHelloWorld_ApproximatesSine()
    {
        var interpreter = new Interpreter(Load("hello_world_float.tflite"));
        Span<float> input = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(interpreter.InputBytes());
        for (float x = 0.5f; x < 6f; x += 0.5f)
        {
            input[0] = x;
            interpreter.Invoke();
            float y = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(interpreter.OutputBytes())[0];
            Assert.InRange(y, MathF.Sin(x) - 0.2f, MathF.Sin(x) + 0.2f);
        }
    }

    [Fact]
    public void Invoke_Int8HelloWorld_AgreesWithFloatModel()
    {
        var quantized = new Interpreter(Load("hello_world_int8.tflite"));
        var reference = new Interpreter(Load("hello_world_float.tflite"));
        QuantizationParams inQ = quantized.Model.MainSubgraph.Tensors[quantized.Model.MainSubgraph.Inputs[0]].Quantization!;
        QuantizationParams outQ = quantized.Model.MainSubgraph.Tensors[quantized.Model.MainSubgraph.Outputs[0]].Quantization!;
        for (float x = 0.25f; x < 6f; x += 0.25f)
        {
            quantized.InputBytes()[0] = (byte)(sbyte)Math.Clamp(MathF.Round(x / inQ.Scale[0]) + inQ.ZeroPoint[0], -128, 127);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(reference.InputBytes())[0] = x;
            quantized.Invoke();
            reference.Invoke();
            float y = outQ.Scale[0] * ((sbyte)quantized.OutputBytes()[0] - outQ.ZeroPoint[0]);
            float expected = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(reference.OutputBytes())[0];
            Assert.InRange(y, expected - 0.1f, expected + 0.1f);
        }
    }

    [Fact]
    public void InvokeRange_Prefix_LeavesLaterOutputsUntouched()
    {
        var interpreter = new Interpreter(Load("micro_speech_quantized.tflite"));
        File.ReadAllBytes(Path.Combine(TestFixtures.Tflm, "golden", "micro_speech_quantized", "yes", "input.bin")).CopyTo(interpreter.InputBytes());

        interpreter.InvokeRange(0, 2); // reshape + depthwise conv: the body up to the FC head

        byte[] expected = File.ReadAllBytes(Path.Combine(TestFixtures.Tflm, "golden", "micro_speech_quantized", "yes", "activations", "t2.bin"));
        Assert.Equal(expected, interpreter.TensorBytes(2).ToArray());
    }

    [Fact]
    public void Constructor_ArenaAboveLimit_ThrowsNamingBytes()
    {
        var options = new InterpreterOptions { MaxArenaBytes = 1000 };

        var error = Assert.Throws<InvalidModelException>(() => new Interpreter(Load("micro_speech_quantized.tflite"), options));

        Assert.Contains("1000 bytes", error.Message);
    }

    [Fact]
    public void Constructor_TensorNothingWrites_PlannedFromTheStartAsTflmDoes()
    {
        TfLiteModel model = Load("hello_world_int8.tflite");
        Subgraph graph = model.MainSubgraph;
        // Make the second op read a new tensor that nothing writes: TFLM accepts this and reads the arena as it is.
        int unwritten = graph.Tensors.Count;
        var ops = graph.Operators.ToArray();
        TensorInfo shapeOfInput = graph.Tensors[ops[1].Inputs[0]];
        ops[1] = ops[1] with { Inputs = [unwritten, ops[1].Inputs[1], ops[1].Inputs[2]] };
        TfLiteModel odd = model with { Subgraphs = [graph with { Operators = ops, Tensors = [.. graph.Tensors, shapeOfInput with { Name = "unwritten" }] }] };

        var interpreter = new Interpreter(odd);
        interpreter.Invoke();

        ArenaEntry entry = interpreter.Plan.Entries.Single(e => e.Kind == ArenaEntryKind.Tensor && e.Tensor == unwritten);
        Assert.Equal((0, 1), (entry.FirstStep, entry.LastStep));
    }

    [Fact]
    public void Constructor_HugeDeclaredShape_ThrowsBeforeAllocating()
    {
        TfLiteModel model = Load("simple_add_model.tflite");
        Subgraph graph = model.MainSubgraph;
        var tensors = graph.Tensors.ToArray();
        tensors[2] = tensors[2] with { Shape = [1, 1 << 20, 1 << 20, 1] };
        TfLiteModel broken = model with { Subgraphs = [graph with { Tensors = tensors }] };

        var error = Assert.Throws<InvalidModelException>(() => new Interpreter(broken));

        Assert.Contains("tensor 2", error.Message);
    }
}
