// Builds each fixture model's firmware project once per test run: the generated project, its host
// runner (gcc) and its firmware (arm-none-eabi-gcc: compiled once, linked for mps2-an386 and the
// nRF52840), and runs all of a model's cases in one run of each. The runtime is compiled once per test
// run for each side and every model links to it (FirmwareProject.Compile without it is tested too).
using System.Collections.Concurrent;
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Support;

/// <summary>One run of the model runner: its report and the folder holding its output files.</summary>
internal sealed record ModelRun(ModelRunReport Report, string Directory, string Stdout);

internal static class ModelBuilds
{
    private static readonly ConcurrentDictionary<string, Lazy<FirmwareProject>> Projects = new();
    private static readonly ConcurrentDictionary<string, Lazy<string>> HostRunners = new();
    private static readonly ConcurrentDictionary<string, Lazy<(FirmwareImage Qemu, FirmwareImage Nrf)>> Firmware = new();
    private static readonly Lazy<CompiledRuntime> DeviceRuntime = new(() =>
        FirmwareCompiler.Locate().CompileRuntime(KernelRunner.RuntimeTree, KernelRunner.NewDirectory("runtime-device-objects")));
    private static readonly Lazy<CompiledRuntime> HostRuntime = new(() =>
        HostCompiler.Locate().CompileRuntime(KernelRunner.RuntimeTree, KernelRunner.NewDirectory("runtime-host-objects")));

    public static FirmwareProject Project(FixtureModel model) => Projects.GetOrAdd(model.FileName, _ => new Lazy<FirmwareProject>(() =>
    {
        GeneratedModel generated = ModelCodeGenerator.Generate(model.Model, ModelIdentity.FromBytes(model.FileName, model.Bytes));
        return FirmwareProject.Write(KernelRunner.NewDirectory("project-" + generated.Symbol), generated);
    })).Value;

    /// <summary>The firmware linked for both targets (QEMU's, then the nRF52840's).</summary>
    public static (FirmwareImage Qemu, FirmwareImage Nrf) Images(FixtureModel model) =>
        Firmware.GetOrAdd(model.FileName, _ => new Lazy<(FirmwareImage, FirmwareImage)>(() =>
        {
            CompiledFirmware compiled = Project(model).Compile(FirmwareCompiler.Locate(), runtime: DeviceRuntime.Value);
            return (compiled.Link(FirmwareTarget.Mps2An386), compiled.Link(FirmwareTarget.Nrf52840));
        })).Value;

    public static ModelRun RunOnHost(FixtureModel model)
    {
        string runner = HostRunners.GetOrAdd(model.FileName, _ => new Lazy<string>(() => Project(model).BuildHost(HostCompiler.Locate(), runtime: HostRuntime.Value))).Value;
        string directory = WriteInputs(model, "host-run");
        ProcessResult result = ProcessRunner.Run(runner, [], directory, TimeSpan.FromSeconds(60));
        Assert.False(result.TimedOut, $"{model.FileName}: the host model runner timed out");
        Assert.True(result.ExitCode == 0, $"{model.FileName}: the host model runner exited with {result.ExitCode}: {result.Stdout} {result.Stderr}");
        return new ModelRun(ModelRunReport.Parse(result.Stdout), directory, result.Stdout);
    }

    public static ModelRun RunOnQemu(FixtureModel model)
    {
        string directory = WriteInputs(model, "qemu-run");
        FirmwareRun run = QemuRunner.Locate().Run(Images(model).Qemu, directory, TimeSpan.FromSeconds(60));
        Assert.False(run.TimedOut, $"{model.FileName}: the firmware timed out under QEMU");
        Assert.True(run.ExitCode == 0, $"{model.FileName}: the firmware exited with {run.ExitCode}: {run.Stdout} {run.Process.Stderr}");
        return new ModelRun(ModelRunReport.Parse(run.Stdout), directory, run.Stdout);
    }

    private static string WriteInputs(FixtureModel model, string name)
    {
        string directory = KernelRunner.NewDirectory(name);
        ModelRunFiles.WriteInputs(directory, Project(model).Model, model.Cases.Select(c => c.Input));
        return directory;
    }
}
