// The README's "Use the library" sample, compiled and run: the lines between the markers below are the
// README's C# block, line for line (a test holds them equal), with the paths as parameters.
using System.Globalization;
using System.Runtime.CompilerServices;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests;

public sealed class ReadmeSampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadmeSample_LoadsInfersAndTransfers()
    {
        string modelPath = TestFixtures.Model("hello_world_int8.tflite"), adaptedPath = Path.Combine(_dir, "adapted.tflite");
        string trainCsv = SineSignFile("train.csv", 200, 1), testCsv = SineSignFile("test.csv", 60, 2);
        // README-BEGIN
        TfLiteModel model = ModelFile.Read(modelPath);                      // a checked, zero-copy .tflite reader
        var interpreter = new Interpreter(model);                           // plans the arena once
        interpreter.InputBytes()[0] = unchecked((byte)-96);                 // the input tensor's raw bytes (int8 -96)
        interpreter.Invoke();                                               // bit-exact with TFLM, no allocation
        sbyte y = (sbyte)interpreter.OutputBytes()[0];

        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        IReadOnlyList<LabelledInput> train = LabelledInputFile.Read(trainCsv, input), test = LabelledInputFile.Read(testCsv, input);
        var settings = new TransferSettings(DeviceProfileLoader.Default.Memory, Classes: 2); // the nRF52840's RAM and flash bound the job
        TransferOutcome outcome = new TransferSession(model, settings).Run(train);       // the device: int8 features -> float head
        TransferEvaluation measured = TransferEvaluation.Measure(model, outcome, test);  // the host: both models on a test set
        ModelFile.Write(adaptedPath, outcome.DeployedModel);                // int8 body + float32 head (atomically)
        Console.WriteLine($"{measured.AccuracyBefore:P0} -> {measured.AccuracyAfter:P0}, {outcome.Memory.TotalBytes} bytes of RAM");
        // README-END

        string golden = Path.Combine(TestFixtures.Tflm, "golden", "hello_world_int8", "in_-96");
        Assert.Equal((sbyte)File.ReadAllBytes(Path.Combine(golden, "output.bin"))[0], y);
        Assert.True(measured.AccuracyAfter >= 0.9, $"after {measured.AccuracyAfter}");
        Assert.NotEmpty(ModelFile.Read(adaptedPath).MainSubgraph.Operators);
    }

    [Fact]
    public void ReadmeSample_IsTheReadmesCSharpBlock()
    {
        string readme = File.ReadAllText(Path.Combine(TestFixtures.Root, "..", "..", "README.md"));
        string[] block = [.. Lines(readme, "```csharp", "```")];
        string[] sample = [.. Lines(File.ReadAllText(ThisFile()), "// README-BEGIN", "// README-END")];

        Assert.True(block.Length >= 10, $"README.md has no ```csharp block of the sample ({block.Length} lines)");
        Assert.Equal(sample, block);
    }

    // The trimmed lines between the first line that is `begin` and the next that is `end`.
    private static IEnumerable<string> Lines(string text, string begin, string end) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim())
        .SkipWhile(l => l != begin).Skip(1).TakeWhile(l => l != end);

    private static string ThisFile([CallerFilePath] string path = "") => path;

    /// <summary>Is sin(x) positive? x as a real value: LabelledInputFile quantizes it with hello_world's input scale and zero point.</summary>
    private string SineSignFile(string name, int count, int seed)
    {
        var random = new Random(seed);
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(_ =>
        {
            float x = (float)(random.NextDouble() * 2 * Math.PI);
            return string.Create(CultureInfo.InvariantCulture, $"{(MathF.Sin(x) > 0 ? 1 : 0)},{x:R}");
        }));
        return path;
    }
}
