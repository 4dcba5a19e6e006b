// gemmlowp's logistic and tanh on Q4.27 and TFLite's int16 sigmoid/tanh tables: close to the real functions everywhere,
// exact at the points the fixed-point formats hit exactly (the golden catalog holds the bytes to TFLM's).
using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

public class FixedPointActivationTests
{
    private const double Q4 = 1 << 27, Q0 = 2147483648.0;

    [Theory]
    [InlineData(-7.9)]
    [InlineData(-2.5)]
    [InlineData(-0.25)]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(6.3)]
    public void LogisticQ4_Input_WithinOneHundredThousandthOfTheRealLogistic(double x)
    {
        double actual = FixedPointMath.LogisticQ4((int)Math.Round(x * Q4)) / Q0;
        Assert.Equal(1 / (1 + Math.Exp(-x)), actual, 1e-5);
    }

    [Theory]
    [InlineData(-7.9)]
    [InlineData(-1.2)]
    [InlineData(0.3)]
    [InlineData(3.0)]
    public void TanhQ4_Input_WithinOneHundredThousandthOfTheRealTanh(double x)
    {
        double actual = FixedPointMath.TanhQ4((int)Math.Round(x * Q4)) / Q0;
        Assert.Equal(Math.Tanh(x), actual, 1e-5);
    }

    [Fact]
    public void LogisticQ4_Zero_IsExactlyOneHalf() => Assert.Equal(1 << 30, FixedPointMath.LogisticQ4(0));

    [Fact]
    public void TanhQ4_Zero_IsZero() => Assert.Equal(0, FixedPointMath.TanhQ4(0));

    [Fact]
    public void ExpOnNegativeValues_FiveIntegerBits_EqualsTheQ5Special()
    {
        var random = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            int a = -random.Next(0, int.MaxValue);
            Assert.Equal(FixedPointMath.ExpOnNegativeValuesQ5(a), FixedPointMath.ExpOnNegativeValues(a, 5));
        }
    }

    [Theory]
    [InlineData(-30000)]
    [InlineData(-4096)]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(32767)]
    public void Int16Sigmoid_Q3_12Input_CloseToTheRealSigmoidInQ0_15(short x)
    {
        var output = new short[1];
        Int16Nonlinear.Sigmoid(0, 0, [x], output);
        Assert.Equal(1 / (1 + Math.Exp(-x / 4096.0)), output[0] / 32768.0, 2e-3);
    }

    [Theory]
    [InlineData(-20000)]
    [InlineData(-512)]
    [InlineData(0)]
    [InlineData(4096)]
    public void Int16Tanh_Q3_12Input_CloseToTheRealTanhInQ0_15(short x)
    {
        (int multiplier, int shift) = Int16Nonlinear.TanhParamsForScalePower(-12);
        var output = new short[1];
        Int16Nonlinear.Tanh(multiplier, shift, [x], output);
        Assert.Equal(Math.Tanh(x / 4096.0), output[0] / 32768.0, 2e-3);
    }

    [Fact]
    public void TanhParamsForScalePower_NegativeShift_UsesMultiplierThree() =>
        Assert.Equal((3, 2), Int16Nonlinear.TanhParamsForScalePower(-14));

    [Fact]
    public void MeanMultiplier_CountOfFour_DividesByFour()
    {
        (int m, int s) = MeanKernel.MeanMultiplier(1 << 30, 1, 4);
        // 2^30·2^1 / 4 as Q31 with the shift: (2^30 << 2) / 4 = 2^30, shift 1 - 2 = -1.
        Assert.Equal((1 << 30, -1), (m, s));
    }
}
