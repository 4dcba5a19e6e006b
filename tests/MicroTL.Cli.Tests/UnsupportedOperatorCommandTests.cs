// A model with an operator the engine lacks: inspect describes it (exit 0) and marks the operator by name; infer and
// transfer refuse it (exit 2), naming the operator, never by its number.
using System.Text.Json;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Tests;

public sealed class UnsupportedOperatorCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-unsupported-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>hello_world with its middle FULLY_CONNECTED turned into a GELU (code 150): the other two still plan.</summary>
    private string ModelWithGelu()
    {
        TfLiteModel model = ModelFile.Read(CliRunner.Model("hello_world_int8.tflite"));
        OperatorInfo[] ops = [.. model.MainSubgraph.Operators];
        ops[1] = new OperatorInfo(model.OperatorCodes.Count, [ops[1].Inputs[0]], ops[1].Outputs, null);
        model = model with
        {
            OperatorCodes = [.. model.OperatorCodes, new OperatorCode((BuiltinOperator)150)],
            Subgraphs = [model.MainSubgraph with { Operators = ops }],
        };
        string path = Path.Combine(_directory, "gelu.tflite");
        ModelFile.Write(path, model);
        return path;
    }

    [Fact]
    public void Inspect_UnsupportedOperator_ExitsZeroMarkingItByName()
    {
        CliResult result = CliRunner.Run("inspect", ModelWithGelu());

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"1 +GELU +in \[\d+\] out \[\d+\] +NOT SUPPORTED \(no kernel for GELU\)", result.Stdout);
        Assert.Matches(@"0 +FULLY_CONNECTED .* \d+ MACs", result.Stdout);
        Assert.Contains("unsupported 1 of 3 operators", result.Stdout);
        Assert.DoesNotContain("BUILTIN_150", result.Stdout);
    }

    [Fact]
    public void Inspect_UnsupportedOperatorJson_MarksOnlyThatOperator()
    {
        CliResult result = CliRunner.Run("inspect", ModelWithGelu(), "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement ops = doc.RootElement.GetProperty("ops");
        Assert.False(ops[1].GetProperty("supported").GetBoolean());
        Assert.Equal("no kernel for GELU", ops[1].GetProperty("unsupported").GetString());
        Assert.True(ops[0].GetProperty("supported").GetBoolean());
        Assert.False(ops[0].TryGetProperty("unsupported", out _));
        Assert.True(doc.RootElement.GetProperty("arenaBytes").GetInt64() > 0);
    }

    [Fact]
    public void Infer_UnsupportedOperator_ExitsTwoNamingIt()
    {
        string input = Path.Combine(_directory, "in.bin");
        File.WriteAllBytes(input, [0]);

        CliResult result = CliRunner.Run("infer", ModelWithGelu(), "--input", input);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: op 1: operator GELU is not supported", result.Stderr);
        Assert.Contains("microtl inspect", result.Stderr);
    }

    [Fact]
    public void Transfer_UnsupportedOperator_ExitsTwoNamingIt()
    {
        CliResult result = CliRunner.Run("transfer", ModelWithGelu(), "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("operator GELU is not supported", result.Stderr);
    }
}
