using MicroTL.Kernels;
using MicroTL.TestSupport;
using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class HeadTrainerTests
{
    private static readonly HeadShape Shape = new(Inputs: 8, Hidden: 16, Classes: 3);

    private static HeadTrainer MakeTrainer(OptimizerSettings optimizer, int maxEpochs = 20, int batch = 4,
        IStoppingRule? stopping = null, ulong seed = 1, int maxRecords = 128, SimdLevel? simd = null)
    {
        var trainer = new HeadTrainer(Shape, new TrainerSettings(optimizer, batch, maxEpochs, maxRecords, seed, Simd: simd), stopping);
        trainer.Head.Parameters.InitializeHe(seed: 99);
        return trainer;
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void Train_LinearlySeparableData_LossFallsAndAccuracyReachesOne(OptimizerKind kind)
    {
        var train = QuantizedData.Separable(count: 90, features: 8, classes: 3, seed: 5);
        var validation = QuantizedData.Separable(count: 30, features: 8, classes: 3, seed: 5, sampleSeed: 1);
        OptimizerSettings optimizer = kind == OptimizerKind.Adam ? OptimizerSettings.Adam(0.01f) : OptimizerSettings.Sgd(0.05f);
        HeadTrainer trainer = MakeTrainer(optimizer, maxEpochs: 20);

        TrainingResult result = trainer.Train(train, validation);

        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(20, result.EpochsRun);
        Assert.True(result.Epochs[^1].TrainLoss < 0.25 * result.Epochs[0].TrainLoss,
            $"loss {result.Epochs[0].TrainLoss} -> {result.Epochs[^1].TrainLoss}");
        Assert.Equal(1.0, result.Epochs[^1].TrainAccuracy);
        Assert.Equal(1.0, result.Epochs[^1].ValidationAccuracy);
        Assert.Equal(1.0, result.BestValidationAccuracy);
    }

    [Fact]
    public void Train_SameSeeds_IdenticalParametersBitForBit()
    {
        var train = QuantizedData.Separable(90, 8, 3, seed: 5);
        HeadTrainer a = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 5);
        HeadTrainer b = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 5);

        a.Train(train);
        b.Train(train);

        Assert.Equal(Bits(a.Head.Parameters.Values), Bits(b.Head.Parameters.Values));
    }

    [Fact]
    public void Train_DifferentShuffleSeed_DifferentParameters()
    {
        var train = QuantizedData.Separable(90, 8, 3, seed: 5);
        HeadTrainer a = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 2, seed: 1);
        HeadTrainer b = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 2, seed: 2);
        b.Head.Parameters.InitializeHe(seed: 99); // same start, only the shuffle differs

        a.Train(train);
        b.Train(train);

        Assert.NotEqual(Bits(a.Head.Parameters.Values), Bits(b.Head.Parameters.Values));
    }

    public static TheoryData<SimdLevel, OptimizerKind> LevelsAndOptimizerKinds()
    {
        var data = new TheoryData<SimdLevel, OptimizerKind>();
        foreach (SimdLevel level in TrainingLanesTests.Levels())
            foreach (OptimizerKind kind in new[] { OptimizerKind.Sgd, OptimizerKind.Adam }) data.Add(level, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(LevelsAndOptimizerKinds))]
    public void TrainBatch_SteadyStateAtEveryLevel_AllocatesNothing(SimdLevel level, OptimizerKind kind)
    {
        var train = QuantizedData.Separable(90, 8, 3, seed: 5);
        OptimizerSettings optimizer = kind == OptimizerKind.Adam ? OptimizerSettings.Adam(0.01f) : OptimizerSettings.Sgd(0.05f);
        HeadTrainer trainer = MakeTrainer(optimizer, simd: level);
        int[] indices = [3, 1, 4, 1];
        trainer.TrainBatch(train, indices, out _, out _, out _); // JIT warm-up

        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            for (int k = 0; k < 50; k++) trainer.TrainBatch(train, indices, out _, out _, out _);
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryRunEpoch_SteadyStateWithValidation_AllocatesNothing()
    {
        var train = QuantizedData.Separable(90, 8, 3, seed: 5);
        var validation = QuantizedData.Separable(30, 8, 3, seed: 5, sampleSeed: 1);
        HeadTrainer trainer = MakeTrainer(OptimizerSettings.Sgd(0.05f));
        trainer.TryRunEpoch(1, train, validation, out _); // JIT warm-up

        int epoch = 2;
        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            for (int k = 0; k < 5; k++) Assert.True(trainer.TryRunEpoch(epoch++, train, validation, out _));
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Train_MoreEpochs_AllocatesNoMore()
    {
        // Train allocates once per run (the record list, sized by MaxEpochs, and the result); epochs add nothing.
        var train = QuantizedData.Separable(40, 8, 3, seed: 5);
        var validation = QuantizedData.Separable(12, 8, 3, seed: 5, sampleSeed: 1);
        HeadTrainer shortRun = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 12, stopping: new FixedEpochs(2));
        HeadTrainer longRun = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 12, stopping: new FixedEpochs(12));
        shortRun.Train(train, validation); // JIT warm-up
        longRun.Train(train, validation);

        long before = GC.GetAllocatedBytesForCurrentThread();
        shortRun.Train(train, validation);
        long shortBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        TrainingResult result = longRun.Train(train, validation);
        long longBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(12, result.EpochsRun);
        Assert.Equal(shortBytes, longBytes);
    }

    [Fact]
    public void Train_Progress_CalledOncePerEpochWithRecords()
    {
        var train = QuantizedData.Separable(20, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(OptimizerSettings.Sgd(0.05f), maxEpochs: 4);
        var seen = new List<int>();

        TrainingResult result = trainer.Train(train, progress: r => seen.Add(r.Epoch));

        Assert.Equal([1, 2, 3, 4], seen);
        Assert.Equal([1, 2, 3, 4], result.Epochs.Select(r => r.Epoch));
        Assert.All(result.Epochs, r => Assert.False(r.HasValidation));
        Assert.True(double.IsNaN(result.BestValidationAccuracy));
    }

    [Fact]
    public void Train_WrongFeatureLength_ThrowsNamingBoth()
    {
        var train = QuantizedData.Separable(20, 6, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(OptimizerSettings.Sgd());

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(train));
        Assert.Contains("6 features", e.Message);
        Assert.Contains("takes 8", e.Message);
    }

    [Fact]
    public void Train_LabelOutOfRange_Throws()
    {
        var train = QuantizedData.Separable(20, 8, 3, seed: 5, labelOverride: Enumerable.Repeat(3, 20).ToArray());
        HeadTrainer trainer = MakeTrainer(OptimizerSettings.Sgd());

        var e = Assert.Throws<ArgumentException>(() => trainer.Train(train));
        Assert.Contains("label 3", e.Message);
    }

    [Fact]
    public void Train_MoreRecordsThanPlanned_Throws()
    {
        var train = QuantizedData.Separable(200, 8, 3, seed: 5);
        HeadTrainer trainer = MakeTrainer(OptimizerSettings.Sgd(), maxRecords: 128);

        Assert.Throws<ArgumentException>(() => trainer.Train(train));
    }

    [Fact]
    public void Train_FromGivenWeights_StartsFromThem()
    {
        var train = QuantizedData.Separable(30, 8, 3, seed: 5);
        var trained = MakeTrainer(OptimizerSettings.Adam(0.01f), maxEpochs: 15);
        trained.Train(train);
        HeadTrainer fineTune = MakeTrainer(OptimizerSettings.Adam(0.01f), maxEpochs: 1);
        HeadParameters p = trained.Head.Parameters;

        fineTune.Head.Parameters.Load(p.W1, p.B1, p.W2, p.B2);
        TrainingResult result = fineTune.Train(train);

        Assert.Equal(1.0, result.Epochs[0].TrainAccuracy); // already trained: right from the first step
    }

    internal static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int k = 0; k < values.Length; k++) bits[k] = BitConverter.SingleToInt32Bits(values[k]);
        return bits;
    }
}
