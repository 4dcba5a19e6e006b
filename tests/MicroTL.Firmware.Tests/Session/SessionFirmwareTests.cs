// The session firmware cross-compiled for the Cortex-M4F, linked for the nRF52840 and run under QEMU: the store and
// the split byte for byte as the C#'s, the arena the C# plan's to the byte, every other byte of static RAM named.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Session;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;
using MicroTL.Session;
using Xunit.Abstractions;

namespace MicroTL.Firmware.Tests.Session;

public sealed class SessionFirmwareTests(ITestOutputHelper output)
{
    [FirmwareFact]
    public void Session_UnderQemu_StoreAndSplitMatchCSharpAndArenaIsThePlan()
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 5, seed: 3, maxTest: 10);
        // The recipe before issue 13 (a fifth of each class validates, patience stopping); the host tests run today's defaults.
        TransferSettings settings = SessionScenario.Settings(samples.Classes, seed: 3) with { ValidationFraction = 0.2, Stopping = StoppingKind.Patience };
        SessionPlan plan = SessionPlan.For(samples.Model, settings, samples.Train.Count);
        SessionFirmware firmware = SessionFirmware.Write(KernelRunner.NewDirectory("session-qemu"), plan, ModelIdentity.FromBytes("base.tflite", samples.ModelBytes));
        SessionImages images = firmware.Build(FirmwareCompiler.Locate());

        SessionRun run = firmware.Run(QemuRunner.Locate(), images.Qemu, samples.Train, samples.Test, TimeSpan.FromMinutes(1));

        Assert.True(run.Report.Status == 0, run.Stdout);
        var expected = SessionComparison.Collect(plan, samples.Train);
        FeatureMatch store = expected.CompareStore(SessionRunFiles.ReadStore(run.Directory, plan.Head.Inputs));
        Assert.True(store.AllIdentical, store.FirstDifference);
        (int[] train, int[] validation) = SessionRunFiles.ReadSplit(run.Directory);
        Assert.True(expected.SplitMatches(train, validation));
        Assert.All(run.Report.Collected, c => Assert.True(c.Instructions > 0));

        Assert.NotNull(images.Nrf52840);
        IReadOnlyList<ElfSymbol> symbols = ElfSymbols.Read(images.Nrf52840!.ElfPath);
        ElfSymbol arena = Assert.Single(symbols, s => s.Name == GeneratedSession.ArenaSymbol);
        Assert.Equal(plan.Memory.TotalBytes, arena.Bytes);
        ElfSizes sizes = images.Nrf52840.Sizes();
        ElfSymbol[] others = symbols.Where(s => s.Section is ".data" or ".bss" && s.Name != arena.Name).ToArray();
        long unnamed = sizes.DataBytes + sizes.BssBytes - arena.Bytes - others.Sum(s => s.Bytes);
        output.WriteLine($"static RAM {sizes.DataBytes + sizes.BssBytes} = arena {arena.Bytes} + {string.Join(" + ", others.Select(s => $"{s.Name} {s.Bytes}"))} + unnamed {unnamed}");
        output.WriteLine($"collection per sample: {string.Join(", ", run.Report.Collected.Select(c => c.Instructions))}; platform {run.Platform}");
    }
}

public sealed class SessionMakeTests
{
    [FirmwareMakeFact]
    public void Makefile_SessionProject_BuildsBothTargetsAndRunsUnderQemu()
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 3, seed: 9, maxTest: 4);
        SessionPlan plan = SessionPlan.For(samples.Model, SessionScenario.Settings(samples.Classes, seed: 9), samples.Train.Count);
        SessionFirmware firmware = SessionFirmware.Write(KernelRunner.NewDirectory("session-make"), plan, ModelIdentity.FromBytes("base.tflite", samples.ModelBytes));
        firmware.WriteRunFolder(samples.Train, samples.Test);
        string make = ToolLocator.Require(ToolLocator.Make);

        ProcessResult build = ProcessRunner.Run(make, ["-j2", "nrf52840", "qemu", "host"], firmware.Project.Directory, TimeSpan.FromMinutes(3));
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        ProcessResult run = ProcessRunner.Run(make, ["--no-print-directory", "run"], firmware.Project.Directory, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        SessionRunReport report = SessionRunReport.Parse(run.Stdout);
        Assert.Equal(0, report.Status);
        Assert.Equal(samples.Train.Count, report.Collected.Count);
        Assert.Equal(samples.Test.Count, report.Training!.TestSamples);
        Assert.True(File.Exists(Path.Combine(firmware.Project.Directory, "build", "host", "session")));
        ElfSizes nrf = ElfSizes.Read(Path.Combine(firmware.Project.Directory, "build", "nrf52840", "firmware.elf"), FirmwareMemoryMap.Of(FirmwareTarget.Nrf52840));
        Assert.Equal(plan.Memory.TotalBytes, ElfSymbols.Read(Path.Combine(firmware.Project.Directory, "build", "nrf52840", "firmware.elf"))
            .Single(s => s.Name == GeneratedSession.ArenaSymbol).Bytes);
        Assert.InRange(nrf.DataBytes + nrf.BssBytes, plan.Memory.TotalBytes, 256 * 1024);
    }
}
