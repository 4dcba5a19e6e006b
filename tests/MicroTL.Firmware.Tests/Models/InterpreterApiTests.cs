// The C interpreter's API on a generated hello_world_int8 (host gcc): every error code of init and invoke,
// a longer arena than needed, and the transfer session's pattern (run the body to the cut tensor, read it,
// write stored features into it, run the head) against the C# interpreter doing the same.
using System.Globalization;
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;
using MicroTL.Runtime;

namespace MicroTL.Firmware.Tests.Models;

public sealed class InterpreterApiTests
{
    private const int CutOperator = 1;

    [HostGccFact]
    public void InterpreterApi_ErrorsAndSessionPattern_MatchStatusCodesAndCSharp()
    {
        FixtureModel fixture = FixtureModel.Get("hello_world_int8.tflite");
        FirmwareProject project = ModelBuilds.Project(fixture);
        string directory = KernelRunner.NewDirectory("interpreter-api");
        string executable = HostCompiler.Locate().BuildExecutable(
            [.. project.Runtime.KernelSources, .. project.Runtime.InterpreterSources, project.ModelSource, KernelRunner.NativeSource("interpreter_api.c")],
            [project.Runtime.KernelsDirectory, project.Runtime.InterpreterDirectory, project.ModelDirectory], Path.Combine(directory, "interpreter_api"));
        var interpreter = new Interpreter(fixture.Model);
        int cut = fixture.Model.MainSubgraph.Operators[CutOperator].Inputs[0];
        byte[] feature = Enumerable.Range(0, interpreter.TensorBytes(cut).Length).Select(i => (byte)(i * 37 - 100)).ToArray();
        File.WriteAllBytes(Path.Combine(directory, "feature.bin"), feature);

        ProcessResult result = ProcessRunner.Run(executable, [], directory, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Dictionary<string, string> lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("-2", lines["short_arena"]);       // MTL_STATUS_ARENA_TOO_SMALL
        Assert.Equal("-5", lines["invoke_unprepared"]); // MTL_STATUS_NOT_PREPARED
        Assert.Equal("-1", lines["misaligned_arena"]);  // MTL_STATUS_ARGUMENT_ERROR
        Assert.Equal("-1", lines["null_arena"]);
        Assert.Equal("-3", lines["moved_data_block"]);  // MTL_STATUS_PLAN_MISMATCH
        Assert.Equal("-4", lines["unknown_operator"]);  // MTL_STATUS_UNSUPPORTED
        Assert.Equal("0", lines["init"]);
        Assert.Equal(fixture.Plan.TotalBytes.ToString(CultureInfo.InvariantCulture), lines["arena_used_bytes"]);
        Assert.Equal("1", lines["gap_untouched"]);
        Assert.Equal(("-1", "-1", "-1"), (lines["range_reversed"], lines["range_negative"], lines["range_past_end"]));
        Assert.Equal(("0", "0"), (lines["constant_writable"], lines["tensor_out_of_range"]));

        // The C# interpreter, the same steps.
        interpreter.InputBytes().Fill(0x11);
        interpreter.InvokeRange(0, CutOperator);
        Assert.Equal("0", lines["body"]);
        Assert.Equal(Convert.ToHexStringLower(interpreter.TensorBytes(cut)), lines["cut"]);
        feature.CopyTo(interpreter.WritableTensorBytes(cut));
        interpreter.InvokeRange(CutOperator, fixture.Model.MainSubgraph.Operators.Count);
        Assert.Equal("0", lines["head"]);
        Assert.Equal(Convert.ToHexStringLower(interpreter.OutputBytes()), lines["head_output"]);
    }
}
