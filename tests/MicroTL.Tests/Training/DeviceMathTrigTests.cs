using MicroTL.Training;

namespace MicroTL.Tests.Training;

/// <summary>
/// DeviceMath's sine and cosine against Math.Sin / Math.Cos in double: the error in float ulps at the reference, or in units
/// of 2^-24 (half an ulp at 1) where the reference is so near a zero of the function that its ulp is smaller (the reduction's
/// error is absolute); every 64th float of the range the device uses (the augmentation's angles, |x| &lt;= 2π) and every 4096th
/// up to the reduction's limit.
/// </summary>
public class DeviceMathTrigTests
{
    [Theory]
    [InlineData(0f, 6.2831855f, 64)]
    [InlineData(0f, DeviceMath.TrigMaxArgument, 4096)]
    public void Sin_AcrossTheRange_WithinTwoUlps(float from, float to, int stride)
    {
        double worst = MaxError(from, to, stride, DeviceMath.Sin, Math.Sin, out float at);
        Assert.True(worst <= 2.0, $"max error {worst:F3} ulp at x = {at:R}");
    }

    [Theory]
    [InlineData(0f, 6.2831855f, 64)]
    [InlineData(0f, DeviceMath.TrigMaxArgument, 4096)]
    public void Cos_AcrossTheRange_WithinTwoUlps(float from, float to, int stride)
    {
        double worst = MaxError(from, to, stride, DeviceMath.Cos, Math.Cos, out float at);
        Assert.True(worst <= 2.0, $"max error {worst:F3} ulp at x = {at:R}");
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(1.7f)]
    [InlineData(4.1f)]
    [InlineData(100.25f)]
    public void SinAndCos_NegativeArgument_AreOddAndEven(float x)
    {
        Assert.Equal(-DeviceMath.Sin(x), DeviceMath.Sin(-x));
        Assert.Equal(DeviceMath.Cos(x), DeviceMath.Cos(-x));
    }

    // Known answers for the C port (bit patterns of input, sine and cosine): the same bits on every target.
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x3F800000u)] // 0 -> 0, 1
    [InlineData(0x3DB2B8C2u, 0x3DB27EB5u, 0x3F7F069Eu)] // 0.08726646 (5°, the recipe's largest half-angle) -> 0.08715574, 0.9961947
    [InlineData(0x3F000000u, 0x3EF57744u, 0x3F60A940u)] // 0.5 -> 0.47942555, 0.87758255
    [InlineData(0x3F800000u, 0x3F576AA4u, 0x3F0A5140u)] // 1 -> 0.84147096, 0.5403023
    [InlineData(0x3FC90FDBu, 0x3F800000u, 0xB33BBD2Eu)] // 1.5707964 -> 1, -4.371139E-08
    [InlineData(0x40490FDBu, 0xB3BBBD2Eu, 0xBF800000u)] // 3.1415927 -> -8.742278E-08, -1
    [InlineData(0x40A00000u, 0xBF757C10u, 0x3E913C2Bu)] // 5 -> -0.9589243, 0.28366217
    [InlineData(0x40C90FDBu, 0x343BBD2Eu, 0x3F800000u)] // 6.2831855 -> 1.7484555E-07, 1
    public void SinAndCos_KnownAnswers_AreTheseBits(uint x, uint sin, uint cos)
    {
        Assert.Equal(sin, Bits(DeviceMath.Sin(Float(x))));
        Assert.Equal(cos, Bits(DeviceMath.Cos(Float(x))));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(8192.5f)]
    [InlineData(-1e9f)]
    public void SinAndCos_OutsideTheReducibleRange_AreNaN(float x)
    {
        Assert.True(float.IsNaN(DeviceMath.Sin(x)));
        Assert.True(float.IsNaN(DeviceMath.Cos(x)));
    }

    private static double MaxError(float from, float to, int stride, Func<float, float> f, Func<double, double> reference, out float worstAt)
    {
        double worst = 0;
        worstAt = float.NaN;
        for (float x = from; x <= to; x = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(Math.Max(x, float.Epsilon)) + stride))
        {
            double exact = reference(x);
            double ulp = Math.ScaleB(1.0, Math.Max(Math.ILogB(Math.Max(Math.Abs(exact), 1e-30)), -24) - 23);
            double error = Math.Abs(f(x) - exact) / Math.Max(ulp, Math.ScaleB(1.0, -24));
            if (error > worst)
            {
                worst = error;
                worstAt = x;
            }
        }

        return worst;
    }

    private static float Float(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);
}
