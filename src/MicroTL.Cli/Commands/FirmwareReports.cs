using MicroTL.Firmware.Session;
using MicroTL.Firmware.Toolchain;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>The typed report of <c>microtl firmware</c> (<see cref="FirmwareReport"/>) from what the firmware library measured.</summary>
internal static class FirmwareReports
{
    /// <summary>The report of a generated firmware, run and compared when <paramref name="verification"/> is given.</summary>
    public static FirmwareReport From(SessionPlan plan, SessionFirmware firmware, FirmwareVerification? verification)
    {
        var plannedComponents = plan.Memory.Components.Select(c => new MemoryComponentReport(c.Name, c.Bytes)).ToArray();
        if (verification is null)
        {
            var ram = new FirmwareRamReport(0, null, 0, null, plan.Memory.TotalBytes, plan.Layout.TotalBytes, [], 0, plannedComponents);
            return new FirmwareReport("nrf52840", "not run", firmware.Project.Model.Identity.FileName, firmware.Project.Model.Identity.Sha256,
                firmware.Project.Directory, ram, 0, plan.Session.StoreFlashBytes, false, "not built (no --run qemu)", null, null, null);
        }

        SessionImages images = verification.Images;
        SessionRamAccount account = verification.Ram;
        PlatformReport? platform = verification.Run.Platform;
        var ramReport = new FirmwareRamReport(account.StaticBytes, platform?.StackHighWaterBytes, account.StackRegionBytes, platform?.HeapBytes,
            plan.Memory.TotalBytes, account.ArenaBytes, [.. account.Others.Select(s => new MemoryComponentReport(s.Name, s.Bytes))], account.UnnamedBytes,
            plannedComponents);
        ElfSizes? nrf = images.Nrf52840?.Sizes();
        SessionRunReport run = verification.Run.Report;
        long[] collection = [.. run.Collected.Select(c => c.Instructions)];
        FirmwareTraining? trained = run.Training;
        long[] epochs = trained is null ? [] : [.. trained.Epochs.Select(e => e.Instructions)];
        TrainingMatch? t = verification.Training;
        long? perEpoch = epochs.Length == 0 ? null : (long)Math.Round(epochs.Average());
        var instructions = new FirmwareInstructionsReport(
            collection.Length == 0 ? 0 : (long)Math.Round(collection.Average()), collection.DefaultIfEmpty().Min(), collection.DefaultIfEmpty().Max(),
            run.SplitInstructions, perEpoch, epochs, trained?.DecisionInstructions,
            trained?.ExportInstructions, platform?.Instructions ?? 0)
        {
            PredictionPerSample = trained is { TestSamples: > 0 } ? (long)Math.Round((double)trained.PredictionInstructions / trained.TestSamples) : null,
            PerInt8Mac = t is { CollectionMacsPerSample: > 0 } && collection.Length > 0 ? collection.Average() / t.CollectionMacsPerSample : null,
            PerFloatMultiplyAdd = t is { MultiplyAddsPerEpoch: > 0 } && perEpoch is { } e ? e / t.MultiplyAddsPerEpoch : null,
        };
        var match = new FirmwareMatchReport(new CountMatchReport(verification.Features.Identical, verification.Features.Total),
            verification.Features.FirstDifference, verification.SplitMatches, verification.FlashMatches, t?.HeadMaxAbsDiff,
            t is null ? null : new CountMatchReport(t.PredictionsIdentical, t.TestSamples))
        {
            HeadParametersDiffering = t?.DifferingParameters,
            HeadParameters = t?.Parameters,
        };
        FirmwareAccuracyReport? accuracy = t is null ? null : new FirmwareAccuracyReport(t.FirmwareAccuracy, t.HostAccuracy);
        return new FirmwareReport("nrf52840", "qemu mps2-an386", firmware.Project.Model.Identity.FileName, firmware.Project.Model.Identity.Sha256,
            firmware.Project.Directory, ramReport, nrf?.FlashBytes ?? 0, plan.Session.StoreFlashBytes, images.Nrf52840 is not null,
            images.Nrf52840Overflow?.Message.Split('\n')[0], instructions, match, accuracy);
    }
}
