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
        SessionPlan plan = SessionPlan.For(samples.Model, settings, samples.Train.Count);
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
        TrainingMatch training = TrainingComparison.Compare(plan, samples.Train, samples.Test, null,
            SessionRunFiles.ReadHead(run.Directory, plan.Head.ParameterCount), SessionRunFiles.ReadPredictions(run.Directory));
        Assert.True(training.DifferingParameters == 0, $"{training.DifferingParameters} parameters differ, by up to {training.HeadMaxAbsDiff}");
        Assert.Equal(training.TestSamples, training.PredictionsIdentical);
        Assert.Equal(training.HostAccuracy, training.FirmwareAccuracy);
        Assert.Equal(training.HostEpochs, run.Report.Training!.EpochsRun);
    }
}

public sealed class SessionRecipeHostTests
{
    // Issue 13's recipe with its defaults: the head takes the cut's features and the model's head features (two feature parts,
    // a version 4 log), and each labelled window goes through the body with its automatic perturbed copies.
    [HostGccTheory]
    [InlineData("ram")]
    [InlineData("flash")]
    public void Session_RecipeDefaults_RecordsCopiesHeadAndPredictionsMatchCSharp(string mode)
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 6, seed: 5, maxTest: 12);
        TransferSettings settings = SessionScenario.RecipeSettings(samples.Classes, seed: 5);
        if (mode == "flash")
            settings = settings with { StoreFlash = new FlashRegion(FlashGeometry.Nrf52840, _ => throw new InvalidOperationException("the firmware's")), StoreInFlash = true };
        SessionPlan plan = SessionPlan.For(samples.Model, settings, samples.Train.Count);
        Assert.NotNull(plan.HeadFeatures);
        Assert.NotNull(plan.Augmentation);
        SessionFirmware firmware = SessionFirmware.Write(KernelRunner.NewDirectory("session-recipe-" + mode), plan, ModelIdentity.FromBytes("base.tflite", samples.ModelBytes));

        SessionRun run = firmware.RunOnHost(HostCompiler.Locate(), samples.Train, samples.Test, TimeSpan.FromMinutes(1));

        Assert.True(run.Report.Status == 0, run.Stdout);
        int copies = TransferSettings.AutoAugmentedCopies(samples.Train.Count);
        Assert.True(copies > 0, $"{copies} copies");
        var expected = SessionComparison.Collect(plan, samples.Train);
        FeatureMatch store = expected.CompareStore(SessionRunFiles.ReadStore(run.Directory, plan.Head.Inputs));
        Assert.True(store.AllIdentical, store.FirstDifference);
        Assert.Equal(samples.Train.Count * (1 + copies), store.Identical);
        if (mode != "ram")
        {
            byte[] flash = SessionRunFiles.ReadFlash(run.Directory) ?? throw new InvalidOperationException("no flash.bin");
            Assert.Equal(4, flash[5]); // the log of two feature parts
            Assert.Equal(expected.FlashImage, flash);
        }
        TrainingMatch training = TrainingComparison.Compare(plan, samples.Train, samples.Test, null,
            SessionRunFiles.ReadHead(run.Directory, plan.Head.ParameterCount), SessionRunFiles.ReadPredictions(run.Directory));
        Assert.True(training.DifferingParameters == 0, $"{training.DifferingParameters} parameters differ, by up to {training.HeadMaxAbsDiff}");
        Assert.Equal(training.TestSamples, training.PredictionsIdentical);
        Assert.Equal(training.HostAccuracy, training.FirmwareAccuracy);
    }
}

public sealed class SessionRecipeReopenTests
{
    // A version 4 log (two feature parts) written by one run is reopened by the next, which adds its records as the C# does.
    [HostGccFact]
    public void Session_RecipeFlashOfAnEarlierRun_ReopensTheTwoPartLogAsTheCSharpDoes()
    {
        SessionSamples first = SessionScenario.Samples(perClass: 2, seed: 7, maxTest: 4), second = SessionScenario.Samples(perClass: 2, seed: 8, maxTest: 4);
        TransferSettings settings = SessionScenario.RecipeSettings(first.Classes, seed: 7) with
        {
            StoreFlash = new FlashRegion(FlashGeometry.Nrf52840, _ => throw new InvalidOperationException("the firmware's")),
            StoreInFlash = true,
        };
        SessionPlan plan = SessionPlan.For(first.Model, settings, first.Train.Count);
        SessionFirmware firmware = SessionFirmware.Write(KernelRunner.NewDirectory("session-recipe-reopen"), plan, ModelIdentity.FromBytes("base.tflite", first.ModelBytes));
        SessionRun run1 = firmware.RunOnHost(HostCompiler.Locate(), first.Train, first.Test, TimeSpan.FromMinutes(1));
        Assert.True(run1.Report.Status == 0, run1.Stdout);
        byte[] afterFirst = SessionRunFiles.ReadFlash(run1.Directory) ?? throw new InvalidOperationException("no flash.bin");
        Assert.Equal(4, afterFirst[5]);

        SessionRun run2 = firmware.RunOnHost(HostCompiler.Locate(), second.Train, second.Test, TimeSpan.FromMinutes(1), afterFirst);

        Assert.True(run2.Report.Status == 0, run2.Stdout);
        int copies = TransferSettings.AutoAugmentedCopies(first.Train.Count);
        Assert.Equal(first.Train.Count * (1 + copies), run2.Report.RecordsReopened);
        var expected = SessionComparison.Collect(plan, second.Train, afterFirst);
        FeatureMatch store = expected.CompareStore(SessionRunFiles.ReadStore(run2.Directory, plan.Head.Inputs));
        Assert.True(store.AllIdentical, store.FirstDifference);
        Assert.Equal((first.Train.Count + second.Train.Count) * (1 + copies), store.Total);
        Assert.Equal(expected.FlashImage, SessionRunFiles.ReadFlash(run2.Directory));
    }
}

public sealed class TrainingComparisonTests
{
    [Fact]
    public void Compare_TheHostsOwnHeadAndPredictions_AllIdentical()
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 4, seed: 8, maxTest: 12);
        SessionPlan plan = SessionPlan.For(samples.Model, SessionScenario.Settings(samples.Classes, seed: 8), samples.Train.Count);
        TransferOutcome outcome = TrainingComparison.RunHost(plan, samples.Train, null);
        float[] head = [.. outcome.CandidateHead.W1, .. outcome.CandidateHead.B1, .. outcome.CandidateHead.W2, .. outcome.CandidateHead.B2];
        var interpreter = new MicroTL.Runtime.Interpreter(outcome.DeployedModel);
        int[] predictions = [.. samples.Test.Select(s =>
        {
            s.Input.CopyTo(interpreter.InputBytes());
            interpreter.Invoke();
            return MicroTL.Features.FeatureExtractor.OutputArgMax(interpreter);
        })];

        TrainingMatch same = TrainingComparison.Compare(plan, samples.Train, samples.Test, null, head, predictions);
        head[3] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(head[3]) + 1);
        predictions[0] = (predictions[0] + 1) % samples.Classes;
        TrainingMatch changed = TrainingComparison.Compare(plan, samples.Train, samples.Test, null, head, predictions);

        Assert.True(same.AllIdentical);
        Assert.Equal(0, same.HeadMaxAbsDiff);
        Assert.Equal(same.HostAccuracy, same.FirmwareAccuracy);
        Assert.Equal(1, changed.DifferingParameters);
        Assert.True(changed.HeadMaxAbsDiff > 0);
        Assert.Equal(changed.TestSamples - 1, changed.PredictionsIdentical);
        Assert.False(changed.AllIdentical);
    }

    [Fact]
    public void Compare_HeadOrPredictionsOfAnotherLength_ThrowsNamingBoth()
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 3, seed: 8, maxTest: 5);
        SessionPlan plan = SessionPlan.For(samples.Model, SessionScenario.Settings(samples.Classes, seed: 8), samples.Train.Count);

        var head = Assert.Throws<ArgumentException>(() => TrainingComparison.Compare(plan, samples.Train, samples.Test, null, new float[3], new int[5]));
        var predictions = Assert.Throws<ArgumentException>(() =>
            TrainingComparison.Compare(plan, samples.Train, samples.Test, null, new float[plan.Head.ParameterCount], new int[4]));

        Assert.Contains($"the firmware's head has 3 parameters, the C#'s {plan.Head.ParameterCount}", head.Message);
        Assert.Contains("the firmware predicted 4 test samples of 5", predictions.Message);
    }
}

public sealed class SessionLogTests
{
    private static (SessionPlan Plan, SessionFirmware Firmware) Build(string name, SessionSamples samples, int capacityBytes, FlashGeometry geometry, bool inFlash)
    {
        TransferSettings settings = SessionScenario.Settings(samples.Classes, seed: 6) with
        {
            StoreCapacityBytes = capacityBytes,
            StoreFlash = new FlashRegion(geometry, _ => throw new InvalidOperationException("the firmware's")),
            StoreInFlash = inFlash,
        };
        SessionPlan plan = SessionPlan.For(samples.Model, settings, samples.Train.Count);
        return (plan, SessionFirmware.Write(KernelRunner.NewDirectory(name), plan, ModelIdentity.FromBytes("base.tflite", samples.ModelBytes)));
    }

    [HostGccTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Session_SmallEraseBlocks_CompactsTheLogAsTheCSharpDoes(bool inFlash)
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 10, seed: 6, maxTest: 5);
        // 12 records, banks of 24 slots: the 60 samples' kept records fill a bank.
        (SessionPlan plan, SessionFirmware firmware) = Build("session-compact", samples, 1200, new FlashGeometry(256, 4), inFlash);

        SessionRun run = firmware.RunOnHost(HostCompiler.Locate(), samples.Train, samples.Test, TimeSpan.FromMinutes(1));

        Assert.True(run.Report.Status == 0, run.Stdout);
        var expected = SessionComparison.Collect(plan, samples.Train);
        FeatureMatch store = expected.CompareStore(SessionRunFiles.ReadStore(run.Directory, plan.Head.Inputs));
        Assert.True(store.AllIdentical, store.FirstDifference);
        byte[] flash = SessionRunFiles.ReadFlash(run.Directory)!;
        Assert.Equal(expected.FlashImage, flash);
        // A compaction wrote the other bank's header with a later generation (bank 0's first is generation 1) and retired the old one.
        int bank = flash.Length / 2 / 256 * 256;
        int active = flash.AsSpan(0, 5).SequenceEqual("MTLFS"u8) ? 0 : bank;
        Assert.True(flash.AsSpan(active, 5).SequenceEqual("MTLFS"u8), "no bank holds a store's header");
        uint generation = BitConverter.ToUInt32(flash, active + 8);
        Assert.True(generation > 1, $"generation {generation}: the log never compacted");
    }

    [HostGccFact]
    public void Session_FlashOfAnEarlierRun_ReopensItsRecordsAsTheCSharpDoes()
    {
        SessionSamples first = SessionScenario.Samples(perClass: 3, seed: 7, maxTest: 5), second = SessionScenario.Samples(perClass: 3, seed: 8, maxTest: 5);
        (SessionPlan plan, SessionFirmware firmware) = Build("session-reopen", first, 4000, FlashGeometry.Nrf52840, inFlash: false);
        SessionRun run1 = firmware.RunOnHost(HostCompiler.Locate(), first.Train, first.Test, TimeSpan.FromMinutes(1));
        byte[] afterFirst = SessionRunFiles.ReadFlash(run1.Directory)!;

        SessionRun run2 = firmware.RunOnHost(HostCompiler.Locate(), second.Train, second.Test, TimeSpan.FromMinutes(1), afterFirst);

        Assert.True(run2.Report.Status == 0, run2.Stdout);
        Assert.Equal(first.Train.Count, run2.Report.RecordsReopened);
        var expected = SessionComparison.Collect(plan, second.Train, afterFirst);
        FeatureMatch store = expected.CompareStore(SessionRunFiles.ReadStore(run2.Directory, plan.Head.Inputs));
        Assert.True(store.AllIdentical, store.FirstDifference);
        Assert.Equal(first.Train.Count + second.Train.Count, store.Total);
        Assert.Equal(expected.FlashImage, SessionRunFiles.ReadFlash(run2.Directory));
    }

    [HostGccFact]
    public void Session_FlashOfAnotherLayout_InitFailsWithTheStoreError()
    {
        SessionSamples samples = SessionScenario.Samples(perClass: 3, seed: 7, maxTest: 5);
        (_, SessionFirmware small) = Build("session-layout-a", samples, 4000, FlashGeometry.Nrf52840, inFlash: false);
        (_, SessionFirmware other) = Build("session-layout-b", samples, 4100, FlashGeometry.Nrf52840, inFlash: false);
        byte[] image = SessionRunFiles.ReadFlash(small.RunOnHost(HostCompiler.Locate(), samples.Train, samples.Test, TimeSpan.FromMinutes(1)).Directory)!;

        SessionRun run = other.RunOnHost(HostCompiler.Locate(), samples.Train, samples.Test, TimeSpan.FromMinutes(1), image);

        Assert.Equal(-7, run.Report.InitStatus); // MTL_STATUS_STORE_ERROR: a store of another capacity, not formatted over
        Assert.Equal(-7, run.Report.Status);
    }
}
