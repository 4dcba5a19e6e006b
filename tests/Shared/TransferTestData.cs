using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.TestSupport;

/// <summary>Labelled inputs for transfer tests, built from the real TFLM models and their inputs.</summary>
internal static class TransferTestData
{
    public static TfLiteModel HelloWorld => TestFixtures.ReadModel(TestFixtures.Model("hello_world_int8.tflite"));

    public static TfLiteModel MicroSpeech => TestFixtures.ReadModel(TestFixtures.Model("micro_speech_quantized.tflite"));

    /// <summary>
    /// The share of <paramref name="samples"/> whose label <paramref name="model"/>, run by the interpreter, predicts; each
    /// sample from the model's start state (an LSTM's state reset, as the session extracts features).
    /// </summary>
    public static double Accuracy(TfLiteModel model, IReadOnlyList<LabelledInput> samples)
    {
        var interpreter = new Interpreter(model);
        int correct = 0;
        foreach (LabelledInput sample in samples)
        {
            sample.Input.CopyTo(interpreter.InputBytes());
            interpreter.ResetVariableTensors();
            interpreter.Invoke();
            if (FeatureExtractor.OutputArgMax(interpreter) == sample.Label) correct++;
        }

        return (double)correct / samples.Count;
    }

    /// <summary>
    /// A new two-class task for the hello_world body: is sin(x) positive? x uniform in [0, 2π),
    /// quantized with the model's input scale and zero point.
    /// </summary>
    public static List<LabelledInput> SineSign(int count, int seed)
    {
        QuantizationParams q = HelloWorld.MainSubgraph.Tensors[0].Quantization!;
        var random = new Random(seed);
        var samples = new List<LabelledInput>(count);
        for (int i = 0; i < count; i++)
        {
            double x = random.NextDouble() * 2 * Math.PI;
            int value = Math.Clamp((int)Math.Round(x / q.Scale[0]) + (int)q.ZeroPoint[0], -128, 127);
            samples.Add(new LabelledInput([(byte)(sbyte)value], Math.Sin(x) > 0 ? 1 : 0));
        }

        return samples;
    }

    /// <summary>
    /// micro_speech's own task: TFLM's "yes" (label 2) and "no" (label 3) spectrograms, each value
    /// moved by up to ±<paramref name="noise"/> so that every sample differs.
    /// </summary>
    public static List<LabelledInput> YesNo(int count, int seed, int noise = 3)
    {
        byte[] yes = File.ReadAllBytes(Path.Combine(TestFixtures.Tflm, "micro_speech_features", "yes_micro_features_int8.bin"));
        byte[] no = File.ReadAllBytes(Path.Combine(TestFixtures.Tflm, "micro_speech_features", "no_micro_features_int8.bin"));
        var random = new Random(seed);
        var samples = new List<LabelledInput>(count);
        for (int i = 0; i < count; i++)
        {
            byte[] source = i % 2 == 0 ? yes : no;
            var input = new byte[source.Length];
            for (int k = 0; k < input.Length; k++)
                input[k] = (byte)(sbyte)Math.Clamp((sbyte)source[k] + random.Next(-noise, noise + 1), -128, 127);
            samples.Add(new LabelledInput(input, i % 2 == 0 ? 2 : 3));
        }

        return samples;
    }
}
