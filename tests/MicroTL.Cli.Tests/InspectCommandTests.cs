using System.Text.Json;

namespace MicroTL.Cli.Tests;

public class InspectCommandTests
{
    [Fact]
    public void Inspect_Json_ReportsOpsTensorsArenaAndFlash()
    {
        CliResult result = CliRunner.Run("inspect", CliRunner.Model("micro_speech_quantized.tflite"), "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("ops").GetArrayLength());
        Assert.Equal("DEPTHWISE_CONV_2D", root.GetProperty("ops")[1].GetProperty("op").GetString());
        Assert.Equal(10, root.GetProperty("tensors").GetArrayLength());
        Assert.Equal(5968, root.GetProperty("activationBytes").GetInt64());
        Assert.True(root.GetProperty("persistentBytes").GetInt64() > 0);
        Assert.Equal(root.GetProperty("activationBytes").GetInt64() + root.GetProperty("scratchBytes").GetInt64() + root.GetProperty("persistentBytes").GetInt64(),
            root.GetProperty("arenaBytes").GetInt64());
        Assert.Equal(new FileInfo(CliRunner.Model("micro_speech_quantized.tflite")).Length, root.GetProperty("modelBytes").GetInt64());
        Assert.Equal(root.GetProperty("modelBytes").GetInt64() + root.GetProperty("derivedFlashBytes").GetInt64(), root.GetProperty("flashBytes").GetInt64());
        Assert.True(root.GetProperty("device").GetProperty("fits").GetBoolean());
    }

    [Fact]
    public void Inspect_Text_NamesEveryOperator()
    {
        CliResult result = CliRunner.Run("inspect", CliRunner.Model("test_conv_model.tflite"));

        Assert.Equal(0, result.ExitCode);
        foreach (string op in new[] { "QUANTIZE", "CONV_2D", "MAX_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "DEQUANTIZE" })
            Assert.Contains(op, result.Stdout);
    }

    [Fact]
    public void Inspect_Text_PrintsArenaAndFlashParts()
    {
        CliResult result = CliRunner.Run("inspect", CliRunner.Model("test_conv_model.tflite"));

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"arena +\d+ bytes = activations \d+ \+ scratch \d+ .*\+ persistent \d+", result.Stdout);
        // The conv's fast path keeps a packed copy of its filter: flash, not RAM.
        Assert.Matches(@"flash +\d+ bytes = model file \d+ \+ derived constants [1-9]\d* ", result.Stdout);
    }

    [Fact]
    public void Inspect_MissingFile_ExitsTwoWithErrorAndHint()
    {
        CliResult result = CliRunner.Run("inspect", "/nonexistent/model.tflite");

        Assert.Equal(2, result.ExitCode);
        AssertOneErrorAndHint(result.Stderr);
    }

    [Fact]
    public void Inspect_NotAModel_ExitsTwoWithErrorAndHint()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "this is not a flatbuffer at all, just text");
        try
        {
            CliResult result = CliRunner.Run("inspect", path);

            Assert.Equal(2, result.ExitCode);
            AssertOneErrorAndHint(result.Stderr);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Inspect_UnknownDevice_ExitsTwoListingKnownDevices()
    {
        CliResult result = CliRunner.Run("inspect", CliRunner.Model("hello_world_int8.tflite"), "--device", "pdp11");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nrf52840", result.Stderr);
    }

    [Fact]
    public void Run_UnknownCommand_ExitsTwo()
    {
        Assert.Equal(2, CliRunner.Run("frobnicate").ExitCode);
    }

    internal static void AssertOneErrorAndHint(string stderr)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0]);
        Assert.StartsWith("hint: ", lines[1]);
    }
}
