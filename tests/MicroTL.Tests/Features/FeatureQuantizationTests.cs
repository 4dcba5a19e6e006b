using MicroTL.Features;

namespace MicroTL.Tests.Features;

public class FeatureQuantizationTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_InvalidScale_Throws(float scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureQuantization(scale, 0));
    }

    [Theory]
    [InlineData(-129)]
    [InlineData(128)]
    public void Constructor_ZeroPointOutsideInt8_Throws(int zeroPoint)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureQuantization(0.1f, zeroPoint));
    }

    [Theory]
    [InlineData(-128)]
    [InlineData(127)]
    public void Constructor_ZeroPointAtInt8Limits_Accepted(int zeroPoint)
    {
        Assert.Equal(zeroPoint, new FeatureQuantization(0.1f, zeroPoint).ZeroPoint);
    }

    [Fact]
    public void Dequantize_ZeroPoint_IsRealZero()
    {
        var quantization = new FeatureQuantization(0.25f, -7);
        Assert.Equal(0f, quantization.Dequantize(-7));
        Assert.Equal(0.25f * 134, quantization.Dequantize(127));
    }
}
