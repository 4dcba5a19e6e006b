using MicroTL.Budget;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.Store;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Tests.Session;

public class TransferSessionTests
{
    private static readonly DeviceMemory LargeDevice = new("test-16mb", 16 << 20, 16 << 20, "test");

    [Fact]
    public void Run_NewClassesOnHelloWorldBody_LearnsTaskAndDeploys()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 3));
        List<LabelledInput> test = TransferTestData.SineSign(100, 2);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(240, 1));

        Assert.True(outcome.ClassesChanged);
        Assert.Equal(DeploymentDecision.AcceptedClassesChanged, outcome.Decision);
        Assert.True(outcome.Deployed);
        Assert.Contains("2 classes and the model 1", outcome.DecisionReason);
        Assert.Same(outcome.CandidateModel, outcome.DeployedModel);
        Assert.Equal(0, outcome.ValidationRecords); // the recipe: every sample trains
        Assert.True(outcome.NewTrainingAccuracy >= 0.9, $"training accuracy {outcome.NewTrainingAccuracy}");
        double after = TransferTestData.Accuracy(outcome.DeployedModel, test), before = TransferTestData.Accuracy(TransferTestData.HelloWorld, test);
        Assert.True(after >= 0.9, $"accuracy after {after}");
        Assert.True(after > before + 0.3, $"before {before}, after {after}");
    }

    [Fact]
    public void Run_Outcome_CarriesTheTrainedHeadTheCandidateWasExportedFrom()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 5));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(200, 8));

        HeadWeights head = outcome.CandidateHead;
        Assert.Equal((outcome.Head.Inputs, outcome.Head.Hidden, outcome.Head.Classes), (head.Inputs, head.Hidden, head.Classes));
        head.Validate();
        Assert.Equal(TfLiteWriter.Write(HybridModelExporter.Build(TransferTestData.HelloWorld, outcome.Cut, head)), TfLiteWriter.Write(outcome.CandidateModel));
    }

    [Fact]
    public void Run_KeptClassesBetterOnValidation_AcceptsNamingBothAccuracies()
    {
        // micro_speech on its own yes/no task, its head retrained from its own weights: at least as good on validation.
        var settings = new TransferSettings(LargeDevice, Hidden: 4, Optimizer: OptimizerSettings.Sgd(1e-3f),
            Stopping: StoppingKind.FixedEpochs, MaxEpochs: 2, ValidationFraction: 0.5);

        TransferOutcome outcome = new TransferSession(TransferTestData.MicroSpeech, settings).Run(TransferTestData.YesNo(24, 1));

        Assert.False(outcome.ClassesChanged);
        Assert.Equal(outcome.StoredPerClass.Sum() / 2, outcome.ValidationRecords);
        Assert.Equal(outcome.NewValidationAccuracy >= outcome.OldValidationAccuracy, outcome.Deployed);
        Assert.Contains($"{100 * outcome.OldValidationAccuracy:F1} %", outcome.DecisionReason);
        Assert.Contains($"{100 * outcome.NewValidationAccuracy:F1} %", outcome.DecisionReason);
    }

    [Fact]
    public void Run_Int8Head_ExportsAnAllInt8Model()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 5, Int8Head: true));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(200, 8));

        Subgraph graph = outcome.CandidateModel.MainSubgraph;
        Assert.All(graph.Tensors, t => Assert.NotEqual(TensorType.Float32, t.Type));
        Assert.Equal("int8", outcome.ExportFormat);
        double accuracy = TransferTestData.Accuracy(outcome.CandidateModel, TransferTestData.SineSign(200, 9));
        Assert.True(accuracy >= 0.85, $"int8 candidate accuracy {accuracy}");
    }

    [Fact]
    public void Run_StoreInRamJournaled_ReopensRecordsOfEarlierRunsAndSurvivesATornRecord()
    {
        var flash = new RamFlashRegion();
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreFlash: flash.Region);
        new TransferSession(TransferTestData.HelloWorld, settings).Run(TransferTestData.SineSign(40, 1));
        // Power lost in the middle of programming one more record (16 features: 44 bytes a slot after the 48-byte header): a torn tail.
        flash.Medium!.Bytes.Slice(48 + 40 * 44, 7).Clear();

        TransferOutcome second = new TransferSession(TransferTestData.HelloWorld, settings)
            .Run(TransferTestData.SineSign(40, 3));

        Assert.Equal(40, second.RecordsReopened);
        Assert.Equal(80, second.StoredPerClass.Sum());
        Assert.Equal(2, flash.Opened);
    }

    [Fact]
    public void Run_FullStore_AllocatesExactlyTheBudget()
    {
        // 18-byte records (16 features + label): 50 records, filled by 120 samples.
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreCapacityBytes: 18 * 50));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(120, 1));

        Assert.Equal(50, outcome.StoredPerClass.Sum());
        Assert.Equal(outcome.Memory.TotalBytes, outcome.AllocatedBytes);
    }

    [Theory]
    [InlineData(false, "feature store (int8), journaled to flash")]
    [InlineData(true, "feature store index (RAM; records in flash)")]
    public void Run_StoreWithALogFullStore_AllocatesExactlyTheBudget(bool inFlash, string storeComponent)
    {
        var flash = new RamFlashRegion();
        var session = new TransferSession(TransferTestData.HelloWorld,
            new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreCapacityBytes: 18 * 50, StoreFlash: flash.Region, StoreInFlash: inFlash));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(120, 1));

        Assert.Equal(50, outcome.StoredPerClass.Sum());
        Assert.Equal(outcome.Memory.TotalBytes, outcome.AllocatedBytes);
        FeatureStoreMode mode = inFlash ? FeatureStoreMode.Flash : FeatureStoreMode.RamJournaled;
        Assert.Equal(FeatureStore.RequiredBytes(16, 18 * 50, 2, mode, FlashGeometry.Nrf52840), outcome.Memory.Components.Single(c => c.Name == storeComponent).Bytes);
        Assert.DoesNotContain(outcome.Memory.Components, c => c.Name == "feature store (int8)");
        Assert.Equal(session.Flash.Components.Single(c => c.Name.StartsWith("feature store log")).Bytes, flash.Medium!.SizeBytes);
        Assert.Equal(FeatureStore.RequiredFlashBytes(16, 18 * 50, FlashGeometry.Nrf52840), session.StoreFlashBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_StoreWithALog_LearnsExactlyAsTheRamStoreDoes(bool inFlash)
    {
        var ram = new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 3, StoreCapacityBytes: 18 * 60, ValidationFraction: 0.2);
        TransferOutcome inRam = new TransferSession(TransferTestData.HelloWorld, ram).Run(TransferTestData.SineSign(240, 1));
        TransferOutcome logged = new TransferSession(TransferTestData.HelloWorld, ram with { StoreFlash = new RamFlashRegion().Region, StoreInFlash = inFlash })
            .Run(TransferTestData.SineSign(240, 1));

        Assert.Equal(inRam.StoredPerClass, logged.StoredPerClass);
        Assert.Equal(inRam.Training.Epochs, logged.Training.Epochs); // every epoch's loss and accuracy, bit for bit
        Assert.Equal(inRam.NewValidationAccuracy, logged.NewValidationAccuracy);
        Assert.Equal(inRam.CandidateHead.W1, logged.CandidateHead.W1);
        Assert.Equal(TfLiteWriter.Write(inRam.DeployedModel), TfLiteWriter.Write(logged.DeployedModel));
        Assert.True(logged.NewValidationAccuracy >= 0.9, $"validation accuracy {logged.NewValidationAccuracy}");
    }

    [Fact]
    public void Run_StoreInFlashWithoutFlashRegion_KeepsTheRecordsInALogOfTheRunsOwn()
    {
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 3, StoreCapacityBytes: 18 * 60, StoreInFlash: true);
        var session = new TransferSession(TransferTestData.HelloWorld, settings);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(60, 1));
        TransferOutcome inRam = new TransferSession(TransferTestData.HelloWorld, settings with { StoreInFlash = false }).Run(TransferTestData.SineSign(60, 1));

        Assert.Equal(FeatureStoreMode.Flash, outcome.StoreMode);
        Assert.Equal(FeatureStore.RequiredFlashBytes(16, 18 * 60, FlashGeometry.Nrf52840), session.StoreFlashBytes);
        Assert.Contains(session.Memory.Components, c => c.Name.StartsWith("feature store index", StringComparison.Ordinal));
        Assert.Equal(inRam.CandidateHead.W1, outcome.CandidateHead.W1);
    }

    [Fact]
    public void Run_RegionOpensAMediumOfAnotherGeometry_ThrowsNamingBoth()
    {
        var other = new FlashRegion(FlashGeometry.Nrf52840, size => new RamFlashMedium(size, new FlashGeometry(256, 4), "odd flash"));
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreFlash: other));

        var error = Assert.Throws<ArgumentException>(() => session.Run(TransferTestData.SineSign(10, 1)));

        Assert.Contains("odd flash", error.Message);
        Assert.Contains("256", error.Message);
    }

    [Fact]
    public void Constructor_StoreInFlashLargerThanDeviceFlash_RefusesWithTheNumbers()
    {
        // micro_speech, 100 records of 4000 features: 400 KB of records, 1.2 MB at worst while compacting.
        var settings = new TransferSettings(TestDevices.Nrf52840, Hidden: 2, Optimizer: OptimizerSettings.Sgd(0.01f), BatchSize: 1,
            Stopping: StoppingKind.FixedEpochs, KeepSnapshot: false, StoreCapacityBytes: 400200, StoreFlash: new RamFlashRegion().Region, StoreInFlash: true);

        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.MicroSpeech, settings));
        Assert.Equal(DeviceMemoryKind.Flash, error.Budget.Kind);

        Assert.Contains("1048576", error.Message);
        Assert.Contains(FeatureStore.RequiredFlashBytes(4000, 400200, FlashGeometry.Nrf52840).ToString(), error.Message);
        Assert.True(error.Budget.TotalBytes > TestDevices.Nrf52840.FlashBytes);
        var session = new TransferSession(TransferTestData.MicroSpeech, settings with { Device = LargeDevice });
        Assert.True(session.Memory.TotalBytes < 200 * 1024, $"{session.Memory.TotalBytes} bytes of RAM"); // the RAM part fits the nRF52840
    }

    [Fact]
    public void Constructor_JobLargerThanDeviceRam_RefusesNamingEveryComponent()
    {
        // micro_speech's cut has 4000 features: a 4000 -> 32 float head alone is 512 KB of weights.
        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.MicroSpeech, new TransferSettings(TestDevices.Nrf52840)));

        Assert.Contains("262144", error.Message);
        foreach (MemoryComponent component in error.Budget.Components) Assert.Contains(component.Name, error.Message);
        Assert.True(error.Budget.TotalBytes > TestDevices.Nrf52840.RamBytes);
    }

    [Fact]
    public void Constructor_HeadTooLargeToCount_RefusedAsOverBudgetNotAsABug()
    {
        // 16 -> 100,000,000 -> 2: 1.9e9 parameters, more than an int counts; before, an ArgumentOutOfRangeException (exit 1).
        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Hidden: 100_000_000)));

        Assert.Contains("head parameters (16->100000000->2) 7600000008 bytes", error.Message);
        var huge = new DeviceMemory("huge", RamBytes: 1L << 40, FlashBytes: 1L << 40, Source: "test");
        var tooMany = Assert.Throws<TransferDataException>(() => new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, Hidden: 100_000_000, Device: huge)));
        Assert.Contains($"at most {HeadShape.MaxParameters}", tooMany.Message);
    }

    [Fact]
    public void Run_DivergingTrainingOnKeptClasses_KeepsTheOriginalModel()
    {
        TfLiteModel model = TransferTestData.MicroSpeech;
        var settings = new TransferSettings(Hidden: 4, Optimizer: OptimizerSettings.Sgd(learningRate: 1e6f), Device: LargeDevice,
            Stopping: StoppingKind.FixedEpochs, MaxEpochs: 3, ValidationFraction: 0.5);
        var session = new TransferSession(model, settings);

        TransferOutcome outcome = session.Run(TransferTestData.YesNo(24, 1));

        Assert.Equal(1.0, outcome.OldValidationAccuracy); // the deployed model knows yes and no
        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.False(outcome.Deployed);
        Assert.Same(model, outcome.DeployedModel);
    }

    [Fact]
    public void Run_DivergingWithoutSnapshot_RejectsTheHeadEvenWhenClassesChange()
    {
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, Optimizer: OptimizerSettings.Sgd(learningRate: 1e30f),
            KeepSnapshot: false, Stopping: StoppingKind.FixedEpochs, MaxEpochs: 3);
        var session = new TransferSession(TransferTestData.HelloWorld, settings);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(60, 1));

        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Contains("no snapshot", outcome.DecisionReason);
        Assert.Equal(0, outcome.Memory.Components.Single(c => c.Name.StartsWith("good weights")).Bytes); // fixed epochs keep no best
    }

    [Fact]
    public void Run_DivergingWithSnapshotAndNoBest_RestartsFromTheInitialisationAndRejects()
    {
        // SGD at 1e30 diverges in the first epoch, and again at half the rate: the head is put back at its He start.
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, FreshHead: true, Optimizer: OptimizerSettings.Sgd(learningRate: 1e30f),
            Stopping: StoppingKind.FixedEpochs, MaxEpochs: 3);
        var session = new TransferSession(TransferTestData.HelloWorld, settings);
        var start = new HeadParameters(session.Head, 0);
        start.InitializeHe(settings.Seed);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(60, 1));

        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.True(outcome.Training.RetriedWithHalfLearningRate);
        Assert.Equal(0, outcome.Training.EpochsRun);
        Assert.Equal(start.W1.ToArray(), outcome.CandidateHead.W1);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Contains("no epoch was kept", outcome.DecisionReason);
    }

    [Fact]
    public void Run_FewerSamplesThanTheStoreHolds_SizesTheStoreAndTheShuffleToThem()
    {
        // A 50-record capacity and 30 samples: the store in RAM holds 30 records, and the plan says so.
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreCapacityBytes: 18 * 50));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(30, 1));

        Assert.Equal(30, outcome.SamplesStored);
        Assert.Equal(outcome.Memory.TotalBytes, outcome.AllocatedBytes);
        Assert.Equal(session.MemoryFor(30).TotalBytes, outcome.Memory.TotalBytes);
        long Component(MemoryBudget budget, string name) => budget.Components.Single(c => c.Name == name).Bytes;
        Assert.Equal(FeatureStore.RequiredBytes(16, 18 * 30, 2), Component(outcome.Memory, "feature store (int8)"));
        Assert.Equal(FeatureStore.RequiredBytes(16, 18 * 50, 2), Component(session.Memory, "feature store (int8)"));
        Assert.Equal(30 * 4, Component(outcome.Memory, "shuffle order"));
        Assert.Equal(session.Memory.TotalBytes - 20 * (18 + 4), outcome.Memory.TotalBytes); // 20 records and their shuffle slots (no validation split: no split index)
    }

    [Fact]
    public void MemoryFor_StoreWithALog_KeepsItsCapacity()
    {
        var session = new TransferSession(TransferTestData.HelloWorld,
            new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreCapacityBytes: 18 * 50, StoreFlash: new RamFlashRegion().Region));

        Assert.Equal(session.Memory.TotalBytes, session.MemoryFor(10).TotalBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.MemoryFor(0));
    }

    [Fact]
    public void Run_CutAtGraphInput_TrainsOnTheInputItself()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, CutTensor: "0", Classes: 2, Hidden: 8));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(200, 1));

        Assert.Equal(1, outcome.Head.Inputs);
        Assert.Equal(0, outcome.Cut.BodyOperatorCount);
        Assert.Equal(1, outcome.CandidateHead.Inputs);
        Assert.True(outcome.Training.EpochsRun > 0);
    }

    [Fact]
    public void Run_Cancelled_StopsWithoutAnOutcomeAndKeepsTheDurableStore()
    {
        var flash = new RamFlashRegion();
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, StoreFlash: flash.Region);
        using var cancel = new CancellationTokenSource();
        int collected = 0;

        Assert.Throws<OperationCanceledException>(() => new TransferSession(TransferTestData.HelloWorld, settings).Run(
            TransferTestData.SineSign(50, 1),
            onCollected: (done, _) => { collected = done; if (done == 20) cancel.Cancel(); }, cancel: cancel.Token));

        Assert.Equal(20, collected);
        Assert.Equal(20, FeatureStore.Load(flash.Medium!).Count); // every record collected before the stop
    }

    [Fact]
    public void Constructor_EnergyAwareStoppingWithoutAnEnergyFigure_Throws()
    {
        // The device library has no board's figures: energy-aware stopping without a measured epoch or an energy model is refused.
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, Stopping: StoppingKind.EnergyAware);

        var error = Assert.Throws<ArgumentException>(() => new TransferSession(TransferTestData.HelloWorld, settings));

        Assert.Contains("energy model", error.Message);
        _ = new TransferSession(TransferTestData.HelloWorld, settings with { EpochMillijoules = 0.5 });
        _ = new TransferSession(TransferTestData.HelloWorld, settings with { EpochEnergyModel = ops => 1e-6 * ops.TotalMultiplyAdds });
    }

    [Fact]
    public void Run_LabelOutsideHeadClasses_ThrowsNamingSample()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2));
        var data = TransferTestData.SineSign(10, 1);
        data[3] = data[3] with { Label = 7 };

        var error = Assert.Throws<TransferDataException>(() => session.Run(data));

        Assert.Contains("sample 3", error.Message);
    }
}
