using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Experiments;

public class EpochSummaryTests
{
    [Fact]
    public void Over_RunsOfDifferentLength_EachEpochCountsTheRunsThatReachedIt()
    {
        IReadOnlyList<EpochSummary> s = EpochSummary.Over([[(1, 0.2), (2, 0.4), (3, 0.5)], [(1, 0.4), (2, 0.6)], [(1, double.NaN)]]);

        Assert.Equal([1, 2, 3], s.Select(x => x.Epoch));
        Assert.Equal([2, 2, 1], s.Select(x => x.Accuracy.Count)); // the NaN (no validation data) is not a run's value
        Assert.Equal(0.3, s[0].Accuracy.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02), s[1].Accuracy.Sd, 12);
        Assert.Equal(0, s[2].Accuracy.Sd);
    }

    [Fact]
    public void Over_NoRuns_Empty() => Assert.Empty(EpochSummary.Over([]));
}
