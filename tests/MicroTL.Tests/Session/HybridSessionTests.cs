using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Tests.Features;
using MicroTL.Training;

namespace MicroTL.Tests.Session;

/// <summary>A run on a model with head features and a window input: the recipe's hybrid head input and augmented copies.</summary>
public class HybridSessionTests
{
    private static readonly TfLiteModel Motion = MotionTestModel.Build();

    private static TransferSettings Settings(int classes = 3, int? copies = 2) =>
        new(TestDevices.Nrf52840, Classes: classes, Seed: 4, AugmentedCopies: copies, StoreCapacityBytes: 90 * 4 * (2 + 38));

    [Fact]
    public void Run_ModelWithHeadFeatures_TrainsOnBothPartsAndTheExportPredictsAsTheHead()
    {
        var session = new TransferSession(Motion, Settings());
        List<LabelledInput> test = MotionTestModel.Windows(60, 8);

        TransferOutcome outcome = session.Run(MotionTestModel.Windows(90, 7));

        Assert.NotNull(outcome.HeadFeatures);
        Assert.Equal(new HeadShape(MotionTestModel.CutFeatures + MotionTestModel.Statistics, TransferSettings.DefaultHidden, 3), outcome.Head);
        Assert.True(outcome.Deployed);
        Assert.Equal(90 * 3, outcome.SamplesStored); // each window and its 2 copies
        var extractor = new FeatureExtractor(Motion, outcome.Cut, outcome.HeadFeatures);
        var head = new FloatHead(outcome.Head, maxBatch: 1);
        head.Parameters.Load(outcome.CandidateHead.W1, outcome.CandidateHead.B1, outcome.CandidateHead.W2, outcome.CandidateHead.B2);
        var exported = new Interpreter(outcome.CandidateModel);
        var features = new sbyte[extractor.FeatureLength];
        var real = new float[extractor.FeatureLength];
        int agree = 0, correct = 0;
        foreach (LabelledInput sample in test)
        {
            extractor.Extract(sample.Input, features);
            extractor.Segments.Dequantize(features, real);
            int trained = head.Predict(real);
            sample.Input.CopyTo(exported.InputBytes());
            exported.Invoke();
            int predicted = FeatureExtractor.OutputArgMax(exported);
            if (predicted == trained) agree++;
            if (predicted == sample.Label) correct++;
        }

        Assert.Equal(test.Count, agree);
        Assert.True(correct >= 0.8 * test.Count, $"{correct} of {test.Count} test windows right");
        // The head's input is joined in the model as on the device: both parts dequantized, then one CONCATENATION (float32).
        BuiltinOperator[] codes = [.. outcome.CandidateModel.MainSubgraph.Operators.Select(op => outcome.CandidateModel.CodeOf(op))];
        Assert.Single(codes, c => c == BuiltinOperator.Concatenation);
        Assert.Equal(2, codes.Count(c => c == BuiltinOperator.Dequantize));
        Assert.Contains(outcome.CandidateModel.OperatorCodes, c => c.CustomCode == MicroTL.Runtime.Ops.WindowStatisticsOperator.CustomCode);
    }

    [Fact]
    public void Run_AModelAdaptedWithHeadFeatures_AdaptsAgainFromItsOwnHeadOnTheSameInput()
    {
        TransferOutcome first = new TransferSession(Motion, Settings()).Run(MotionTestModel.Windows(90, 7));
        TfLiteModel adapted = first.CandidateModel;

        TransferOutcome second = new TransferSession(adapted, Settings()).Run(MotionTestModel.Windows(90, 9));

        // The same cut and head features, found again behind the adapted head's DEQUANTIZE and CONCATENATION.
        Assert.Equal(first.CutTensorName, second.CutTensorName);
        Assert.Equal(HeadFeatures.TensorName, adapted.MainSubgraph.Tensors[second.HeadFeatures!.Tensor].Name);
        Assert.Equal(first.Head, second.Head);
        // Seeded from the adapted head (same input, same width) and judged against it on the stored records.
        Assert.Equal("model", second.Initialisation);
        Assert.False(double.IsNaN(second.OldTrainingAccuracy), "the old head ran on the stored records");
        // The old head is replaced, not stacked on: the operators and the size of the first export.
        Assert.Equal(Codes(adapted), Codes(second.CandidateModel));
        Assert.Single(Codes(second.CandidateModel), c => c == BuiltinOperator.Concatenation);
        Assert.Equal(TfLiteWriter.Write(adapted).Length, TfLiteWriter.Write(second.CandidateModel).Length);

        static BuiltinOperator[] Codes(TfLiteModel model) => [.. model.MainSubgraph.Operators.Select(model.CodeOf)];
    }

    [Fact]
    public void PredictWithModelHead_AdaptedWithHeadFeatures_AsTheWholeModelPredicts()
    {
        TfLiteModel adapted = new TransferSession(Motion, Settings()).Run(MotionTestModel.Windows(90, 7)).CandidateModel;
        CutPoint cut = CutPoint.Default(adapted);
        var extractor = new FeatureExtractor(adapted, cut, HeadFeatures.Find(adapted, cut, out _));
        var whole = new Interpreter(adapted);
        List<LabelledInput> samples = MotionTestModel.Windows(30, 11);
        // Every sample's features first, so that predicting from a record cannot lean on what the last extraction left.
        var stored = new List<sbyte[]>();
        var expected = new List<int>();
        foreach (LabelledInput sample in samples)
        {
            var features = new sbyte[extractor.FeatureLength];
            extractor.Extract(sample.Input, features);
            stored.Add(features);
            sample.Input.CopyTo(whole.InputBytes());
            whole.Invoke();
            expected.Add(FeatureExtractor.OutputArgMax(whole));
        }

        Assert.True(extractor.CanRunModelHead);
        Assert.Equal(expected, stored.Select(features => extractor.PredictWithModelHead(features)));
        Assert.True(expected.Distinct().Count() > 1, "the samples reach more than one class");
    }

    [Fact]
    public void Run_HeadFeaturesOff_TheHeadTakesTheCutAlone()
    {
        TransferOutcome outcome = new TransferSession(Motion, Settings() with { HeadFeatures = false }).Run(MotionTestModel.Windows(30, 7));

        Assert.Null(outcome.HeadFeatures);
        Assert.Equal(MotionTestModel.CutFeatures, outcome.Head.Inputs);
        Assert.DoesNotContain(outcome.CandidateModel.OperatorCodes, c => c.CustomCode is not null); // the statistics op is not exported
    }

    [Fact]
    public void Constructor_HeadFeaturesRequiredOfAModelWithout_ThrowsNamingTheOutput()
    {
        var error = Assert.Throws<TransferDataException>(() =>
            new TransferSession(MotionTestModel.Build(headFeatures: false), Settings() with { HeadFeatures = true }));

        Assert.Contains($"no graph output named '{HeadFeatures.TensorName}'", error.Message);
        Assert.Contains("--head-features off", error.Message);
    }

    [Fact]
    public void Constructor_Int8HeadWithHeadFeaturesRequired_ThrowsNamingTheOptions()
    {
        var error = Assert.Throws<TransferDataException>(() => new TransferSession(Motion, Settings() with { Int8Head = true, HeadFeatures = true }));

        Assert.Contains("--int8-head", error.Message);
        Assert.Contains("--head-features off", error.Message);
    }

    [Fact]
    public void Run_Int8HeadWithHeadFeaturesAuto_ExportsTheCutsHeadInInt8()
    {
        TransferOutcome outcome = new TransferSession(Motion, Settings() with { Int8Head = true }).Run(MotionTestModel.Windows(30, 7));

        Assert.Null(outcome.HeadFeatures);
        Assert.Equal("int8", outcome.ExportFormat);
        Assert.Equal(MotionTestModel.CutFeatures, outcome.Head.Inputs);
    }

    [Fact]
    public void Constructor_CopiesOfAModelWithoutWindowInput_ThrowsNamingTheInput()
    {
        var error = Assert.Throws<TransferDataException>(() =>
            new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, AugmentedCopies: 2)));

        Assert.Contains("2 augmented copies asked for", error.Message);
        Assert.Contains("is not a 3-axis window", error.Message);
        Assert.Contains("--augment 0", error.Message);
    }

    [Fact]
    public void Run_AutoCopiesOnAModelWithoutWindowInput_MakesNone()
    {
        TransferOutcome outcome = new TransferSession(TransferTestData.HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 1, StoreInFlash: false))
            .Run(TransferTestData.SineSign(40, 1));

        Assert.Equal(0, outcome.AugmentedCopies);
        Assert.Equal(40, outcome.SamplesStored);
        Assert.Equal(0, outcome.CollectionFloatOperations);
    }

    [Fact]
    public void Run_SameSeed_SameRecordsAndHeadBitForBit()
    {
        TransferOutcome a = new TransferSession(Motion, Settings()).Run(MotionTestModel.Windows(45, 7));
        TransferOutcome b = new TransferSession(Motion, Settings()).Run(MotionTestModel.Windows(45, 7));
        TransferOutcome c = new TransferSession(Motion, Settings() with { Seed = 5 }).Run(MotionTestModel.Windows(45, 7));

        Assert.Equal(a.CandidateHead.W1, b.CandidateHead.W1);
        Assert.Equal(a.Training.Epochs, b.Training.Epochs);
        Assert.NotEqual(a.CandidateHead.W1, c.CandidateHead.W1);
    }

    [Fact]
    public void Run_Copies_EveryPassThroughTheBodyCounted()
    {
        var extractor = new FeatureExtractor(Motion, CutPoint.Default(Motion), HeadFeatures.Find(Motion, CutPoint.Default(Motion), out _));
        WindowAugmentation augmentation = WindowAugmentation.For(Motion, out _)!;

        TransferOutcome outcome = new TransferSession(Motion, Settings(copies: 3)).Run(MotionTestModel.Windows(20, 7));

        Assert.Equal(3, outcome.AugmentedCopies);
        foreach ((BuiltinOperator op, long macs) in extractor.BodyMacsByOperator) Assert.Equal(macs * 20 * 4, outcome.CollectionMacs[op]);
        Assert.Equal(extractor.BodyFloatOperations * 20 * 4 + augmentation.OperationsPerCopy * 20 * 3, outcome.CollectionFloatOperations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_HybridWithCopies_AllocatesWhatTheBudgetPlans(bool inFlash)
    {
        // A store the run fills (30 windows and 2 copies of each), as the budget plans for a full store.
        var session = new TransferSession(Motion, Settings() with { StoreInFlash = inFlash, StoreCapacityBytes = 30 * 3 * (2 + 38) });

        TransferOutcome outcome = session.Run(MotionTestModel.Windows(30, 7));

        Assert.Equal(outcome.Memory.TotalBytes, outcome.AllocatedBytes);
        Assert.Contains(outcome.Memory.Components, c => c.Name.StartsWith("augmentation", StringComparison.Ordinal) && c.Bytes == 3 * MotionTestModel.Steps);
        Assert.Equal(inFlash ? FeatureStoreMode.Flash : FeatureStoreMode.Ram, outcome.StoreMode);
    }

    [Fact]
    public void Constructor_StoreAuto_KeepsSmallJobsInRamAndPutsLargeOnesInFlash()
    {
        var small = new TransferSession(Motion, Settings() with { StoreCapacityBytes = 40 * 100 });
        var large = new TransferSession(Motion, Settings() with { StoreCapacityBytes = 40 * 2000 });

        Assert.Equal(FeatureStoreMode.Ram, small.StoreMode);
        Assert.True(small.Memory.TotalBytes <= TransferSettings.DefaultJobRamTargetBytes);
        Assert.Equal(FeatureStoreMode.Flash, large.StoreMode);
        Assert.True(large.Memory.TotalBytes <= TransferSettings.DefaultJobRamTargetBytes, $"{large.Memory.TotalBytes} bytes");
        Assert.Contains(large.Flash.Components, c => c.Name.StartsWith("feature store log", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_StepBudget_TrainsTheEpochsTheDataSizeGives()
    {
        TransferSettings settings = Settings(copies: 0) with { StepBudget = 100, BatchSize = 8, MaxEpochs = 50 };

        TransferOutcome outcome = new TransferSession(Motion, settings).Run(MotionTestModel.Windows(60, 7));

        Assert.Equal(14, outcome.Training.EpochsRun); // ceil(100 * 8 / 60)
        Assert.Equal(settings.EpochsFor(60), outcome.Training.EpochsRun);
        Assert.Equal(50, settings.EpochsFor(10)); // capped
        Assert.Equal(50, (settings with { StepBudget = null }).EpochsFor(60));
    }

    [Fact]
    public void Run_KeptClassesWithoutValidation_JudgedOnTheTrainingRecordsAgainstTheModelsOwnHead()
    {
        TransferOutcome outcome = new TransferSession(Motion, Settings(classes: MotionTestModel.Classes)).Run(MotionTestModel.Windows(40, 7, classes: 2));

        Assert.False(outcome.ClassesChanged);
        Assert.Equal(0, outcome.ValidationRecords);
        Assert.False(double.IsNaN(outcome.OldTrainingAccuracy));
        Assert.Equal(outcome.NewTrainingAccuracy >= outcome.OldTrainingAccuracy, outcome.Deployed);
        Assert.Contains("training records (no validation records)", outcome.DecisionReason);
    }

    [Fact]
    public void Run_KeptClassesAndTheModelsWidth_StartsFromTheModelsHeadWithZeroWeightsForTheHeadFeatures()
    {
        TransferSettings settings = Settings(classes: MotionTestModel.Classes) with { Hidden = 6, StepBudget = null, MaxEpochs = 1, Optimizer = OptimizerSettings.Sgd(1e-9f) };

        TransferOutcome outcome = new TransferSession(Motion, settings).Run(MotionTestModel.Windows(20, 7, classes: 2));

        Assert.Equal("model (zero weights for the head features)", outcome.Initialisation);
        // A step of 1e-9 leaves the head where it started: the model's own weights, and (almost) zero for the statistics.
        HeadWeights seed = ModelHead.TryDequantize(Motion, outcome.Cut, out _)!;
        for (int h = 0; h < 6; h++)
        {
            for (int i = 0; i < MotionTestModel.CutFeatures; i++) Assert.Equal(seed.W1[h * MotionTestModel.CutFeatures + i], outcome.CandidateHead.W1[h * outcome.Head.Inputs + i], 5);
            for (int i = MotionTestModel.CutFeatures; i < outcome.Head.Inputs; i++) Assert.Equal(0f, outcome.CandidateHead.W1[h * outcome.Head.Inputs + i], 5);
        }
    }
}
