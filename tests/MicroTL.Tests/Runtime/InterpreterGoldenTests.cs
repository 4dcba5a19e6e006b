using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Tests.Runtime;

/// <summary>Bit-exactness against the TFLM reference kernels: every byte of every layer.</summary>
public class InterpreterGoldenTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (GoldenCase golden in GoldenCase.All()) data.Add(golden.Name);
        return data;
    }

    private static GoldenCase Find(string name) => GoldenCase.All().Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invoke_GoldenInput_OutputEqualsTflmByteForByte(string caseName)
    {
        GoldenCase golden = Find(caseName);
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath));

        golden.Input.CopyTo(interpreter.InputBytes());
        interpreter.Invoke();

        Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invoke_GoldenInput_EveryActivationEqualsTflmByteForByte(string caseName)
    {
        GoldenCase golden = Find(caseName);
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath));
        var seen = new Dictionary<int, byte[]>();
        golden.Input.CopyTo(interpreter.InputBytes());
        foreach (int input in interpreter.Model.MainSubgraph.Inputs) seen[input] = interpreter.TensorBytes(input).ToArray();

        // Read each operator's outputs right after it runs: later ops may reuse their arena slices.
        interpreter.InvokeObserved((_, op) =>
        {
            foreach (int output in op.Outputs) seen[output] = interpreter.TensorBytes(output).ToArray();
        });

        int compared = 0;
        foreach ((int tensor, byte[] expected) in golden.Activations())
        {
            Assert.True(seen.ContainsKey(tensor), $"tensor {tensor} is neither a graph input nor an operator output");
            Assert.True(expected.AsSpan().SequenceEqual(seen[tensor]), $"{caseName}: tensor {tensor} differs");
            compared++;
        }

        Assert.True(compared > 0);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invoke_PreserveAllTensors_EveryActivationReadableAfterTheRun(string caseName)
    {
        GoldenCase golden = Find(caseName);
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath), new InterpreterOptions { PreserveAllTensors = true });
        golden.Input.CopyTo(interpreter.InputBytes());

        interpreter.Invoke();

        foreach ((int tensor, byte[] expected) in golden.Activations())
            Assert.True(expected.AsSpan().SequenceEqual(interpreter.TensorBytes(tensor)), $"{caseName}: tensor {tensor} differs");
    }

    [Fact]
    public void Invoke_NetworkTester_MatchesUpstreamExpectedOutput()
    {
        string upstream = Path.Combine(TestFixtures.Tflm, "golden", "network_tester_upstream");
        var interpreter = new Interpreter(TestFixtures.ReadModel(Path.Combine(TestFixtures.Tflm, "models", "network_model.tflite")));

        File.ReadAllBytes(Path.Combine(upstream, "input_data.bin")).CopyTo(interpreter.InputBytes());
        interpreter.Invoke();

        Assert.Equal(File.ReadAllBytes(Path.Combine(upstream, "expected_output_data.bin")), interpreter.OutputBytes().ToArray());
    }

    [Theory]
    [InlineData("yes_micro_features_int8.bin", 2)]
    [InlineData("no_micro_features_int8.bin", 3)]
    public void Invoke_MicroSpeechFeatures_RecognisesTheWord(string features, int expectedLabel)
    {
        string path = Path.Combine(TestFixtures.Tflm, "micro_speech_features", features);
        var interpreter = new Interpreter(TestFixtures.ReadModel(Path.Combine(TestFixtures.Tflm, "models", "micro_speech_quantized.tflite")));

        File.ReadAllBytes(path).CopyTo(interpreter.InputBytes());
        interpreter.Invoke();

        ReadOnlySpan<sbyte> scores = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(interpreter.OutputBytes());
        int best = 0;
        for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        Assert.Equal(expectedLabel, best);
    }
}
