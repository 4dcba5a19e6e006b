// The model runner's report and files, parsed and written on the host side.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;

namespace MicroTL.Firmware.Tests.Models;

public sealed class ModelRunReportTests
{
    private const string Output = """
        mtl-model: name=net operators=2 tensors=5 arena_bytes=576 head_bytes=48 persistent_bytes=528 status=0
        mtl-inference: case=0 instructions=5400
        mtl-op: case=0 op=0 name=FULLY_CONNECTED instructions=1600
        mtl-op: case=0 op=1 name=SOFTMAX instructions=3760
        mtl-runner: cases=1 status=0
        mtl-platform: instructions=41280 stack_high_water_bytes=688 stack_bytes=8192 exit_code=0
        """;

    [Fact]
    public void Parse_RunnerOutput_ReadsArenaAndCounts()
    {
        ModelRunReport report = ModelRunReport.Parse(Output);

        Assert.Equal(("net", 576L, 48L, 528L, 1), (report.ModelName, report.ArenaBytes, report.HeadBytes, report.PersistentBytes, report.Cases));
        Assert.Equal([5400L], report.InferenceInstructions);
        Assert.Equal(new OperatorCount(0, 1, "SOFTMAX", 3760), report.Operators[1]);
        Assert.Null(report.Error);
    }

    [Fact]
    public void Parse_ErrorLine_KeepsTheMessage()
    {
        ModelRunReport report = ModelRunReport.Parse(Output.Split('\n')[0] + "\nmtl-runner: error: init failed with status (-3)\n");

        Assert.Equal("init failed with status (-3)", report.Error);
        Assert.Equal(0, report.Cases);
    }

    [Fact]
    public void Parse_NoModelLine_ThrowsFormatException()
    {
        var error = Assert.Throws<FormatException>(() => ModelRunReport.Parse("mtl-platform: fault, exception 3\n"));
        Assert.Contains("no mtl-model: line", error.Message);
    }

    [Fact]
    public void Parse_MalformedCount_ThrowsNamingTheField()
    {
        var error = Assert.Throws<FormatException>(() => ModelRunReport.Parse(Output.Replace("instructions=5400", "instructions=lots", StringComparison.Ordinal)));
        Assert.Contains("instructions=", error.Message);
    }

    [Fact]
    public void WriteInputs_CaseOfWrongLength_ThrowsNamingTheCase()
    {
        FixtureModel fixture = FixtureModel.Get("hello_world_int8.tflite");
        GeneratedModel model = ModelCodeGenerator.Generate(fixture.Model, ModelIdentity.FromBytes(fixture.FileName, fixture.Bytes));
        string directory = KernelRunner.NewDirectory("inputs");

        var error = Assert.Throws<ArgumentException>(() => ModelRunFiles.WriteInputs(directory, model, [[1], [1, 2]]));
        Assert.Contains("case 1 has 2 bytes, the model's inputs take 1", error.Message);
    }
}
