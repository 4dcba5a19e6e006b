using MicroTL.Toolkit.Energy;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Energy;

public class BreakEvenTests
{
    private static readonly DeviceProfile Nrf = DeviceProfileLoader.Default.WithoutCalibration(); // the datasheet estimates; the firmware-calibrated prices: FirmwareCalibrationTests

    /// <summary>
    /// Only training varies with epochs: device time = a + b e, cloud time C fixed, so the time ratio is 1 at e = (C - a) / b.
    /// a: deployment, 1224 bytes x 31 µs; b: 1e6 multiply-adds x 3 cycles / 64 MHz;
    /// C: upload and download of 1000 bytes each (50 packets / 0.99 / 4 per event x 15 ms) + 1000 bytes x 31 µs.
    /// </summary>
    [Fact]
    public void Epochs_TimeCrossing_WhereTheHandCalculationSays()
    {
        var w = new Workload
        {
            Description = "hand", Samples = 10, RawBytesPerSample = 100, CollectionInt8Macs = new Dictionary<string, long>(),
            BytesStored = 0, Training = new OpCounts(1_000_000, 0, 0, 50_000, 0, 0, 0), Epochs = 1, HeadParameterBytes = 1224,
            CloudTrainHostSeconds = 0, CloudModelBytes = 1000,
        };
        double link = 50 / 0.99 / 4 * 0.015;
        double cloud = 2 * link + 1000 * 31e-6;
        double a = 1224 * 31e-6, b = (1_000_000 * 3 + 50_000 * 14) / 64e6; // multiply-adds, then square roots and divisions
        double expected = (cloud - a) / b;

        BreakEvenSweep sweep = BreakEven.Epochs(Nrf, w, 25);

        Assert.InRange(expected, 1, 100);
        Assert.NotNull(sweep.TimeBreakEven);
        // Within 1e-6 relative: the sweep rounds scaled op counts to whole multiply-adds.
        Assert.Equal(expected, sweep.TimeBreakEven!.Value, expected * 1e-6);
        Assert.True(sweep.Points[0].TimeRatio > 1 && sweep.Points[^1].TimeRatio < 1);
    }

    [Fact]
    public void Bisect_LinearRatio_FindsOne() => Assert.Equal(5, BreakEven.Bisect(x => x / 5, 1, 100), 9);

    [Fact]
    public void Samples_NoCrossingInRange_ReportsNull()
    {
        // Upload and collection both grow with samples: for this workload the device stays cheaper everywhere.
        BreakEvenSweep sweep = BreakEven.Samples(Nrf, WorkloadTests.Sample(), 9);
        Assert.All(sweep.Points, p => Assert.True(p.EnergyRatio > 1));
        Assert.Null(sweep.EnergyBreakEven);
    }

    [Fact]
    public void LinkFor_TargetThroughput_LinkCarriesIt()
    {
        foreach (double target in new[] { 100.0, 5_000, 42_240, 150_000, 600_000, 1_200_000 })
        {
            DeviceProfile p = BreakEven.LinkFor(Nrf, target)!;
            Assert.Equal(target, new BleLink(p).ThroughputBitsPerSecond, target * 1e-9);
        }

        // 1 Mbit/s PHY, 27-byte packets below ~234 kbit/s; 2M PHY with 251-byte packets above ~600 kbit/s.
        Assert.Equal(27, BreakEven.LinkFor(Nrf, 150_000)!.LinkLayerPayloadBytes);
        Assert.Equal(2e6, BreakEven.LinkFor(Nrf, 1_200_000)!.PhyBitsPerSecond);
        // 2 Mbit/s of application data is more than BLE carries: (251 - 7) x 8 x 0.99 / 1.392 ms ≈ 1.39 Mbit/s at best.
        Assert.Null(BreakEven.LinkFor(Nrf, 2e6));
    }

    [Fact]
    public void Analyse_AllBuiltIns_ThreeSweepsEach()
    {
        BreakEvenAnalysis analysis = BreakEven.Analyse(WorkloadTests.Sample(), DeviceProfileLoader.BuiltIn, pointsPerSweep: 5);
        Assert.Equal(3 * DeviceProfileLoader.BuiltIn.Count, analysis.Sweeps.Count);
        Assert.Equal(DeviceProfileLoader.BuiltIn.Count, analysis.DeviceRatios.Count);
    }
}
