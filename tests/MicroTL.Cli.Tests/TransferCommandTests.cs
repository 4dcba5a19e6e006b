using System.Globalization;
using System.Text.Json;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class TransferCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-transfer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Is sin(x) positive? Inputs quantized like hello_world's input tensor.</summary>
    private string SineSignFile(int count, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            double x = random.NextDouble() * 2 * Math.PI;
            int q = Math.Clamp((int)Math.Round(x / 0.024480115622282028) - 128, -128, 127);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{(Math.Sin(x) > 0 ? 1 : 0)},{q}"));
        }

        string path = Path.Combine(_dir, $"data{seed}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Transfer_HelloWorldNewClasses_WritesModelAndReport()
    {
        string model = Path.Combine(_dir, "adapted.tflite");
        string report = Path.Combine(_dir, "report.json");
        string header = Path.Combine(_dir, "adapted_model.h");

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", SineSignFile(200, 1),
            "--test", SineSignFile(60, 2), "--classes", "2", "--out", model, "--report", report, "--header", header, "--quiet");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(report));
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("accuracy").GetProperty("after").GetDouble() >= 0.9);
        Assert.True(root.GetProperty("accuracy").GetProperty("before").GetDouble() < 0.7);
        Assert.True(root.GetProperty("epochs").GetInt32() >= 1);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("stopReason").GetString()));
        Assert.True(root.GetProperty("memory").GetProperty("totalBytes").GetInt64() > 0);
        Assert.Equal(60, root.GetProperty("export").GetProperty("agreements").GetInt32());
        Assert.Equal(TensorType.Float32, ModelFile.Read(model).MainSubgraph.Tensors[ModelFile.Read(model).MainSubgraph.Outputs[0]].Type);
        Assert.Contains("adapted_model[]", File.ReadAllText(header));
    }

    [Fact]
    public void Transfer_JobTooLargeForDevice_ExitsThreeListingComponents()
    {
        string data = Path.Combine(_dir, "speech.csv");
        File.WriteAllText(data, "2," + string.Join(",", Enumerable.Repeat("0", 1960)) + "\n");

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("micro_speech_quantized.tflite"), "--data", data,
            "--out", Path.Combine(_dir, "never.tflite"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("inference arena", result.Stderr);
        Assert.Contains("head parameters", result.Stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "never.tflite")));
    }

    [Fact]
    public void Transfer_StoreInFlashDryRun_PrintsTheIndexAndTheFlashPlan()
    {
        string store = Path.Combine(_dir, "store.mtl");

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--classes", "2",
            "--store", store, "--store-in-flash", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("feature store index (RAM; records in flash)", result.Stdout);
        Assert.DoesNotContain("feature store (int8)", result.Stdout);
        Assert.Contains("bytes flash on nrf52840 (fits)", result.Stdout);
        Assert.False(File.Exists(store)); // a dry run opens nothing
    }

    [Fact]
    public void Transfer_StoreInFlashLargerThanFlash_ExitsThreeWithTheFlashNumbers()
    {
        CliResult result = CliRunner.Run("transfer", CliRunner.Model("micro_speech_quantized.tflite"), "--dry-run",
            "--store", Path.Combine(_dir, "x.mtl"), "--store-in-flash", "--store-bytes", "400200", "--hidden", "2",
            "--optimizer", "sgd", "--batch", "1", "--stopping", "fixed", "--no-snapshot");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("bytes of flash, nrf52840 has 1048576", result.Stderr);
        Assert.Contains("feature store log", result.Stderr);
    }

    [Fact]
    public void Transfer_StoreFileOfTheOldFormat_ExitsTwoNamingTheFileAndTheVersion()
    {
        // A store written before the flash port: the single-file log, format version 1.
        string store = Path.Combine(_dir, "old.mtl");
        byte[] old = new byte[40 + 44];
        "MTLFS"u8.CopyTo(old);
        old[5] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(36), MicroTL.Storage.Crc32.Compute(old.AsSpan(0, 36)));
        File.WriteAllBytes(store, old);
        string data = Path.Combine(_dir, "d.csv");
        File.WriteAllLines(data, Enumerable.Range(0, 20).Select(i => $"{i % 2},{i}"));

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data, "--classes", "2",
            "--store", store, "--out", Path.Combine(_dir, "out.tflite"), "--quiet");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(store, result.Stderr);
        Assert.Contains("format version 1 is not supported", result.Stderr);
        Assert.Equal(old, File.ReadAllBytes(store));
        Assert.False(File.Exists(Path.Combine(_dir, "out.tflite")));
    }

    [Fact]
    public void Transfer_StoreInFlashWithoutStoreFile_ExitsTwo()
    {
        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--store-in-flash", "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--store", result.Stderr);
    }

    [Fact]
    public void Transfer_MalformedDataLine_ExitsTwoNamingLine()
    {
        string data = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(data, "0,1\n1,2,3\n");

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data,
            "--classes", "2", "--out", Path.Combine(_dir, "out.tflite"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.csv:2", result.Stderr);
    }

    [Fact]
    public void Transfer_DivergingLearningRate_ReportsDivergedAndWritesAValidModel()
    {
        string outPath = Path.Combine(_dir, "deployed.tflite");
        string data = Path.Combine(_dir, "ones.csv");
        File.WriteAllLines(data, Enumerable.Range(0, 50).Select(i => $"0,{i * 5 - 128}"));

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data,
            "--optimizer", "sgd", "--lr", "1e30", "--out", outPath, "--quiet");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Diverged", result.Stdout);
        Assert.NotEmpty(ModelFile.Read(outPath).MainSubgraph.Operators);
    }

    [Fact]
    public void Transfer_SameSeedTwice_WritesByteIdenticalModelsAndReports()
    {
        string data = SineSignFile(150, 4);
        byte[][] outputs = new byte[4][];
        for (int run = 0; run < 2; run++)
        {
            string model = Path.Combine(_dir, $"run{run}.tflite"), report = Path.Combine(_dir, $"run{run}.json");
            CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data,
                "--classes", "2", "--seed", "11", "--out", model, "--report", report, "--quiet");
            Assert.Equal(0, result.ExitCode);
            outputs[2 * run] = File.ReadAllBytes(model);
            outputs[2 * run + 1] = File.ReadAllBytes(report);
        }

        Assert.Equal(outputs[0], outputs[2]);
        Assert.Equal(outputs[1], outputs[3]);
    }
}
