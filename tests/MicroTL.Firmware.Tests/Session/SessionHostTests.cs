// The session firmware built for the host with gcc: the C store, log and split on the generated arena, against the C#
// engine on the same samples and seed, byte for byte; RAM, journaled and flash-only stores.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Session;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;
using MicroTL.Session;
using MicroTL.Storage;

namespace MicroTL.Firmware.Tests.Session;

public sealed class SessionHostTests
{
    [HostGccTheory]
    [InlineData("ram")]
    [InlineData("journaled")]
    [InlineData("flash")]
    public void Session_OnHost_StoreSplitAndFlashMatchCSharp(string mode)
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 6, seed: 4, maxTest: 10);
        TransferSettings settings = SessionScenario.Settings(samples.Classes, seed: 4) with { StoreCapacityBytes = 2500 }; // 25 of 36 samples: the reservoir replaces
        if (mode != "ram")
            settings = settings with { StoreFlash = new FlashRegion(FlashGeometry.Nrf52840, _ => throw new InvalidOperationException("the firmware's")), StoreInFlash = mode == "flash" };
        SessionPlan plan = SessionPlan.For(samples.Model, settings);
        SessionFirmware firmware = SessionFirmware.Write(KernelRunner.NewDirectory("session-" + mode), plan, ModelIdentity.FromBytes("base.tflite", samples.ModelBytes));

        SessionRun run = firmware.RunOnHost(HostCompiler.Locate(), samples.Train, samples.Test, TimeSpan.FromMinutes(1));

        Assert.True(run.Report.Status == 0, run.Stdout);
        var expected = SessionComparison.Collect(plan, samples.Train);
        FeatureMatch store = expected.CompareStore(SessionRunFiles.ReadStore(run.Directory, plan.Head.Inputs));
        Assert.True(store.AllIdentical, store.FirstDifference);
        Assert.Equal(25, store.Identical);
        Assert.Contains(run.Report.Collected, c => c.Outcome == 1); // a replacement happened
        (int[] train, int[] validation) = SessionRunFiles.ReadSplit(run.Directory);
        Assert.True(expected.SplitMatches(train, validation), $"train {string.Join(",", train)} validation {string.Join(",", validation)}");
        Assert.Equal(plan.Memory.TotalBytes, run.Report.ArenaBytes);
        if (mode != "ram") Assert.Equal(expected.FlashImage, SessionRunFiles.ReadFlash(run.Directory));
    }
}
