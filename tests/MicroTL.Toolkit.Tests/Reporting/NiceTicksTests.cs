// Nice-number ticks: steps of 1, 2 or 5 x 10^k that cover the data, for any range.
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public class NiceTicksTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.13, 0.97)]
    [InlineData(-3.7, 12.2)]
    [InlineData(1234.0, 98765.0)]
    [InlineData(-0.004, -0.001)]
    [InlineData(0.5412, 0.9301)]
    [InlineData(3e-7, 9e-7)]
    [InlineData(2.0, 2.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(-5.0, -5.0)]
    [InlineData(1.0, 1.0000000000000002)]
    [InlineData(-1e300, 1e300)]
    public void Linear_AnyRange_NiceEvenStepsCoveringTheData(double min, double max)
    {
        AxisTicks ticks = NiceTicks.Linear(min, max);

        Assert.True(ticks.Min <= min && ticks.Max >= max, $"ticks {ticks.Min}..{ticks.Max} miss data {min}..{max}");
        Assert.True(ticks.Max > ticks.Min);
        Assert.InRange(ticks.Values.Count, 3, 12);
        double step = ticks.Values[1] - ticks.Values[0];
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 5.0 });
        for (int i = 1; i < ticks.Values.Count; i++) Assert.Equal(step, ticks.Values[i] - ticks.Values[i - 1], step * 1e-6);
        Assert.Equal(ticks.Values.Count, ticks.Values.Select(ticks.Label).Distinct().Count());
    }

    [Fact]
    public void Linear_ZeroToOne_GivesTenthsOrFifths()
    {
        AxisTicks ticks = NiceTicks.Linear(0, 1);

        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], ticks.Values);
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1"], ticks.Values.Select(ticks.Label));
    }

    [Fact]
    public void Linear_DecimalSteps_NoFloatingPointNoise()
    {
        AxisTicks ticks = NiceTicks.Linear(0.1, 0.7, 7);

        Assert.Contains(0.3, ticks.Values);
        Assert.All(ticks.Values.Select(ticks.Label), label => Assert.True(label.Length <= 4, label));
    }

    [Fact]
    public void Linear_RangeAcrossZero_HasAnExactZeroTick()
    {
        AxisTicks ticks = NiceTicks.Linear(-0.3, 0.7);

        Assert.Contains(0.0, ticks.Values);
        Assert.DoesNotContain("-0", ticks.Values.Select(ticks.Label));
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    [InlineData(2.0, 1.0)]
    [InlineData(-1e308, 1e308)]
    public void Linear_BadRange_Throws(double min, double max) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Linear(min, max));

    [Fact]
    public void Logarithmic_ThreeDecades_PowersOfTen()
    {
        AxisTicks ticks = NiceTicks.Logarithmic(12, 9000);

        Assert.Equal([10, 100, 1000, 10000], ticks.Values);
        Assert.True(ticks.IsLogarithmic);
    }

    [Fact]
    public void Logarithmic_NarrowRange_AddsTwoAndFiveAndEndsAtOneTwoFive()
    {
        AxisTicks ticks = NiceTicks.Logarithmic(0.3, 4);

        Assert.Equal([0.2, 0.5, 1, 2, 5], ticks.Values);
        Assert.Equal(["0.2", "0.5", "1", "2", "5"], ticks.Values.Select(ticks.Label));
        Assert.Equal((0.2, 5), (ticks.Min, ticks.Max));
    }

    [Fact]
    public void Logarithmic_WideRange_EndsNearTheDataWithDecadeTicks()
    {
        // A BLE throughput sweep: 0.1 to 1324 kbit/s. The axis ends at 2000, not 10,000; its ticks stay at the decades.
        AxisTicks ticks = NiceTicks.Logarithmic(0.1, 1324);

        Assert.Equal([0.1, 1, 10, 100, 1000], ticks.Values);
        Assert.Equal((0.1, 2000), (ticks.Min, ticks.Max));
        Assert.Equal("0.1", ticks.Label(0.1));
    }

    [Fact]
    public void Logarithmic_SinglePowerOfTen_StillSpansADecade()
    {
        AxisTicks ticks = NiceTicks.Logarithmic(100, 100);

        Assert.Equal(100, ticks.Min);
        Assert.Equal(1000, ticks.Max);
    }

    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(-1.0, 10.0)]
    public void Logarithmic_NonPositiveMin_Throws(double min, double max) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Logarithmic(min, max));
}
