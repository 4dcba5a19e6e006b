using MicroTL.Budget;
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
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, Seed: 3));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(240, 1), TransferTestData.SineSign(100, 2));

        Assert.True(outcome.ClassesChanged);
        Assert.Equal(DeploymentDecision.AcceptedClassesChanged, outcome.Decision);
        Assert.True(outcome.AccuracyAfter >= 0.9, $"accuracy after {outcome.AccuracyAfter}");
        Assert.True(outcome.AccuracyAfter > outcome.AccuracyBefore + 0.3);
        Assert.Same(outcome.CandidateModel, outcome.DeployedModel);
    }

    [Fact]
    public void Run_ExportedModel_PredictsExactlyWhatTheSessionPredicts()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, Seed: 5));
        List<LabelledInput> test = TransferTestData.SineSign(200, 9);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(200, 8), test);

        Assert.Equal(test.Count, outcome.ExportAgreements);
        // And the file form of the model behaves the same: write, read back, run.
        var reread = new Interpreter(TfLiteReader.Read(TfLiteWriter.Write(outcome.DeployedModel)));
        int correct = 0;
        foreach (LabelledInput sample in test)
        {
            sample.Input.CopyTo(reread.InputBytes());
            reread.Invoke();
            if (FeatureExtractor.OutputArgMax(reread) == sample.Label) correct++;
        }

        Assert.Equal(outcome.CandidateAccuracy, (double)correct / test.Count);
    }

    [Fact]
    public void Run_Int8Head_ExportsAnAllInt8ModelThatAgreesWithTheFloatHead()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, Seed: 5, Int8Head: true));
        List<LabelledInput> test = TransferTestData.SineSign(200, 9);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(200, 8), test);

        Subgraph graph = outcome.CandidateModel.MainSubgraph;
        Assert.All(graph.Tensors, t => Assert.NotEqual(TensorType.Float32, t.Type));
        Assert.Equal("int8", outcome.ExportFormat);
        // Requantization rounds, so agreement is not guaranteed to be total; it must stay close.
        Assert.True(outcome.ExportAgreements >= 0.95 * test.Count, $"{outcome.ExportAgreements} of {test.Count} agree");
        Assert.True(outcome.CandidateAccuracy >= 0.85, $"int8 candidate accuracy {outcome.CandidateAccuracy}, float head {outcome.HeadAccuracy}");
    }

    [Fact]
    public void Run_StoreInRamJournaled_ReopensRecordsOfEarlierRunsAndSurvivesATornRecord()
    {
        var flash = new RamFlashRegion();
        var settings = new TransferSettings(Classes: 2, StoreFlash: flash.Region);
        new TransferSession(TransferTestData.HelloWorld, settings).Run(TransferTestData.SineSign(40, 1), TransferTestData.SineSign(10, 2));
        // Power lost in the middle of programming one more record (16 features: 44 bytes a slot after the 48-byte header): a torn tail.
        flash.Medium!.Bytes.Slice(48 + 40 * 44, 7).Clear();

        TransferOutcome second = new TransferSession(TransferTestData.HelloWorld, settings)
            .Run(TransferTestData.SineSign(40, 3), TransferTestData.SineSign(10, 4));

        Assert.Equal(40, second.RecordsReopened);
        Assert.Equal(80, second.StoredPerClass.Sum());
        Assert.Equal(2, flash.Opened);
    }

    [Fact]
    public void Run_FullStore_AllocatesExactlyTheBudget()
    {
        // 18-byte records (16 features + label): 50 records, filled by 120 samples.
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, StoreCapacityBytes: 18 * 50));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(120, 1), TransferTestData.SineSign(20, 2));

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
            new TransferSettings(Classes: 2, StoreCapacityBytes: 18 * 50, StoreFlash: flash.Region, StoreInFlash: inFlash));

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(120, 1), TransferTestData.SineSign(20, 2));

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
        var ram = new TransferSettings(Classes: 2, Seed: 3, StoreCapacityBytes: 18 * 60);
        TransferOutcome inRam = new TransferSession(TransferTestData.HelloWorld, ram)
            .Run(TransferTestData.SineSign(240, 1), TransferTestData.SineSign(100, 2));
        TransferOutcome logged = new TransferSession(TransferTestData.HelloWorld, ram with { StoreFlash = new RamFlashRegion().Region, StoreInFlash = inFlash })
            .Run(TransferTestData.SineSign(240, 1), TransferTestData.SineSign(100, 2));

        Assert.Equal(inRam.StoredPerClass, logged.StoredPerClass);
        Assert.Equal(inRam.Training.Epochs, logged.Training.Epochs); // every epoch's loss and accuracy, bit for bit
        Assert.Equal(inRam.NewValidationAccuracy, logged.NewValidationAccuracy);
        Assert.Equal(inRam.HeadAccuracy, logged.HeadAccuracy);
        Assert.Equal(inRam.CandidateAccuracy, logged.CandidateAccuracy);
        Assert.Equal(inRam.AccuracyAfter, logged.AccuracyAfter);
        Assert.True(logged.AccuracyAfter >= 0.9, $"accuracy after {logged.AccuracyAfter}");
    }

    [Fact]
    public void Constructor_StoreInFlashWithoutFlashRegion_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, StoreInFlash: true)));

        Assert.Contains("flash region", error.Message);
        Assert.Contains("--store", error.Message);
    }

    [Fact]
    public void Run_RegionOpensAMediumOfAnotherGeometry_ThrowsNamingBoth()
    {
        var other = new FlashRegion(FlashGeometry.Nrf52840, size => new RamFlashMedium(size, new FlashGeometry(256, 4), "odd flash"));
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, StoreFlash: other));

        var error = Assert.Throws<ArgumentException>(() => session.Run(TransferTestData.SineSign(10, 1), TransferTestData.SineSign(5, 2)));

        Assert.Contains("odd flash", error.Message);
        Assert.Contains("256", error.Message);
    }

    [Fact]
    public void Constructor_StoreInFlashLargerThanDeviceFlash_RefusesWithTheNumbers()
    {
        // micro_speech, 100 records of 4000 features: 400 KB of records, 1.2 MB at worst while compacting.
        var settings = new TransferSettings(Hidden: 2, Optimizer: OptimizerSettings.Sgd(0.01f), BatchSize: 1,
            Stopping: StoppingKind.FixedEpochs, KeepSnapshot: false, StoreCapacityBytes: 400200, StoreFlash: new RamFlashRegion().Region, StoreInFlash: true);

        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.MicroSpeech, settings));
        Assert.Equal(DeviceMemoryKind.Flash, error.Budget.Kind);

        Assert.Contains("1048576", error.Message);
        Assert.Contains(FeatureStore.RequiredFlashBytes(4000, 400200, FlashGeometry.Nrf52840).ToString(), error.Message);
        Assert.True(error.Budget.TotalBytes > DeviceMemory.Nrf52840.FlashBytes);
        var session = new TransferSession(TransferTestData.MicroSpeech, settings with { Device = LargeDevice });
        Assert.True(session.Memory.TotalBytes < 200 * 1024, $"{session.Memory.TotalBytes} bytes of RAM"); // the RAM part fits the nRF52840
    }

    [Fact]
    public void Constructor_JobLargerThanDeviceRam_RefusesNamingEveryComponent()
    {
        // micro_speech's cut has 4000 features: a 4000 -> 32 float head alone is 512 KB of weights.
        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.MicroSpeech, new TransferSettings()));

        Assert.Contains("262144", error.Message);
        foreach (MemoryComponent component in error.Budget.Components) Assert.Contains(component.Name, error.Message);
        Assert.True(error.Budget.TotalBytes > DeviceMemory.Nrf52840.RamBytes);
    }

    [Fact]
    public void Constructor_HeadTooLargeToCount_RefusedAsOverBudgetNotAsABug()
    {
        // 16 -> 100,000,000 -> 2: 1.9e9 parameters, more than an int counts; before, an ArgumentOutOfRangeException (exit 1).
        var error = Assert.Throws<BudgetExceededException>(() => new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2, Hidden: 100_000_000)));

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

        TransferOutcome outcome = session.Run(TransferTestData.YesNo(24, 1), TransferTestData.YesNo(10, 2));

        Assert.Equal(1.0, outcome.OldValidationAccuracy); // the deployed model knows yes and no
        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Same(model, outcome.DeployedModel);
        Assert.Equal(outcome.AccuracyBefore, outcome.AccuracyAfter);
    }

    [Fact]
    public void Run_DivergingWithoutSnapshot_RejectsTheHeadEvenWhenClassesChange()
    {
        var settings = new TransferSettings(Classes: 2, Optimizer: OptimizerSettings.Sgd(learningRate: 1e30f),
            KeepSnapshot: false, Stopping: StoppingKind.FixedEpochs, MaxEpochs: 3);
        var session = new TransferSession(TransferTestData.HelloWorld, settings);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(60, 1), TransferTestData.SineSign(10, 2));

        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Equal("rollback snapshot", outcome.Memory.Components.Single(c => c.Bytes == 0 && c.Name == "rollback snapshot").Name);
    }

    [Fact]
    public void Run_CutAtGraphInput_TrainsOnTheInputItself()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(CutTensor: "0", Classes: 2, Hidden: 8));
        List<LabelledInput> test = TransferTestData.SineSign(100, 2);

        TransferOutcome outcome = session.Run(TransferTestData.SineSign(200, 1), test);

        Assert.Equal(1, outcome.Head.Inputs);
        Assert.Equal(test.Count, outcome.ExportAgreements);
    }

    [Fact]
    public void Run_Cancelled_StopsWithoutAnOutcomeAndKeepsTheDurableStore()
    {
        var flash = new RamFlashRegion();
        var settings = new TransferSettings(Classes: 2, StoreFlash: flash.Region);
        using var cancel = new CancellationTokenSource();
        int collected = 0;

        Assert.Throws<OperationCanceledException>(() => new TransferSession(TransferTestData.HelloWorld, settings).Run(
            TransferTestData.SineSign(50, 1), TransferTestData.SineSign(10, 2),
            onCollected: (done, _) => { collected = done; if (done == 20) cancel.Cancel(); }, cancel: cancel.Token));

        Assert.Equal(20, collected);
        Assert.Equal(20, FeatureStore.Load(flash.Medium!).Count); // every record collected before the stop
    }

    [Fact]
    public void Run_LabelOutsideHeadClasses_ThrowsNamingSample()
    {
        var session = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(Classes: 2));
        var data = TransferTestData.SineSign(10, 1);
        data[3] = data[3] with { Label = 7 };

        var error = Assert.Throws<TransferDataException>(() => session.Run(data, TransferTestData.SineSign(5, 2)));

        Assert.Contains("sample 3", error.Message);
    }
}
