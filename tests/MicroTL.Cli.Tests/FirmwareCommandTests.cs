using System.Text.Json;
using MicroTL.Firmware.Toolchain;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Session;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Tests;

/// <summary><c>microtl firmware</c>: its refusals before any work, the project it writes, and (with the tools) the run under QEMU.</summary>
public sealed class FirmwareCommandTests : IDisposable
{
    private static readonly Lazy<string> QuickBase = new(() => PretrainBase(Path.Combine(Directory.CreateTempSubdirectory("microtl-fw-base-").FullName, "quick.tflite"),
        "--subjects", "1600-1609", "--epochs", "2", "--seed", "5"));

    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-fw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string PretrainBase(string path, params string[] extra)
    {
        CliResult r = CliRunner.Run(["pretrain", "--dataset", "wisdm", "--classes", "A,B,D,E", "--out", path, "--quiet", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    }

    // The recipe's defaults: the head features beside the cut's and the automatic augmentation.
    private static string[] Args(string model, params string[] extra) =>
        ["firmware", model, "--dataset", "wisdm", "--classes", "A,B,C,D,E,M", "--subjects", "1631-1640", "--samples-per-class", "5",
            "--quiet", .. extra];

    [Fact]
    public void Firmware_WithoutDataset_Exit2NamingIt()
    {
        CliResult r = CliRunner.Run("firmware", QuickBase.Value, "--classes", "A,B", "--out", PathOf("fw"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: firmware takes its labelled samples from a data set, and no --dataset was given", r.Stderr);
        Assert.Contains("hint: add --dataset wisdm", r.Stderr);
        Assert.False(Directory.Exists(PathOf("fw")));
    }

    [Fact]
    public void Firmware_OverBudget_Exit3AndWritesNothing()
    {
        CliResult r = CliRunner.Run(Args(QuickBase.Value, "--store-bytes", "300000", "--out", PathOf("fw")));

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("error: the job needs", r.Stderr);
        Assert.Contains("bytes of RAM", r.Stderr);
        Assert.Contains("feature store (int8) ", r.Stderr);
        Assert.False(Directory.Exists(PathOf("fw")));
    }

    [Fact]
    public void Firmware_EnergyStoppingWithoutEpochEnergy_Exit2()
    {
        CliResult r = CliRunner.Run(Args(QuickBase.Value, "--stopping", "energy", "--out", PathOf("fw")));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no --epoch-mj was given", r.Stderr);
    }

    [Fact]
    public void Firmware_OutHoldsOtherFiles_Exit2AndLeavesThem()
    {
        Directory.CreateDirectory(PathOf("mine"));
        File.WriteAllText(PathOf("mine/notes.txt"), "keep");

        CliResult r = CliRunner.Run(Args(QuickBase.Value, "--out", PathOf("mine")));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("holds files that are not a MicroTL firmware project", r.Stderr);
        Assert.Equal("keep", File.ReadAllText(PathOf("mine/notes.txt")));
    }

    [Fact]
    public void Firmware_NoRun_WritesProjectRunFolderAndReportThatSaysNotRun()
    {
        CliResult r = CliRunner.Run(Args(QuickBase.Value, "--out", PathOf("fw"), "--report", PathOf("fw.json")));

        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (string file in new[] { "Makefile", "model/model.c", "session/session_config.c", "session/session_config.h", "run/samples.bin",
                     "runtime/session/mtl_session.c", "runtime/app/mtl_session_app.c" })
            Assert.True(File.Exists(PathOf("fw/" + file)), file);
        FirmwareReport report = ReportJson.Read<FirmwareReport>(PathOf("fw.json"));
        Assert.Equal("not run", report.RanOn);
        Assert.Null(report.Instructions);
        Assert.Equal(report.Ram.PlannedBytes, report.Ram.ArenaBytes);
        Assert.Equal(report.Ram.PlannedBytes, report.Ram.Plan.Sum(c => c.Bytes));
        Assert.Contains($"#define MTL_SESSION_ARENA_BYTES {report.Ram.PlannedBytes}", File.ReadAllText(PathOf("fw/session/session_config.h")));

        // A second run replaces the project it wrote.
        CliResult again = CliRunner.Run(Args(QuickBase.Value, "--out", PathOf("fw"), "--seed", "2"));
        Assert.True(again.ExitCode == 0, again.Stderr);
    }

    [Fact]
    public void Firmware_DryRun_PrintsTheArenaLayoutAndWritesNothing()
    {
        CliResult r = CliRunner.Run(Args(QuickBase.Value, "--out", PathOf("fw"), "--dry-run"));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("one static array laid out from the C# plan", r.Stdout);
        Assert.Contains("inference_arena (inference arena)", r.Stdout);
        Assert.Contains("store_addresses (feature store index (RAM; records in flash))", r.Stdout);
        Assert.Contains("augmentation_window (augmentation: the labelled window being copied)", r.Stdout);
        Assert.False(Directory.Exists(PathOf("fw")));
    }

    [Fact]
    public void ErrorReport_MissingTool_Exit2NamingToolAndPackage()
    {
        ErrorReport report = ErrorReport.Of(new ToolNotFoundException("qemu-system-arm", "qemu-system-arm"));

        Assert.Equal(2, report.ExitCode);
        Assert.Contains("qemu-system-arm not found on PATH", report.Message);
        Assert.Contains("apt-get install qemu-system-arm", report.Hint);
    }

    [FirmwareFact]
    public void Firmware_RunQemu_QuickBase_ReportHoldsTheMatchAndTheMeasurements()
    {
        CliResult r = CliRunner.Run(Args(QuickBase.Value, "--out", PathOf("fw"), "--run", "qemu", "--report", PathOf("fw.json")));

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        FirmwareReport report = ReportJson.Read<FirmwareReport>(PathOf("fw.json"));
        Assert.True(report.LinkedForNrf52840);
        Assert.Equal("qemu mps2-an386", report.RanOn);
        Assert.Equal(report.Ram.PlannedBytes, report.Ram.ArenaBytes);
        Assert.Equal(report.Ram.StaticBytes, report.Ram.ArenaBytes + report.Ram.RuntimeGlobals.Sum(g => g.Bytes) + report.Ram.UnnamedBytes);
        Assert.InRange(report.Ram.UnnamedBytes, 0, 64);
        Assert.InRange(report.Ram.StackBytes!.Value, 1, report.Ram.StackRegionBytes);
        Assert.Equal(report.Match!.Features.Total, report.Match.Features.Identical);
        int records = 30 * (1 + TransferSettings.AutoAugmentedCopies(30)); // 5 windows of 6 classes and their perturbed copies
        Assert.Equal(records, report.Match.Features.Total);
        Assert.True(report.Match.Split);
        Assert.InRange(report.Instructions!.CollectionPerSample, 100_000, 100_000_000);
        Assert.InRange(report.FlashBytes, 10_000, 1024 * 1024);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(PathOf("fw.json")));
        Assert.Equal(records, json.RootElement.GetProperty("match").GetProperty("features").GetProperty("identical").GetInt32());
        Assert.Equal(report.Match.Predictions!.Total, report.Match.Predictions.Identical);
        Assert.Equal(report.Accuracy!.Host, report.Accuracy.Firmware);
    }

    /// <summary>
    /// The CI check of issue 12: the demo's smartwatch scenario (the base pretrained with pretrain's defaults, K = 20 windows per
    /// class of the six activities of subjects 1631-1640, seed 1, the device recipe's defaults: the head features beside the
    /// cut's and 4 perturbed copies of each window, 600 records in flash) as firmware under QEMU, against the C# engine.
    /// </summary>
    [FirmwareFact]
    public void Firmware_RunQemu_DemoScenario_FeaturesHeadPredictionsAndAccuracyAreTheCSharps()
    {
        string model = PretrainBase(PathOf("base.tflite"), "--subjects", "1600-1630", "--seed", "1");

        CliResult r = CliRunner.Run("firmware", model, "--dataset", "wisdm", "--classes", "A,B,C,D,E,M", "--subjects", "1631-1640",
            "--samples-per-class", "20", "--seed", "1", "--out", PathOf("fw"), "--run", "qemu", "--report", PathOf("fw.json"), "--quiet");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        FirmwareReport report = ReportJson.Read<FirmwareReport>(PathOf("fw.json"));
        FirmwareMatchReport match = report.Match!;
        Assert.Equal(120 * (1 + TransferSettings.AutoAugmentedCopies(120)), match.Features.Total); // every labelled window and its perturbed copies
        Assert.Equal(match.Features.Total, match.Features.Identical);
        Assert.True(match.Split);
        Assert.True(match.FlashImage); // the version 4 log of two feature parts, byte for byte
        Assert.True(match.HeadParametersDiffering == 0, $"head differs by {match.HeadMaxAbsDiff} in {match.HeadParametersDiffering} of {match.HeadParameters} parameters");
        Assert.Equal(0, match.HeadMaxAbsDiff);
        Assert.True(match.Predictions!.Total > 500);
        Assert.Equal(match.Predictions.Total, match.Predictions.Identical);
        Assert.Equal(report.Accuracy!.Host, report.Accuracy.Firmware);
        Assert.True(report.LinkedForNrf52840);
        Assert.Equal(report.Ram.PlannedBytes, report.Ram.ArenaBytes);
        Assert.InRange(report.Ram.StaticBytes - report.Ram.PlannedBytes, 1, 8 * 1024);
        Assert.InRange(report.Ram.StackBytes!.Value, 1, report.Ram.StackRegionBytes);
        FirmwareInstructionsReport i = report.Instructions!;
        Assert.InRange(i.CollectionPerSample, 100_000, 100_000_000);
        Assert.NotNull(i.TrainingPerEpoch);
        Assert.Equal(i.Epochs.Count, i.Epochs.Count(e => e > 0));
        Assert.InRange(i.TrainingPerEpoch!.Value, i.Epochs.Min(), i.Epochs.Max());
        Assert.True(i.Deployment > 0 && i.PredictionPerSample > 0);
        Assert.InRange(i.PerInt8Mac!.Value, 1, 100);
        Assert.InRange(i.PerFloatMultiplyAdd!.Value, 1, 100);
        Assert.Contains($"predictions {match.Predictions.Total}/{match.Predictions.Total} identical", r.Stdout);
    }
}
