using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class TrainingMemoryTests
{
    [Theory]
    [InlineData(OptimizerKind.Sgd, true, false)]
    [InlineData(OptimizerKind.Sgd, false, false)]
    [InlineData(OptimizerKind.Adam, true, true)]
    [InlineData(OptimizerKind.Adam, false, true)]
    public void RequiredBytes_AnySettings_EqualsBytesActuallyAllocated(OptimizerKind kind, bool snapshot, bool keepBest)
    {
        var shape = new HeadShape(50, 12, 5);
        OptimizerSettings optimizer = kind == OptimizerKind.Adam ? OptimizerSettings.Adam() : OptimizerSettings.Sgd();
        var settings = new TrainerSettings(optimizer, BatchSize: 6, MaxEpochs: 3, MaxTrainingRecords: 77, KeepSnapshot: snapshot);
        IStoppingRule rule = keepBest ? new PatienceStopping(2) : new FixedEpochs(3);

        long required = HeadTrainer.RequiredBytes(shape, 6, kind, 77, snapshot, keepBest);
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
            maxTrainingRecords: 700, snapshot: true, keepBest: false);

        Assert.Equal(153_128, m.ParameterBytes);
        Assert.Equal(153_128, m.GradientBytes);
        Assert.Equal(153_128, m.OptimizerStateBytes);
        Assert.Equal(306_256, m.SnapshotBytes);        // parameters + velocity
        Assert.Equal(0, m.BestParameterBytes);
        Assert.Equal(4 * 4 * (3 * 128 + 2 * 10), m.ActivationBytes);
        Assert.Equal(4 * 4 * 288, m.BatchInputBytes);
        Assert.Equal(16, m.BatchLabelBytes);
        Assert.Equal(2_800, m.ShuffleOrderBytes);
        Assert.Equal(779_528, m.TotalBytes);            // three times the nRF52840's 256 KB
    }

    [Fact]
    public void ToString_NamesEveryComponentAndTotal()
    {
        string text = TrainingMemory.For(new HeadShape(4, 3, 2), 2, OptimizerKind.Adam, 10, true, true).ToString();
        foreach (string name in new[] { "parameters", "gradients", "optimizer state", "snapshot", "best weights", "activations", "batch inputs", "batch labels", "shuffle order", "total" })
            Assert.Contains(name, text);
    }

    [Fact]
    public void HeadParameters_AdamSlots_OneBufferOfFourBlocks()
    {
        var p = new HeadParameters(new HeadShape(4, 3, 2), stateSlots: 2);
        int count = p.Layout.Count; // 12 + 3 + 6 + 2 = 23

        Assert.Equal(23, count);
        Assert.Equal(4L * 4 * count, p.AllocatedBytes);
        p.Values.Fill(1f);
        p.Gradients.Fill(2f);
        p.State(0).Fill(3f);
        p.State(1).Fill(4f);
        Assert.Equal(1f, p.B2[^1]);
        Assert.Equal(2f, p.GradW1[0]);
        Assert.Equal(4f, p.AllState[^1]);
        Assert.Equal(3f, p.AllState[0]);
    }
}
