using System.Globalization;
using System.Text.Json;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class TransferCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-transfer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Is sin(x) positive? One sample a line: x itself (a real value, as a user has it), or with <paramref name="rawInt8"/> x quantized
    /// with hello_world's input scale and zero point in the device's float arithmetic (the integers the int8 input tensor holds).
    /// </summary>
    private string SineSignFile(int count, int seed, bool rawInt8 = false)
    {
        TfLiteModel model = ModelFile.Read(CliRunner.Model("hello_world_int8.tflite"));
        QuantizationParams q = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]].Quantization!;
        var random = new Random(seed);
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            float x = (float)(random.NextDouble() * 2 * Math.PI);
            string value = rawInt8
                ? Math.Clamp(MathF.Round(x / q.Scale[0], MidpointRounding.AwayFromZero) + q.ZeroPoint[0], -128, 127).ToString(CultureInfo.InvariantCulture)
                : x.ToString("R", CultureInfo.InvariantCulture);
            lines.Add($"{(MathF.Sin(x) > 0 ? 1 : 0)},{value}");
        }

        string path = Path.Combine(_dir, $"data{seed}{(rawInt8 ? "-raw" : "")}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Transfer_RealValuedCsv_LearnsAndWritesModelReportsAndC()
    {
        string model = Path.Combine(_dir, "adapted.tflite");
        string report = Path.Combine(_dir, "report.json"), html = Path.Combine(_dir, "report.html");
        string header = Path.Combine(_dir, "adapted_model.h");

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", SineSignFile(200, 1),
            "--test", SineSignFile(60, 2), "--classes", "2", "--out", model, "--report", report, "--html", html, "--header", header, "--quiet");

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
        Assert.Contains("extern const unsigned char adapted_model[ADAPTED_MODEL_LEN];", File.ReadAllText(header));
        Assert.Contains("MICROTL_ALIGN16 const unsigned char adapted_model[ADAPTED_MODEL_LEN] = {", File.ReadAllText(Path.Combine(_dir, "adapted_model.c")));
        Assert.Contains("Made by: microtl transfer", File.ReadAllText(header));
        Assert.Contains("<h2>Training per epoch</h2>", File.ReadAllText(html));
        Assert.Contains($"wrote      {model}, {header}, {Path.Combine(_dir, "adapted_model.c")}, {report}, {html}", result.Stdout);
    }

    [Fact]
    public void Transfer_RawInt8CsvOfTheSameSamples_WritesTheSameModel()
    {
        string real = Path.Combine(_dir, "real.tflite"), raw = Path.Combine(_dir, "raw.tflite");

        CliResult fromReal = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", SineSignFile(100, 3), "--classes", "2",
            "--out", real, "--quiet");
        CliResult fromRaw = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", SineSignFile(100, 3, rawInt8: true), "--raw-int8",
            "--classes", "2", "--out", raw, "--quiet");

        Assert.Equal(0, fromReal.ExitCode);
        Assert.Equal(0, fromRaw.ExitCode);
        Assert.Equal(File.ReadAllBytes(real), File.ReadAllBytes(raw));
    }

    [Fact]
    public void Transfer_DecimalsWithRawInt8_ExitsTwoSayingToDropTheOption()
    {
        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", SineSignFile(20, 5), "--raw-int8",
            "--classes", "2", "--out", Path.Combine(_dir, "never.tflite"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not an int8 (-128..127); with --raw-int8", result.Stderr);
        Assert.Contains("hint: leave out --raw-int8", result.Stderr);
        Assert.False(File.Exists(Path.Combine(_dir, "never.tflite")));
    }

    [Fact]
    public void Infer_RealValuedCsvRowAndFloat32File_GiveTheRawInputsOutput()
    {
        string csv = SineSignFile(5, 6), raw = SineSignFile(5, 6, rawInt8: true);
        string line = File.ReadAllLines(csv)[2], rawLine = File.ReadAllLines(raw)[2];
        float x = float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture);
        string floats = Path.Combine(_dir, "x.bin"), bytes = Path.Combine(_dir, "q.bin");
        File.WriteAllBytes(floats, BitConverter.GetBytes(x));
        File.WriteAllBytes(bytes, [unchecked((byte)sbyte.Parse(rawLine.Split(',')[1], CultureInfo.InvariantCulture))]);
        string model = CliRunner.Model("hello_world_int8.tflite");

        CliResult fromCsv = CliRunner.Run("infer", model, "--input", csv, "--row", "3");
        CliResult fromFloats = CliRunner.Run("infer", model, "--input", floats);
        CliResult fromBytes = CliRunner.Run("infer", model, "--input", bytes);

        Assert.Equal(0, fromCsv.ExitCode);
        string output = fromBytes.Stdout.Trim();
        Assert.StartsWith("output t", output);
        Assert.Contains(output, fromCsv.Stdout);
        Assert.Contains(output, fromFloats.Stdout);
        Assert.Contains("input  row 3 of 5", fromCsv.Stdout);
        Assert.Contains("input  1 float32 values", fromFloats.Stdout);
    }

    [Fact]
    public void Infer_CsvRowPastTheEnd_ExitsTwoNamingTheRows()
    {
        CliResult result = CliRunner.Run("infer", CliRunner.Model("hello_world_int8.tflite"), "--input", SineSignFile(4, 7), "--row", "9");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 4 sample lines; --row 9 is past them", result.Stderr);
    }

    [Fact]
    public void Evaluate_CsvOfRealValues_CountsEverySampleAgainstItsLabel()
    {
        string adapted = Path.Combine(_dir, "adapted.tflite"), test = SineSignFile(40, 9);
        Assert.Equal(0, CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", SineSignFile(200, 8), "--classes", "2",
            "--out", adapted, "--quiet").ExitCode);

        CliResult result = CliRunner.Run("evaluate", adapted, "--csv", test, "--json");

        Assert.Equal(0, result.ExitCode);
        JsonElement root = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(40, root.GetProperty("samples").GetInt32());
        Assert.Equal(["0", "1"], root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(40, root.GetProperty("confusion").EnumerateArray().Sum(row => row.EnumerateArray().Sum(n => n.GetInt32())));
        Assert.True(root.GetProperty("accuracy").GetDouble() >= 0.85);
    }

    [Fact]
    public void Evaluate_CsvWithALabelPastTheOutputs_ExitsTwo()
    {
        string csv = Path.Combine(_dir, "labels.csv");
        File.WriteAllText(csv, "0,1.5\n7,0.5\n");

        CliResult result = CliRunner.Run("evaluate", CliRunner.Model("hello_world_int8.tflite"), "--csv", csv);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("label 7, but the model has 1 output (classes 0..0)", result.Stderr);
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

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data, "--raw-int8", "--classes", "2",
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

        CliResult result = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--data", data, "--raw-int8",
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
