using MicroTL.Training;

namespace MicroTL.Tests.Training;

/// <summary>
/// DeviceMath against the double-precision Math.Exp / Math.Log (a reference good to well under 0.01 ulp of
/// float): the error of a result is |result - reference| in units of the float ulp at the reference. The sweeps
/// take every 1024th float of each whole range and every 256th (exp) or 16th (log) float of the ranges training uses,
/// about 8 million inputs, every exponent and every range-reduction step (measured: exp 0.951 ulp at most, log 0.815).
/// </summary>
public class DeviceMathTests
{
    private const int Stride = 1024;

    [Fact]
    public void Exp_WholeRange_WithinOneUlp()
    {
        double worst = MaxUlpError(DeviceMath.ExpMinArgument, DeviceMath.ExpMaxArgument, DeviceMath.Exp, Math.Exp, out float at);
        Assert.True(worst <= 1.0, $"max error {worst:F3} ulp at x = {at:R}");
    }

    [Fact]
    public void Exp_SoftmaxRange_WithinOneUlp()
    {
        // Softmax takes exp(z - max) <= 0; a spread of logits beyond ~20 already gives probabilities below 1e-9.
        double worst = MaxUlpError(-30f, 0f, DeviceMath.Exp, Math.Exp, out float at, stride: 256);
        Assert.True(worst <= 1.0, $"max error {worst:F3} ulp at x = {at:R}");
    }

    [Fact]
    public void Log_WholeRange_WithinOneUlp()
    {
        double worst = MaxUlpError(float.Epsilon, float.MaxValue, DeviceMath.Log, Math.Log, out float at);
        Assert.True(worst <= 1.0, $"max error {worst:F3} ulp at x = {at:R}");
    }

    [Fact]
    public void Log_LossRange_WithinOneUlp()
    {
        // The loss takes log(sum_c exp(z_c - max)), a sum in [1, C].
        double worst = MaxUlpError(1f, 1024f, DeviceMath.Log, Math.Log, out float at, stride: 16);
        Assert.True(worst <= 1.0, $"max error {worst:F3} ulp at x = {at:R}");
    }

    // Known answers for the C port (bit patterns of input and result): the same bits on every target.
    [Theory]
    [InlineData(0x00000000, 0x3F800000)] // 0 -> 1
    [InlineData(0x3F800000, 0x402DF854)] // 1 -> 2.7182817
    [InlineData(0xBF800000, 0x3EBC5AB2)] // -1 -> 0.36787945
    [InlineData(0xBF000000, 0x3F1B4598)] // -0.5 -> 0.60653067
    [InlineData(0xC1200000, 0x383E6BCE)] // -10 -> 4.539993E-05
    [InlineData(0xC1A00000, 0x310DA433)] // -20 -> 2.0611537E-09
    [InlineData(0xC0E80000, 0x3A3A2AFF)] // -7.25 -> 0.0007101744
    [InlineData(0xC2AE0000, 0x00B33687)] // -87 -> 1.6458115E-38
    [InlineData(0x42B17217, 0x7F7FFF84)] // 88.72283 -> 3.4027985E+38
    public void Exp_KnownAnswers_AreTheseBits(uint x, uint expected) => Assert.Equal(expected, Bits(DeviceMath.Exp(Float(x))));

    [Theory]
    [InlineData(0x3F800000, 0x00000000)] // 1 -> 0
    [InlineData(0x40000000, 0x3F317218)] // 2 -> 0.6931472
    [InlineData(0x40400000, 0x3F8C9F54)] // 3 -> 1.0986123
    [InlineData(0x40C00000, 0x3FE55860)] // 6 -> 1.7917595
    [InlineData(0x41200000, 0x40135D8E)] // 10 -> 2.3025851
    [InlineData(0x3F000000, 0xBF317218)] // 0.5 -> -0.6931472
    [InlineData(0x3F3504F3, 0xBEB17218)] // 0.70710677 -> -0.3465736
    [InlineData(0x00000001, 0xC2CE8ED0)] // 1.4E-45 (the smallest subnormal) -> -103.27893
    [InlineData(0x7149F2CA, 0x428A27B5)] // 1E+30 -> 69.07755
    public void Log_KnownAnswers_AreTheseBits(uint x, uint expected) => Assert.Equal(expected, Bits(DeviceMath.Log(Float(x))));

    [Fact]
    public void Exp_OutsideTheRange_IsZeroInfinityOrNaN()
    {
        Assert.Equal(0f, DeviceMath.Exp(-87.4f));
        Assert.Equal(0f, DeviceMath.Exp(float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, DeviceMath.Exp(88.73f));
        Assert.Equal(float.PositiveInfinity, DeviceMath.Exp(float.PositiveInfinity));
        Assert.True(float.IsNaN(DeviceMath.Exp(float.NaN)));
    }

    [Fact]
    public void Log_OutsideTheDomain_IsNaNOrInfinity()
    {
        Assert.Equal(float.NegativeInfinity, DeviceMath.Log(0f));
        Assert.Equal(float.PositiveInfinity, DeviceMath.Log(float.PositiveInfinity));
        Assert.True(float.IsNaN(DeviceMath.Log(-1f)));
        Assert.True(float.IsNaN(DeviceMath.Log(float.NaN)));
    }

    [Fact]
    public void Sqrt_IsTheCorrectlyRoundedRoot()
    {
        for (float x = 1e-6f; x < 1e6f; x *= 1.37f)
            Assert.Equal((float)Math.Sqrt(x), DeviceMath.Sqrt(x));
    }

    private static float Float(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    /// <summary>The largest error, in float ulps at the reference, over every stride-th float of [from, to].</summary>
    private static double MaxUlpError(float from, float to, Func<float, float> f, Func<double, double> reference, out float worstAt, int stride = Stride)
    {
        double worst = 0;
        worstAt = float.NaN;
        foreach (float x in Floats(from, to, stride))
        {
            double exact = reference(x);
            double error = Math.Abs(f(x) - exact) / Ulp(exact);
            if (error > worst)
            {
                worst = error;
                worstAt = x;
            }
        }

        return worst;
    }

    /// <summary>Every stride-th float from <paramref name="from"/> to <paramref name="to"/>, both ends included.</summary>
    private static IEnumerable<float> Floats(float from, float to, int stride)
    {
        for (float x = from; x < to; x = Step(x, stride)) yield return x;
        yield return to;
    }

    // The float `stride` representable values above x (a positive float's bits grow with it, a negative one's magnitude bits shrink).
    private static float Step(float x, int stride)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        if (x > 0f) return BitConverter.Int32BitsToSingle(bits + stride);
        if (x == 0f) return BitConverter.Int32BitsToSingle(stride);
        return (bits & 0x7FFFFFFF) > stride ? BitConverter.Int32BitsToSingle(bits - stride) : 0f;
    }

    /// <summary>The spacing of floats at |value|: 2^(exponent - 23), at least the smallest subnormal.</summary>
    private static double Ulp(double value)
    {
        double magnitude = Math.Abs(value);
        if (magnitude < Math.ScaleB(1.0, -126)) return Math.ScaleB(1.0, -149);
        return Math.ScaleB(1.0, Math.ILogB(magnitude) - 23);
    }
}
