// The whole check of a session firmware: build it (compile once, link for mps2-an386 and the nRF52840), run it under
// QEMU, read its RAM from the nRF52840 ELF, and compare what it did with the C# engine on the same samples and seed.
using MicroTL.Features;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Session;

/// <summary>A session firmware built, run under QEMU and compared with the C# engine.</summary>
/// <param name="Images">The two links.</param>
/// <param name="Run">The QEMU run.</param>
/// <param name="Ram">The nRF52840 link's static RAM (the mps2-an386 link's when the nRF52840's failed).</param>
/// <param name="Expected">The C# engine's store and split of the same samples.</param>
/// <param name="Features">The firmware's stored records against the C#'s.</param>
/// <param name="SplitMatches">True when the split is the C#'s.</param>
/// <param name="FlashMatches">With a log: true when the flash image is the C#'s; null without one.</param>
/// <param name="FlashAfterRun">With a log: the store's flash region as the run left it; null without one.</param>
/// <param name="Training">The trained head and the test predictions against the C# session's; null when the firmware did not get there.</param>
public sealed record FirmwareVerification(SessionImages Images, SessionRun Run, SessionRamAccount Ram, SessionComparison Expected,
    FeatureMatch Features, bool SplitMatches, bool? FlashMatches, byte[]? FlashAfterRun, TrainingMatch? Training)
{
    /// <summary>
    /// True when the firmware finished and every comparison holds: features, split and flash identical, every test prediction
    /// the C#'s and the same accuracy (a head parameter that differs in its last bits is reported in <see cref="Training"/>, not
    /// failed here: the rule is the largest difference reported and every prediction identical).
    /// </summary>
    public bool Matches => Run.Report.Status == 0 && Features.AllIdentical && SplitMatches && FlashMatches != false
        && Training is { } t && t.PredictionsIdentical == t.TestSamples && t.FirmwareAccuracy == t.HostAccuracy;

    /// <summary>Builds, runs and compares; <paramref name="progress"/> gets a line per step.</summary>
    /// <exception cref="ToolchainException">A build step failed, QEMU timed out, or the firmware printed no report.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled between steps.</exception>
    public static FirmwareVerification Verify(SessionFirmware firmware, FirmwareCompiler compiler, QemuRunner qemu, IReadOnlyList<LabelledInput> train,
        IReadOnlyList<LabelledInput> test, byte[]? flashImage, TimeSpan timeout, Action<string>? progress = null, CancellationToken cancel = default)
    {
        progress?.Invoke("building the firmware with arm-none-eabi-gcc (nRF52840 and mps2-an386)");
        SessionImages images = firmware.Build(compiler);
        cancel.ThrowIfCancellationRequested();
        progress?.Invoke($"running the firmware under QEMU on {train.Count} training and {test.Count} test samples");
        SessionRun run = firmware.Run(qemu, images.Qemu, train, test, timeout, flashImage);
        cancel.ThrowIfCancellationRequested();
        progress?.Invoke("the C# engine on the same samples and seed");
        SessionComparison expected = SessionComparison.Collect(firmware.Plan, train, flashImage);
        FeatureMatch features = run.Report.Status == 0 || File.Exists(Path.Combine(run.Directory, "store.bin"))
            ? expected.CompareStore(SessionRunFiles.ReadStore(run.Directory, firmware.Plan.Head.Inputs))
            : new FeatureMatch(0, expected.Store.Count, "the firmware wrote no store");
        bool split = File.Exists(Path.Combine(run.Directory, "split.bin"))
            && SessionRunFiles.ReadSplit(run.Directory) is var (trainIndices, validationIndices) && expected.SplitMatches(trainIndices, validationIndices);
        byte[]? flash = SessionRunFiles.ReadFlash(run.Directory);
        bool? flashMatches = expected.FlashImage is null ? null : flash is not null && flash.AsSpan().SequenceEqual(expected.FlashImage);
        SessionRamAccount ram = SessionRamAccount.Read(images.Nrf52840 ?? images.Qemu);
        TrainingMatch? training = null;
        if (run.Report is { Status: 0, Training: not null })
        {
            progress?.Invoke("the C# session's training and deployed model on the same samples");
            training = TrainingComparison.Compare(firmware.Plan, train, test, flashImage,
                SessionRunFiles.ReadHead(run.Directory, firmware.Plan.Head.ParameterCount), SessionRunFiles.ReadPredictions(run.Directory));
        }
        return new FirmwareVerification(images, run, ram, expected, features, split, flashMatches, expected.FlashImage is null ? null : flash, training);
    }
}
