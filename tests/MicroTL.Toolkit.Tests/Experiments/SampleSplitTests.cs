using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class SampleSplitTests
{
    private static SampleSet Labelled(params int[] labels)
    {
        var values = new float[labels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = i; // the value identifies the sample
        return new SampleSet(new FeatureShape(1, 1, 1), values, labels);
    }

    [Fact]
    public void TakePerClass_TakesKOfEachClassAndLeavesTheRestDisjoint()
    {
        SampleSet all = Labelled(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(all, 3, 2, seed: 4);
        Assert.Equal(6, train.Count);
        Assert.Equal(7, test.Count);
        for (int c = 0; c < 3; c++) Assert.Equal(2, train.Labels.ToArray().Count(l => l == c));
        Assert.Empty(train.Values.ToArray().Intersect(test.Values.ToArray()));
    }

    [Fact]
    public void TakePerClass_SameSeed_SameChoice_OtherSeed_Differs()
    {
        SampleSet all = Labelled([.. Enumerable.Range(0, 60).Select(i => i % 2)]);
        float[] a = SampleSplit.TakePerClass(all, 2, 5, 1).Train.Values.ToArray();
        Assert.Equal(a, SampleSplit.TakePerClass(all, 2, 5, 1).Train.Values.ToArray());
        Assert.NotEqual(a, SampleSplit.TakePerClass(all, 2, 5, 2).Train.Values.ToArray());
    }

    [Fact]
    public void TakePerClass_TooFewSamples_ThrowsNamingClassAndCount()
    {
        var e = Assert.Throws<SelectionException>(() => SampleSplit.TakePerClass(Labelled(0, 0, 0, 1, 1), 2, 2, 1, ["walk", "run"]));
        Assert.Contains("class run has 2 samples", e.Message);
    }

    [Fact]
    public void CapPerClass_KeepsAtMostNPerClass()
    {
        SampleSet capped = SampleSplit.CapPerClass(Labelled(0, 0, 0, 0, 1, 1), 2, 3, 1);
        Assert.Equal(3, capped.Labels.ToArray().Count(l => l == 0));
        Assert.Equal(2, capped.Labels.ToArray().Count(l => l == 1));
    }
}
