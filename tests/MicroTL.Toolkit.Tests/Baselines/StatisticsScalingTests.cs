using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Baselines;

public class StatisticsScalingTests
{
    private static SampleSet Windows()
    {
        // Two windows of 4 steps: the second is the first times 3, so every statistic's spread is known.
        float[] first = [0f, 0f, 5f, 1f, 2f, 5f, 2f, 4f, 5f, 3f, 6f, 5f];
        return new SampleSet(new FeatureShape(1, 4, 3), [.. first, .. first.Select(v => 3 * v)], [0, 1]);
    }

    [Fact]
    public void Of_TwoWindows_MeanAndSdOfEachStatistic()
    {
        StatisticsScaling scaling = StatisticsScaling.Of(Windows());
        Assert.Equal(WindowStatistics.ExtendedCount, scaling.Mean.Length);
        // Mean of x: 1.5 and 4.5 -> mean 3, population sd 1.5.
        Assert.Equal(3f, scaling.Mean[0], 5);
        Assert.Equal(1.5f, scaling.Sd[0], 5);
        // The xy correlation is 1 in both: sd clamped to a tiny positive value.
        Assert.True(scaling.Sd[24] > 0f && scaling.Sd[24] < 1e-3f);
    }

    [Fact]
    public void Quantize_StandardisesAtOneSixteenthSdAndClamps()
    {
        var scaling = new StatisticsScaling([1f, 0f, 0f], [2f, 1f, 1f]);
        var q = new sbyte[3];
        scaling.Quantize([2f, 100f, -100f], q);
        Assert.Equal(8, q[0]);      // (2 - 1) / 2 = 0.5 sd = 8 steps of 1/16
        Assert.Equal(127, q[1]);
        Assert.Equal(-128, q[2]);
    }

    [Fact]
    public void Quantize_WrongLength_Throws()
    {
        var scaling = new StatisticsScaling([0f, 0f], [1f, 1f]);
        var e = Assert.Throws<ArgumentException>(() => scaling.Quantize([1f], new sbyte[2]));
        Assert.Contains("2 statistics", e.Message);
    }

    [Fact]
    public void Of_NoWindows_Throws() =>
        Assert.Throws<ArgumentException>(() => StatisticsScaling.Of(new SampleSet(new FeatureShape(1, 4, 3), [], [])));
}
