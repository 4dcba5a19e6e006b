using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Training;

public class InputNormalizationTests
{
    [Fact]
    public void Of_PerChannel_MeanAndStdOfEachChannel()
    {
        // Channel 0: 1, 3 (mean 2, sd 1); channel 1: 10, 10 (sd 0 -> clamped to a tiny positive value).
        var samples = new SampleSet(new FeatureShape(1, 2, 2), [1f, 10f, 3f, 10f], [0]);
        InputNormalization n = InputNormalization.Of(samples);
        Assert.Equal([2f, 10f], n.Mean);
        Assert.Equal(1f, n.Std[0], 5);
        Assert.True(n.Std[1] > 0f && n.Std[1] < 1e-3f);
    }

    [Fact]
    public void Of_Pooled_OneMeanAndStdForAllChannels()
    {
        var samples = new SampleSet(new FeatureShape(1, 2, 2), [0f, 2f, 0f, 2f], [0]);
        InputNormalization n = InputNormalization.Of(samples, pooled: true);
        Assert.Equal([1f, 1f], n.Mean);
        Assert.Equal(1f, n.Std[0], 5);
        Assert.Equal(n.Std[0], n.Std[1]);
    }

    [Fact]
    public void Of_NoSamples_Throws() =>
        Assert.Throws<ArgumentException>(() => InputNormalization.Of(new SampleSet(SyntheticData.Shape, [], [])));

    [Fact]
    public void FoldInto_FoldedNetworkOnRawInputs_GivesTheLogitsOfTheNetworkOnNormalisedInputs()
    {
        SampleSet samples = SyntheticData.Waves(8, 3, seed: 3);
        InputNormalization n = InputNormalization.Of(samples);
        FloatNetwork network = SyntheticData.SmallNetwork(3, seed: 2);
        float[] normalised = samples.Values.ToArray();
        var random = new Pcg32(1);
        for (int i = 0; i < samples.Count; i++) n.Apply(normalised.AsSpan(i * samples.Shape.Size, samples.Shape.Size), ref random);
        float[] expected = network.Forward(normalised, samples.Count).ToArray();

        n.FoldInto(network);
        float[] actual = network.Forward(samples.Values, samples.Count).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3);
    }

    [Fact]
    public void FoldInto_FirstLayerNotAConvolution_Throws()
    {
        FloatNetwork network = new NetworkBuilder(SyntheticData.Shape).Flatten().Dense(3, relu: false).Build(1);
        var e = Assert.Throws<NotSupportedException>(() => new InputNormalization([0f, 0f], [1f, 1f]).FoldInto(network));
        Assert.Contains("FlattenLayer", e.Message);
    }

    [Fact]
    public void FoldInto_ChannelCountDiffers_Throws()
    {
        var e = Assert.Throws<NotSupportedException>(() => new InputNormalization([0f, 0f, 0f], [1f, 1f, 1f]).FoldInto(SyntheticData.SmallNetwork(3, 1)));
        Assert.Contains("3 channels", e.Message);
    }

    [Fact]
    public void Train_WithTransform_TrainsOnTransformedSamplesAndKeepsThemUnchanged()
    {
        SampleSet train = SyntheticData.Waves(60, 3, seed: 1);
        float[] before = train.Values.ToArray();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, ShuffleSeed = 4 };
        FloatNetwork plain = SyntheticData.SmallNetwork(3, 1), transformed = SyntheticData.SmallNetwork(3, 1);
        Trainer.Train(plain, train, options);
        Trainer.Train(transformed, train, options with { Transform = InputNormalization.Of(train) });
        Assert.NotEqual(plain.Parameters, transformed.Parameters);
        Assert.Equal(before, train.Values.ToArray());
    }

    [Fact]
    public void ChainedTransform_AppliesStepsInOrder()
    {
        var add = new InputNormalization([-1f], [1f]);   // x + 1
        var halve = new InputNormalization([0f], [2f]);  // x / 2
        float[] value = [3f];
        var random = new Pcg32(1);
        new ChainedTransform([add, halve]).Apply(value, ref random);
        Assert.Equal(2f, value[0]);
    }
}
