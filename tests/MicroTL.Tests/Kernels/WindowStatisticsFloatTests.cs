using MicroTL.Kernels;

namespace MicroTL.Tests.Kernels;

/// <summary>The window statistics kernel: closed-form statistics of made windows, the sort, and int8 and float windows alike.</summary>
public class WindowStatisticsFloatTests
{
    private const int Steps = 9;

    [Fact]
    public void Compute_RampOnXGravityOnZ_GivesTheClosedFormStatistics()
    {
        // x = t (0..8), y = 0, z = 9.5: every statistic has a closed form.
        var window = new float[3 * Steps];
        for (int t = 0; t < Steps; t++)
        {
            window[3 * t] = t;
            window[3 * t + 2] = 9.5f;
        }

        float[] s = Statistics(new MotionWindow(window), WindowStatisticsFloat.ExtendedCount);

        Assert.Equal(4f, s[0]);                                  // mean x
        Assert.Equal(MathF.Sqrt(60f / 9), s[1], 5);              // sd x: Σ(t-4)² = 60
        Assert.Equal((0f, 8f, 8f), (s[2], s[3], s[4]));          // min, max, range
        Assert.Equal(4f, s[5]);                                  // IQR: P75 = 6, P25 = 2
        Assert.Equal((0f, 0f), (s[6], s[7]));                    // y: mean, sd
        Assert.Equal((9.5f, 0f), (s[12], s[13]));                // z: mean, sd
        Assert.Equal((0f, 0f, 0f), (s[24], s[25], s[26]));       // correlations with a constant axis are 0
        Assert.Equal(4f / MathF.Sqrt(16f + 90.25f), s[27], 6);   // gravity direction x
        Assert.Equal(9.5f / MathF.Sqrt(16f + 90.25f), s[29], 6); // gravity direction z
        Assert.Equal(0.8f, s[30], 5);                            // P10 of x
        Assert.Equal(4f, s[31]);                                 // P50
        Assert.Equal(7.2f, s[32], 5);                            // P90
        Assert.Equal(1f, s[33]);                                 // mean |first difference|
    }

    [Fact]
    public void Compute_TwoAxesMovingTogether_CorrelationOne()
    {
        var window = new float[3 * Steps];
        for (int t = 0; t < Steps; t++)
        {
            window[3 * t] = MathF.Sin(t);
            window[3 * t + 1] = 2f * MathF.Sin(t) + 1f;
            window[3 * t + 2] = -MathF.Sin(t);
        }

        float[] s = Statistics(new MotionWindow(window), WindowStatisticsFloat.CheapCount);

        Assert.Equal(1f, s[24], 5);  // xy
        Assert.Equal(-1f, s[25], 5); // xz
        Assert.Equal(-1f, s[26], 5); // yz
    }

    [Fact]
    public void Compute_Int8WindowAndItsDequantizedFloats_SameBits()
    {
        var random = new Random(3);
        var q = new sbyte[3 * 200];
        for (int i = 0; i < q.Length; i++) q[i] = (sbyte)random.Next(-128, 128);
        const float Scale = 0.156f;
        const int ZeroPoint = -3;
        var real = new float[q.Length];
        for (int i = 0; i < q.Length; i++) real[i] = Scale * (q[i] - ZeroPoint);

        float[] fromInt8 = Statistics(new MotionWindow(q, Scale, ZeroPoint), WindowStatisticsFloat.ExtendedCount, 200);
        float[] fromFloat = Statistics(new MotionWindow(real), WindowStatisticsFloat.ExtendedCount, 200);

        Assert.Equal(fromFloat.Select(BitConverter.SingleToInt32Bits), fromInt8.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Compute_CheapSet_IsTheFirst30OfTheExtendedSet()
    {
        var window = new float[3 * Steps];
        for (int i = 0; i < window.Length; i++) window[i] = (i * 37 % 17) - 8;

        float[] cheap = Statistics(new MotionWindow(window), WindowStatisticsFloat.CheapCount);
        float[] extended = Statistics(new MotionWindow(window), WindowStatisticsFloat.ExtendedCount);

        Assert.Equal(cheap, extended[..WindowStatisticsFloat.CheapCount]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(200)]
    public void SortAscending_RandomValues_SortsAsArraySort(int n)
    {
        var random = new Random(n);
        float[] values = [.. Enumerable.Range(0, n).Select(_ => (float)random.Next(-20, 20) / 4)];
        float[] expected = [.. values.Order()];

        WindowStatisticsFloat.SortAscending(values);

        Assert.Equal(expected, values);
    }

    [Fact]
    public void OperationCount_LongerWindow_CountsMore()
    {
        long short200 = WindowStatisticsFloat.OperationCount(200, 46), long400 = WindowStatisticsFloat.OperationCount(400, 46);

        Assert.True(short200 > 200 * 46, $"{short200}");
        Assert.True(long400 > 2 * short200 - 1000, $"{long400} against {short200}");
        Assert.True(WindowStatisticsFloat.OperationCount(200, 46) > WindowStatisticsFloat.OperationCount(200, 30));
    }

    private static float[] Statistics(MotionWindow window, int count, int steps = Steps)
    {
        var scratch = new float[WindowStatisticsFloat.ScratchFloats(steps)];
        var destination = new float[count];
        WindowStatisticsFloat.Compute(window, scratch, destination);
        return destination;
    }
}
