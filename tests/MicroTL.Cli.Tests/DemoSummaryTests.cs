using MicroTL.Cli.Commands;

namespace MicroTL.Cli.Tests;

public sealed class DemoSummaryTests
{
    [Theory]
    [InlineData(1.24, "what int8 storage costs: 1.2 points")]
    [InlineData(0.01, "int8 storage cost nothing here: the same accuracy")]
    [InlineData(-1.7, "int8 storage cost nothing here: the device is 1.7 points ahead")]
    public void Int8StorageCost_FloatMinusDevice_SaysWhatItCostOrThatItCostNothing(double points, string expected)
    {
        Assert.Equal(expected, DemoSummary.Int8StorageCost(points));
    }
}
