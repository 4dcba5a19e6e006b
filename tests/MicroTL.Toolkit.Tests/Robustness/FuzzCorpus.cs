using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Tests.Training;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Robustness;

/// <summary>
/// The models the fuzz test mutates: every TFLM example model, and the models our own tools write
/// (int8 motion and image base networks, the float32 export, and a hybrid model adapted by a transfer run).
/// Untrained networks are enough: the fuzzer tests structure, not accuracy.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> Models = new(Build);

    public static IReadOnlyList<(string Name, byte[] Bytes)> All => Models.Value;

    private static List<(string Name, byte[] Bytes)> Build()
    {
        var corpus = new List<(string, byte[])>();
        foreach (string path in Directory.GetFiles(Path.Combine(TestFixtures.Folder("tflm"), "models"), "*.tflite").Order())
            corpus.Add((Path.GetFileName(path), File.ReadAllBytes(path)));

        QuantizedModel motion = Quantized(BaseNetworks.Motion(4));
        corpus.Add(("pretrained motion int8", motion.Bytes));
        corpus.Add(("pretrained image int8", Quantized(BaseNetworks.Image(10)).Bytes));
        corpus.Add(("pretrained motion float32", TfLiteWriter.Write(FloatExporter.Export(BaseNetworks.Motion(4)))));
        corpus.Add(("adapted motion hybrid", TfLiteWriter.Write(Adapted(motion.Model))));
        return corpus;
    }

    private static QuantizedModel Quantized(FloatNetwork network)
    {
        var samples = new SampleSet(network.InputShape, GradientCheck.RandomValues(8 * network.InputShape.Size, 5, 10f), [0, 1, 2, 3, 0, 1, 2, 3]);
        return Int8Quantizer.Quantize(network, samples);
    }

    /// <summary>A new 5-class head trained for two epochs on random inputs: a hybrid int8 body + float head model.</summary>
    private static TfLiteModel Adapted(TfLiteModel model)
    {
        var random = new Random(3);
        int inputBytes = (int)model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]].ByteCount;
        List<LabelledInput> Inputs(int count) => [.. Enumerable.Range(0, count).Select(i =>
        {
            var bytes = new byte[inputBytes];
            random.NextBytes(bytes);
            return new LabelledInput(bytes, i % 5);
        })];

        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 5, MaxEpochs: 2, Seed: 1));
        TransferOutcome outcome = session.Run(Inputs(20));
        MicroTL.Toolkit.Experiments.TransferEvaluation.Measure(model, outcome, Inputs(10)); // the candidate runs on the interpreter
        return outcome.DeployedModel;
    }
}
