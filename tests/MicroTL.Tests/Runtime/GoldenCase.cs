namespace MicroTL.Tests.Runtime;

/// <summary>
/// One case folder of <c>tests/fixtures/tflm/golden</c>: the model it belongs to, the input, the
/// expected output, and every operator output listed in <c>activations/index.tsv</c>.
/// </summary>
public sealed record GoldenCase(string Name, string ModelPath, string CaseDirectory)
{
    // The golden folders are named after the example, not always after the model file.
    private static readonly Dictionary<string, string> ModelOfFolder = new()
    {
        ["hello_world_int8"] = "hello_world_int8.tflite",
        ["micro_speech_quantized"] = "micro_speech_quantized.tflite",
        ["network_tester_dwconv"] = "network_model.tflite",
    };

    public byte[] Input => File.ReadAllBytes(Path.Combine(CaseDirectory, "input.bin"));

    public byte[] Output => File.ReadAllBytes(Path.Combine(CaseDirectory, "output.bin"));

    /// <summary>(tensor index, expected bytes) for every activation in index.tsv.</summary>
    public IEnumerable<(int Tensor, byte[] Bytes)> Activations()
    {
        string folder = Path.Combine(CaseDirectory, "activations");
        foreach (string line in File.ReadLines(Path.Combine(folder, "index.tsv")).Skip(1))
        {
            if (line.Length == 0) continue;
            int tensor = int.Parse(line.Split('\t')[0]);
            yield return (tensor, File.ReadAllBytes(Path.Combine(folder, $"t{tensor}.bin")));
        }
    }

    /// <summary>Every case folder that has an input, an output and activations.</summary>
    public static IEnumerable<GoldenCase> All()
    {
        string golden = Path.Combine(TestFixtures.Tflm, "golden");
        foreach ((string folder, string model) in ModelOfFolder)
        foreach (string caseDir in Directory.GetDirectories(Path.Combine(golden, folder)).Order())
            yield return new GoldenCase($"{folder}/{Path.GetFileName(caseDir)}",
                Path.Combine(TestFixtures.Tflm, "models", model), caseDir);
    }

    public override string ToString() => Name;
}
