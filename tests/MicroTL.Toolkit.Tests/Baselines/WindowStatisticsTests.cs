using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Baselines;

public class WindowStatisticsTests
{
    // x = 0, 1, 2, 3; y = 2x (correlation 1); z = 5 constant: gravity straight along z when x and y average small.
    private static readonly float[] Window = [0f, 0f, 5f, 1f, 2f, 5f, 2f, 4f, 5f, 3f, 6f, 5f];

    [Fact]
    public void Compute_CheapSet_MeanSdMinMaxRangeIqrPerAxis()
    {
        var s = new float[WindowStatistics.CheapCount];
        WindowStatistics.Compute(Window, s);
        // x: mean 1.5, population sd sqrt(1.25), min 0, max 3, range 3, IQR 2.25 - 0.75 = 1.5.
        Assert.Equal(1.5f, s[0], 5);
        Assert.Equal(MathF.Sqrt(1.25f), s[1], 5);
        Assert.Equal(0f, s[2]);
        Assert.Equal(3f, s[3]);
        Assert.Equal(3f, s[4]);
        Assert.Equal(1.5f, s[5], 5);
        // z: constant 5.
        Assert.Equal(5f, s[12]);
        Assert.Equal(0f, s[13]);
        // magnitude of (0, 0, 5) is 5, the smallest.
        Assert.Equal(5f, s[20], 5);
    }

    [Fact]
    public void Compute_CorrelationsAndGravityDirection()
    {
        var s = new float[WindowStatistics.CheapCount];
        WindowStatistics.Compute(Window, s);
        Assert.Equal(1f, s[24], 5);   // xy
        Assert.Equal(0f, s[25]);      // xz: z has no variance
        Assert.Equal(0f, s[26]);      // yz
        float norm = MathF.Sqrt(1.5f * 1.5f + 3f * 3f + 25f);
        Assert.Equal(1.5f / norm, s[27], 5);
        Assert.Equal(3f / norm, s[28], 5);
        Assert.Equal(5f / norm, s[29], 5);
    }

    [Fact]
    public void Compute_ExtendedSet_AddsPercentilesAndMeanAbsoluteDifference()
    {
        var s = new float[WindowStatistics.ExtendedCount];
        WindowStatistics.Compute(Window, s, extended: true);
        Assert.Equal(0.3f, s[30], 5);  // x: 10th percentile of 0..3
        Assert.Equal(1.5f, s[31], 5);  // median
        Assert.Equal(2.7f, s[32], 5);  // 90th percentile
        Assert.Equal(1f, s[33], 5);    // mean |dx|
        Assert.Equal(2f, s[37], 5);    // mean |dy|
    }

    [Fact]
    public void Compute_NotWholeVectors_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => WindowStatistics.Compute(new float[4], new float[30]));
        Assert.Contains("4", e.Message);
    }

    [Fact]
    public void Compute_DestinationTooShort_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => WindowStatistics.Compute(Window, new float[30], extended: true));
        Assert.Contains("46", e.Message);
    }

    [Fact]
    public void Of_EverySample_RowsInOrder()
    {
        var samples = new SampleSet(new FeatureShape(1, 4, 3), [.. Window, .. Window.Select(v => 2 * v)], [0, 1]);
        float[] all = WindowStatistics.Of(samples);
        Assert.Equal(60, all.Length);
        Assert.Equal(1.5f, all[0], 5);
        Assert.Equal(3f, all[30], 5);
    }
}
