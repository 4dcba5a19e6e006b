using MicroTL.Toolkit.Benchmarking;

namespace MicroTL.Toolkit.Tests.Benchmarking;

public class TimingSummaryTests
{
    [Fact]
    public void Of_OddCount_MiddleValueAndNearestRankPercentiles()
    {
        double[] times = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10, 11];

        TimingSummary s = TimingSummary.Of(times);

        Assert.Equal(6, s.MedianMicroseconds);
        Assert.Equal(1, s.MinMicroseconds);
        Assert.Equal(11, s.MaxMicroseconds);
        Assert.Equal(2, s.P10Microseconds); // ceil(0.1 * 11) = 2nd smallest
        Assert.Equal(10, s.P90Microseconds); // ceil(0.9 * 11) = 10th smallest
    }

    [Fact]
    public void Of_EvenCount_MeanOfTheMiddleTwo()
    {
        Assert.Equal(2.5, TimingSummary.Of(new double[] { 4, 1, 3, 2 }).MedianMicroseconds);
    }

    [Fact]
    public void Of_OneTiming_EveryFigureIsIt()
    {
        Assert.Equal(new TimingSummary(7, 7, 7, 7, 7), TimingSummary.Of(new double[] { 7 }));
    }

    [Fact]
    public void Of_NoTimings_Throws()
    {
        Assert.Throws<ArgumentException>(() => TimingSummary.Of(Span<double>.Empty));
    }
}
