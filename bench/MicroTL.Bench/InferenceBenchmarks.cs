using BenchmarkDotNet.Attributes;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Bench;

/// <summary>
/// Time and allocations of one full inference for each TFLM model, on the same inputs as the
/// native TFLM reference-kernel yardstick (see README, "Benchmarks").
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private Interpreter _interpreter = null!;

    [Params("hello_world_int8", "micro_speech_quantized", "network_model", "test_conv_model", "simple_add_model")]
    public string Model { get; set; } = "";

    /// <summary>"best": the widest SIMD the CPU has; "scalar": the same kernels with vector instructions off.</summary>
    [Params("best", "scalar")]
    public string Simd { get; set; } = "best";

    [GlobalSetup]
    public void Setup()
    {
        var options = new InterpreterOptions { SimdLevel = Simd == "scalar" ? SimdLevel.Scalar : SimdSupport.Best };
        _interpreter = new Interpreter(ModelFile.Read(Path.Combine(BenchData.Tflm, "models", Model + ".tflite")), options);
        Span<byte> input = _interpreter.InputBytes();
        byte[] bytes = BenchData.InputFor(Model, input.Length);
        if (Model == "test_conv_model") FillUnitFloats(input);
        else bytes.CopyTo(input);
    }

    [Benchmark]
    public void Invoke() => _interpreter.Invoke();

    // test_conv_model takes float32 [1,16,16,1]: values in [0,1) from the same xorshift32 stream.
    private static void FillUnitFloats(Span<byte> input)
    {
        Span<float> values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(input);
        uint state = 1;
        for (int i = 0; i < values.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            values[i] = (state >> 8) / 16777216f;
        }
    }
}
