using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Training;

public class TrainerTests
{
    private static readonly TrainingOptions Options = new() { Epochs = 8, BatchSize = 16, LearningRate = 3e-3f, ShuffleSeed = 4 };

    [Fact]
    public void Train_SyntheticWaves_LossFallsAndAccuracyHigh()
    {
        SampleSet train = SyntheticData.Waves(300, 3, seed: 1);
        SampleSet test = SyntheticData.Waves(150, 3, seed: 2);
        FloatNetwork network = SyntheticData.SmallNetwork(3, seed: 1);
        var seen = new List<EpochProgress>();
        IReadOnlyList<EpochProgress> history = Trainer.Train(network, train, Options, seen.Add);
        Assert.Equal(history, seen);
        Assert.Equal(Options.Epochs, history.Count);
        Assert.True(history[^1].Loss < 0.5f * history[0].Loss, $"loss {history[0].Loss} -> {history[^1].Loss}");
        Assert.True(network.Evaluate(test) > 0.9f, $"test accuracy {network.Evaluate(test)}");
    }

    [Fact]
    public void Train_SameSeeds_SameBits()
    {
        SampleSet train = SyntheticData.Waves(100, 3, seed: 1);
        FloatNetwork a = SyntheticData.SmallNetwork(3, seed: 1), b = SyntheticData.SmallNetwork(3, seed: 1);
        IReadOnlyList<EpochProgress> ha = Trainer.Train(a, train, Options with { Epochs = 2 });
        IReadOnlyList<EpochProgress> hb = Trainer.Train(b, train, Options with { Epochs = 2 });
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(ha[^1].Loss, hb[^1].Loss);
        FloatNetwork c = SyntheticData.SmallNetwork(3, seed: 1);
        Trainer.Train(c, train, Options with { Epochs = 2, ShuffleSeed = 99 });
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Fact]
    public void Train_LabelOutOfRange_Throws()
    {
        var samples = new SampleSet(SyntheticData.Shape, new float[SyntheticData.Shape.Size], [3]);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(SyntheticData.SmallNetwork(3, 1), samples, Options));
        Assert.Contains("label 3", e.Message);
    }

    [Fact]
    public void Train_WrongShape_Throws()
    {
        var samples = new SampleSet(new FeatureShape(1, 2, 1), new float[2], [0]);
        Assert.Throws<ArgumentException>(() => Trainer.Train(SyntheticData.SmallNetwork(3, 1), samples, Options));
    }

    [Fact]
    public void SampleSet_WrongValueCount_Throws() =>
        Assert.Throws<ArgumentException>(() => new SampleSet(new FeatureShape(1, 2, 1), new float[3], [0]));
}
