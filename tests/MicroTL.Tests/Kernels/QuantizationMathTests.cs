// Hand-worked values of the TFLite fixed-point arithmetic.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

public class QuantizationMathTests
{
    [Theory]
    [InlineData(0.5, 1 << 30, 0)]
    [InlineData(1.0, 1 << 30, 1)]
    [InlineData(0.25, 1 << 30, -1)]
    [InlineData(0.75, 1610612736, 0)]
    [InlineData(3.0, 1610612736, 2)]
    [InlineData(0.0, 0, 0)]
    [InlineData(1e-12, 0, 0)]                         // shift below -31 flushes to zero
    [InlineData(0.99999999999999989, 1 << 30, 1)]     // rounds up to 2^31: halved, shift raised
    public void QuantizeMultiplier_KnownValue_ReturnsSignificandAndShift(double real, int multiplier, int shift)
    {
        Assert.Equal((multiplier, shift), QuantizationMath.QuantizeMultiplier(real));
    }

    [Fact]
    public void QuantizeMultiplier_TieAtHalfUlp_RoundsAwayFromZero()
    {
        // q = 0.5 + 2^-33 → q·2^31 = 2^30 + 0.25 → 2^30; q = 0.5 + 2^-32 → 2^30 + 0.5 → 2^30 + 1.
        Assert.Equal(1 << 30, QuantizationMath.QuantizeMultiplier(0.5 + Math.Pow(2, -33)).Multiplier);
        Assert.Equal((1 << 30) + 1, QuantizationMath.QuantizeMultiplier(0.5 + Math.Pow(2, -32)).Multiplier);
    }

    [Theory]
    [InlineData(8.0, 0.5, 4)]
    [InlineData(-3.0, -0.75, 2)]
    [InlineData(0.1, 0.8, -3)]
    [InlineData(4.9406564584124654E-324, 0.5, -1073)] // smallest subnormal
    public void FrExp_Value_MatchesC(double x, double fraction, int exponent)
    {
        Assert.Equal((fraction, exponent), QuantizationMath.FrExp(x));
    }

    [Theory]
    [InlineData(int.MinValue, int.MinValue, int.MaxValue)] // the one overflow saturates
    [InlineData(1 << 30, 1 << 30, 1 << 29)]
    [InlineData(3, 1 << 30, 2)]                            // 1.5 rounds up
    [InlineData(-3, 1 << 30, -1)]                          // -1.5: the negative nudge is 1 - 2^30, so it goes to -1
    [InlineData(-1, 1 << 30, 0)]                           // -0.5 → 0
    public void SaturatingRoundingDoublingHighMul_KnownValue_RoundsAsGemmlowp(int a, int b, int expected)
    {
        Assert.Equal(expected, QuantizationMath.SaturatingRoundingDoublingHighMul(a, b));
    }

    [Theory]
    [InlineData(3, 1, 2)]
    [InlineData(-3, 1, -2)]   // negative tie rounds away from zero
    [InlineData(5, 2, 1)]
    [InlineData(-5, 2, -1)]
    [InlineData(6, 2, 2)]
    [InlineData(-6, 2, -2)]
    [InlineData(-7, 0, -7)]
    [InlineData(int.MinValue, 31, -1)]
    public void RoundingDivideByPOT_KnownValue_RoundsHalfAwayFromZero(int x, int exponent, int expected)
    {
        Assert.Equal(expected, QuantizationMath.RoundingDivideByPOT(x, exponent));
    }

    [Theory]
    [InlineData(100, 1 << 30, 0, 50)]
    [InlineData(101, 1 << 30, 0, 51)]
    [InlineData(-101, 1 << 30, 0, -50)]   // SRDHM rounds -50.5 up
    [InlineData(-101, 1 << 30, -1, -25)]
    [InlineData(7, 1 << 30, 2, 14)]       // left shift first
    [InlineData(-10, 1 << 30, -2, -1)]    // -1.25
    public void MultiplyByQuantizedMultiplier_KnownValue_MatchesTflite(int x, int m, int shift, int expected)
    {
        Assert.Equal(expected, QuantizationMath.MultiplyByQuantizedMultiplier(x, m, shift));
    }

    [Fact]
    public void MultiplyByQuantizedMultiplier64_HalfMultiplier_HalvesWithRounding()
    {
        Assert.Equal(50, QuantizationMath.MultiplyByQuantizedMultiplier(100L, 1 << 30, 0));
        Assert.Equal(51, QuantizationMath.MultiplyByQuantizedMultiplier(101L, 1 << 30, 0));
        Assert.Equal(1 << 29, QuantizationMath.MultiplyByQuantizedMultiplier(1L << 30, 1 << 30, 0));
    }

    [Theory]
    [InlineData(ActivationFunction.None, 0.5f, -10, -128, 127)]
    [InlineData(ActivationFunction.Relu, 0.5f, -10, -10, 127)]
    [InlineData(ActivationFunction.Relu6, 0.5f, -10, -10, 2)]
    [InlineData(ActivationFunction.ReluN1To1, 0.5f, 0, -2, 2)]
    [InlineData(ActivationFunction.Relu6, 0.01f, -128, -128, 127)]   // 6 / 0.01 clamps to qmax
    [InlineData(ActivationFunction.ReluN1To1, 0.4f, 0, -3, 3)]      // 2.5 rounds away from zero
    public void TryQuantizedActivationRange_Activation_ReturnsClamp(ActivationFunction act, float scale, int zp, int min, int max)
    {
        Assert.True(QuantizationMath.TryQuantizedActivationRange(act, scale, zp, out int actualMin, out int actualMax));
        Assert.Equal((min, max), (actualMin, actualMax));
    }

    [Fact]
    public void TryQuantizedActivationRange_TinyScale_ReturnsFalse()
    {
        Assert.False(QuantizationMath.TryQuantizedActivationRange(ActivationFunction.Relu6, 1e-30f, 0, out _, out _));
        Assert.False(QuantizationMath.TryQuantizedActivationRange(ActivationFunction.Tanh, 1f, 0, out _, out _));
    }

    [Fact]
    public void TryFloatActivationRange_Relu6_ReturnsZeroToSix()
    {
        Assert.True(QuantizationMath.TryFloatActivationRange(ActivationFunction.Relu6, out float min, out float max));
        Assert.Equal((0f, 6f), (min, max));
        Assert.False(QuantizationMath.TryFloatActivationRange(ActivationFunction.SignBit, out _, out _));
    }

    [Fact]
    public void PreprocessSoftmaxScaling_UnitBetaScale_GivesQ5Multiplier()
    {
        // β·s·2^26 = 2^26 exactly: significand 2^30, shift 27; radius = floor(31·2^26 / 2^27) = 15.
        Assert.Equal((1 << 30, 27), QuantizationMath.PreprocessSoftmaxScaling(1.0, 1.0, 5));
        Assert.Equal(15, QuantizationMath.CalculateInputRadius(5, 27));
    }

    [Theory]
    [InlineData(new int[0], 0L)]
    [InlineData(new[] { 3, -7, 5 }, 7L)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, -9, 8 }, 9L)]
    [InlineData(new[] { 0, 0, 0, 0, 0, int.MinValue, 0 }, 2147483648L)]
    [InlineData(new[] { int.MaxValue, 0, 0, 0, -1 }, 2147483647L)]
    public void LargestMagnitude_Values_IsTheLargestAbsoluteValue(int[] values, long expected) =>
        Assert.Equal(expected, QuantizationMath.LargestMagnitude(values));
}
