using System.Text.Json;

namespace MicroTL.Cli.Tests;

public sealed class InferCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-infer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Infer_GoldenInput_WritesOutputEqualToGolden()
    {
        string golden = Path.Combine(CliRunner.Tflm, "golden", "micro_speech_quantized", "no");
        string output = Path.Combine(_dir, "out.bin");

        CliResult result = CliRunner.Run("infer", CliRunner.Model("micro_speech_quantized.tflite"),
            "--input", Path.Combine(golden, "input.bin"), "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(golden, "output.bin")), File.ReadAllBytes(output));
    }

    [Fact]
    public void Infer_Activations_WritesTheGoldenFolderLayout()
    {
        string golden = Path.Combine(CliRunner.Tflm, "golden", "hello_world_int8", "in_-63");
        string activations = Path.Combine(_dir, "act");

        CliResult result = CliRunner.Run("infer", CliRunner.Model("hello_world_int8.tflite"),
            "--input", Path.Combine(golden, "input.bin"), "--activations", activations);

        Assert.Equal(0, result.ExitCode);
        string[] expectedIndex = File.ReadAllLines(Path.Combine(golden, "activations", "index.tsv"));
        string[] actualIndex = File.ReadAllLines(Path.Combine(activations, "index.tsv"));
        Assert.Equal(expectedIndex[0], actualIndex[0]);
        foreach (string line in expectedIndex.Skip(1))
        {
            string file = $"t{line.Split('\t')[0]}.bin";
            Assert.Contains(line, actualIndex);
            Assert.Equal(File.ReadAllBytes(Path.Combine(golden, "activations", file)), File.ReadAllBytes(Path.Combine(activations, file)));
        }
    }

    [Fact]
    public void Infer_Json_PrintsValuesAndDequantized()
    {
        string golden = Path.Combine(CliRunner.Tflm, "golden", "hello_world_int8", "in_0");

        CliResult result = CliRunner.Run("infer", CliRunner.Model("hello_world_int8.tflite"), "--input", Path.Combine(golden, "input.bin"), "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal((sbyte)File.ReadAllBytes(Path.Combine(golden, "output.bin"))[0], doc.RootElement.GetProperty("values")[0].GetDouble());
        Assert.Equal(1, doc.RootElement.GetProperty("dequantized").GetArrayLength());
    }

    [Fact]
    public void Infer_InputOfWrongSize_ExitsTwoNamingBothSizes()
    {
        string input = Path.Combine(_dir, "in.bin");
        File.WriteAllBytes(input, new byte[7]);

        CliResult result = CliRunner.Run("infer", CliRunner.Model("micro_speech_quantized.tflite"), "--input", input);

        Assert.Equal(2, result.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(result.Stderr);
        Assert.Contains("7 bytes", result.Stderr);
        Assert.Contains("1960", result.Stderr);
    }

    [Fact]
    public void Infer_MissingInputOption_ExitsTwo()
    {
        CliResult result = CliRunner.Run("infer", CliRunner.Model("hello_world_int8.tflite"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--input", result.Stderr);
    }
}
