using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class TrainingMemoryTests
{
    [Theory]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.Sgd, true)]
    [InlineData(OptimizerKind.Adam, false)]
    [InlineData(OptimizerKind.Adam, true)]
    public void RequiredBytes_AnySettings_EqualsBytesActuallyAllocated(OptimizerKind kind, bool keepBest)
    {
        var shape = new HeadShape(50, 12, 5);
        OptimizerSettings optimizer = kind == OptimizerKind.Adam ? OptimizerSettings.Adam() : OptimizerSettings.Sgd();
        var settings = new TrainerSettings(optimizer, BatchSize: 6, MaxEpochs: 3, MaxTrainingRecords: 77);
        IStoppingRule rule = keepBest ? new PatienceStopping(2) : new FixedEpochs(3);

        long required = HeadTrainer.RequiredBytes(shape, 6, kind, 77, keepBest);
        var trainer = new HeadTrainer(shape, settings, rule);

        Assert.Equal(required, trainer.AllocatedBytes);
        Assert.Equal(required, trainer.Memory.TotalBytes);
        Assert.Equal(HeadTrainer.RequiredMemory(shape, settings, rule), trainer.Memory);
    }

    [Fact]
    public void For_AuthorsMnistHead_MatchesHandComputedComponents()
    {
        // 288 -> 128 -> 10: P = 36864 + 128 + 1280 + 10 = 38282 floats = 153128 bytes.
        TrainingMemory m = TrainingMemory.For(new HeadShape(288, 128, 10), batchSize: 4, OptimizerKind.Sgd,
            maxTrainingRecords: 700, keepBest: false);

        Assert.Equal(153_128, m.ParameterBytes);
        Assert.Equal(153_128, m.OptimizerStateBytes);  // the velocity
        Assert.Equal(0, m.GoodWeightBytes);             // no best epoch to keep: a rollback re-initialises
        Assert.Equal(4 * 4 * (2 * 128 + 10), m.ActivationBytes);
        Assert.Equal(4 * 4 * 288, m.BatchInputBytes);
        Assert.Equal(16, m.BatchLabelBytes);
        Assert.Equal(2_800, m.ShuffleOrderBytes);
        Assert.Equal(317_936, m.TotalBytes);            // 779,528 before the fused update (gradients) and the lean rollback (snapshot)
    }

    [Fact]
    public void For_KeepBest_AddsOneCopyOfTheParameters()
    {
        var shape = new HeadShape(96, 32, 6);
        TrainingMemory lean = TrainingMemory.For(shape, 8, OptimizerKind.Adam, 120, keepBest: false);
        TrainingMemory best = TrainingMemory.For(shape, 8, OptimizerKind.Adam, 120, keepBest: true);

        Assert.Equal(lean.ParameterBytes, best.GoodWeightBytes);
        Assert.Equal(lean.TotalBytes + lean.ParameterBytes, best.TotalBytes);
        Assert.Equal(2 * lean.ParameterBytes, lean.OptimizerStateBytes); // Adam's m and v
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(4, 0)]
    public void For_NonPositiveBatchOrRecords_Throws(int batch, int records)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingMemory.For(new HeadShape(4, 3, 2), batch, OptimizerKind.Sgd, records, false));
        Assert.Contains("must be positive", error.Message);
    }

    [Fact]
    public void ToString_NamesEveryComponentAndTotal()
    {
        string text = TrainingMemory.For(new HeadShape(4, 3, 2), 2, OptimizerKind.Adam, 10, true).ToString();
        foreach (string name in new[] { "parameters", "optimizer state", "good weights", "activations", "batch inputs", "batch labels", "shuffle order", "total" })
            Assert.Contains(name, text);
    }

    [Fact]
    public void HeadParameters_AdamSlots_OneBufferOfThreeBlocks()
    {
        var p = new HeadParameters(new HeadShape(4, 3, 2), stateSlots: 2);
        int count = p.Layout.Count; // 12 + 3 + 6 + 2 = 23

        Assert.Equal(23, count);
        Assert.Equal(3L * 4 * count, p.AllocatedBytes); // parameters, m, v: no gradient block
        p.Values.Fill(1f);
        p.State(0).Fill(3f);
        p.State(1).Fill(4f);
        Assert.Equal(1f, p.B2[^1]);
        Assert.Equal(4f, p.AllState[^1]);
        Assert.Equal(3f, p.AllState[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => p.State(2));
    }
}
