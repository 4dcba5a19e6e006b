using BenchmarkDotNet.Attributes;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.Toolkit.IO;

namespace MicroTL.Bench;

/// <summary>
/// One full inference of the real models of tests/fixtures/zoo (the person detector, the MNIST LSTM, the
/// micro_speech LSTM, MLCommons Tiny's DS-CNN keyword spotter), on the golden inputs TFLM's harness was timed on.
/// The LSTM's state runs on from one inference to the next, as in TFLM's own loop.
/// </summary>
[MemoryDiagnoser]
public class ZooInferenceBenchmarks
{
    private Interpreter _interpreter = null!;

    [Params("person_detect", "trained_lstm_int8", "micro_speech_lstm", "kws_ref_model")]
    public string Model { get; set; } = "";

    /// <summary>"best": the widest SIMD the CPU has; "scalar": the same kernels with vector instructions off.</summary>
    [Params("best", "scalar")]
    public string Simd { get; set; } = "best";

    [GlobalSetup]
    public void Setup()
    {
        var options = new InterpreterOptions { SimdLevel = Simd == "scalar" ? SimdLevel.Scalar : SimdSupport.Best };
        _interpreter = new Interpreter(ModelFile.Read(Path.Combine(BenchData.Zoo, "models", Model + ".tflite")), options);
        string golden = Directory.GetDirectories(Path.Combine(BenchData.Zoo, "golden", Model)).Order(StringComparer.Ordinal).First();
        File.ReadAllBytes(Path.Combine(golden, "input.bin")).CopyTo(_interpreter.InputBytes());
    }

    [Benchmark]
    public void Invoke() => _interpreter.Invoke();
}
