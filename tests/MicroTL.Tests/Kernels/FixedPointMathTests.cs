// The gemmlowp fixed-point functions against their real-valued meaning and fixed points.
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class FixedPointMathTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(-1.0)]
    [InlineData(-2.5)]
    [InlineData(-7.75)]
    [InlineData(-20.0)]
    public void ExpOnNegativeValuesQ5_Input_IsCloseToExp(double x)
    {
        int raw = (int)Math.Round(x * (1 << 26));
        double actual = FixedPointMath.ExpOnNegativeValuesQ5(raw) / 2147483648.0;
        Assert.InRange(actual - Math.Exp(x), -3e-7, 3e-7);
    }

    [Fact]
    public void ExpOnNegativeValuesQ5_Zero_SaturatesToOne()
    {
        Assert.Equal(int.MaxValue, FixedPointMath.ExpOnNegativeValuesQ5(0));
        // exp(-1) ≈ 790015084 in Q0.31, within gemmlowp's own test tolerance of 500.
        Assert.InRange(FixedPointMath.ExpOnNegativeValuesQ5(-(1 << 26)), 790015084 - 500, 790015084 + 500);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void OneOverOnePlusXForXIn01_Input_IsCloseToReciprocal(double x)
    {
        int raw = (int)Math.Min(Math.Round(x * 2147483648.0), int.MaxValue);
        double actual = FixedPointMath.OneOverOnePlusXForXIn01(raw) / 2147483648.0;
        Assert.InRange(actual - 1.0 / (1.0 + x), -2e-8, 2e-8);
    }

    [Theory]
    [InlineData(1 << 19, 0)]     // 1.0 in Q12.19: no bits over unit
    [InlineData(3 << 19, 1)]     // 3.0: one bit over, reciprocal of 1.5
    public void GetReciprocal_Sum_ReturnsNormalisedReciprocal(int sum, int bitsOverUnit)
    {
        int recip = FixedPointMath.GetReciprocal(sum, 12, out int actualBits);
        Assert.Equal(bitsOverUnit, actualBits);
        double normalised = sum / (double)(1 << 19) / (1 << bitsOverUnit);
        Assert.InRange(recip / 2147483648.0 - 1.0 / normalised, -2e-8, 2e-8);
    }

    [Theory]
    [InlineData(1 << 27, 5, int.MaxValue)]
    [InlineData(-(1 << 27), 5, int.MinValue)]
    [InlineData(3, 2, 12)]
    [InlineData(-6, -2, -2)]
    public void SaturatingRoundingMultiplyByPOT_Value_SaturatesOrRounds(int x, int exponent, int expected)
    {
        Assert.Equal(expected, FixedPointMath.SaturatingRoundingMultiplyByPOT(x, exponent));
    }
}
