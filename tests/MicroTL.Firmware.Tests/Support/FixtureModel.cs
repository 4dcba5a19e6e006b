// One TFLM fixture model with the cases the firmware tests run through it: every golden case of
// tests/fixtures/tflm/golden that belongs to it, or (models without goldens) three seeded random inputs;
// and what the C# interpreter computes for each: every operator's output and the arena's tail.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using MicroTL.Runtime;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Support;

/// <summary>One case: the input bytes (every graph input in order), the golden activations when there are any, and the C#'s outputs.</summary>
internal sealed record ModelCase(string Name, byte[] Input, IReadOnlyDictionary<int, byte[]> Golden, IReadOnlyDictionary<int, byte[]> CSharp);

internal sealed class FixtureModel
{
    // The golden folders are named after the example, not always after the model file (as GoldenCase in MicroTL.Tests).
    private static readonly Dictionary<string, string> GoldenFolderOf = new()
    {
        ["hello_world_int8.tflite"] = "hello_world_int8",
        ["micro_speech_quantized.tflite"] = "micro_speech_quantized",
        ["network_model.tflite"] = "network_tester_dwconv",
    };

    private static readonly ConcurrentDictionary<string, Lazy<FixtureModel>> Cache = new();

    private FixtureModel(string fileName, string path, byte[] bytes)
    {
        FileName = fileName;
        Path = path;
        Bytes = bytes;
        Model = TfLiteReader.Read(Bytes);
        var interpreter = new Interpreter(Model);
        Plan = interpreter.Plan;
        MacsPerInference = interpreter.MacsPerInference;
        Tail = CSharpTail(Model);
        Cases = Inputs().Select(c => c with { CSharp = CSharpOutputs(Model, c.Input) }).ToArray();
    }

    /// <summary>Every fixture model's file name, for theories.</summary>
    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (string model in TestFixtures.Models()) data.Add(System.IO.Path.GetFileName(model));
        return data;
    }

    /// <summary>A model of tests/fixtures/tflm/models.</summary>
    public static FixtureModel Get(string fileName) => Cache.GetOrAdd(fileName, f => new Lazy<FixtureModel>(() =>
    {
        string path = TestFixtures.Model(f);
        return new FixtureModel(f, path, File.ReadAllBytes(path));
    })).Value;

    /// <summary>A model built in memory, as the bytes TfLiteWriter writes for it (read back like a file); random cases.</summary>
    public static FixtureModel InMemory(string fileName, Func<TfLiteModel> build) => Cache.GetOrAdd(fileName, f => new Lazy<FixtureModel>(() =>
        new FixtureModel(f, f, TfLiteWriter.Write(build())))).Value;

    public string FileName { get; }

    public string Path { get; }

    public byte[] Bytes { get; }

    public TfLiteModel Model { get; }

    public ArenaPlan Plan { get; }

    public long MacsPerInference { get; }

    /// <summary>The C# interpreter's arena tail after Prepare: every operator's persistent data.</summary>
    public byte[] Tail { get; }

    public IReadOnlyList<ModelCase> Cases { get; }

    private IEnumerable<ModelCase> Inputs()
    {
        Dictionary<int, byte[]> none = [];
        if (GoldenFolderOf.TryGetValue(FileName, out string? folder))
        {
            foreach (string caseDir in Directory.GetDirectories(System.IO.Path.Combine(TestFixtures.Tflm, "golden", folder)).Order(StringComparer.Ordinal))
                yield return new ModelCase($"{folder}/{System.IO.Path.GetFileName(caseDir)}",
                    File.ReadAllBytes(System.IO.Path.Combine(caseDir, "input.bin")), Golden(caseDir), none);
            yield break;
        }
        var rng = new Random(FileName.Length * 7919 + FileName[0]);
        for (int k = 0; k < 3; k++) yield return new ModelCase($"{FileName}/random{k}", RandomInput(rng), none, none);
    }

    private static Dictionary<int, byte[]> Golden(string caseDir)
    {
        string folder = System.IO.Path.Combine(caseDir, "activations");
        var golden = new Dictionary<int, byte[]>();
        foreach (string line in File.ReadLines(System.IO.Path.Combine(folder, "index.tsv")).Skip(1).Where(l => l.Length > 0))
        {
            int tensor = int.Parse(line.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
            golden[tensor] = File.ReadAllBytes(System.IO.Path.Combine(folder, $"t{tensor}.bin"));
        }
        return golden;
    }

    // int8 inputs: any byte; float32 inputs: values in [-2, 2], the range the float fixtures are trained on.
    private byte[] RandomInput(Random rng)
    {
        var bytes = new List<byte>();
        foreach (int input in Model.MainSubgraph.Inputs)
        {
            TensorInfo t = Model.MainSubgraph.Tensors[input];
            if (t.Type == TensorType.Float32)
            {
                var values = new float[t.ElementCount];
                for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 4 - 2);
                bytes.AddRange(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            }
            else
            {
                var values = new byte[t.ByteCount];
                rng.NextBytes(values);
                bytes.AddRange(values);
            }
        }
        return bytes.ToArray();
    }

    private static Dictionary<int, byte[]> CSharpOutputs(TfLiteModel model, byte[] input)
    {
        var interpreter = new Interpreter(model);
        int offset = 0;
        for (int i = 0; i < model.MainSubgraph.Inputs.Length; i++)
        {
            Span<byte> destination = interpreter.InputBytes(i);
            input.AsSpan(offset, destination.Length).CopyTo(destination);
            offset += destination.Length;
        }
        var outputs = new Dictionary<int, byte[]>();
        interpreter.InvokeObserved((_, op) =>
        {
            foreach (int o in op.Outputs) outputs[o] = interpreter.TensorBytes(o).ToArray();
        });
        return outputs;
    }

    private static byte[] CSharpTail(TfLiteModel model)
    {
        var arena = new byte[Interpreter.RequiredArenaBytes(model)];
        var interpreter = new Interpreter(model, arena);
        int top = arena.Length / 16 * 16;
        return arena.AsSpan(top - (int)interpreter.Plan.PersistentBytes, (int)interpreter.Plan.PersistentBytes).ToArray();
    }
}
