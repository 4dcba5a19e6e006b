using MicroTL.Toolkit.Experiments;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public sealed class HeadEpochLineTests
{
    [Fact]
    public void Of_WithValidation_GivesBothAccuracies()
    {
        var e = new EpochRecord(3, 0.41204, 0.842, 0.5, 0.8, 1.0, default, default);

        Assert.Equal("epoch 3: train loss 0.4120, train acc 84.2 %, validation acc 80.0 %", HeadEpochLine.Of(e));
    }

    [Fact]
    public void Of_WithoutValidation_SaysSoInsteadOfNaN()
    {
        var e = new EpochRecord(40, 0.005, 1.0, double.NaN, double.NaN, 1.0, default, default);

        string line = HeadEpochLine.Of(e);

        Assert.Equal("epoch 40: train loss 0.0050, train acc 100.0 %, no validation split", line);
        Assert.DoesNotContain("NaN", line);
    }
}
