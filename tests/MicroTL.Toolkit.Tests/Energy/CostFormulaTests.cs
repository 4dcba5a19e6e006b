using MicroTL.Toolkit.Energy;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Energy;

/// <summary>Each formula of the cost model against values worked out by hand for the nrf52840 profile.</summary>
public class CostFormulaTests
{
    private static readonly DeviceProfile Nrf = DeviceProfileLoader.Default.WithoutCalibration(); // the datasheet estimates; the firmware-calibrated prices: FirmwareCalibrationTests

    [Fact]
    public void Collection_ConvAndFc_CyclesOverClockTimesPower()
    {
        // 1e6 conv MACs x 2 cycles + 5e5 FC MACs x 2 cycles = 3e6 cycles / 64 MHz = 46.875 ms; x 3.3 mA x 3 V.
        PhaseCost c = CostModel.Collection(Nrf, new Dictionary<string, long> { ["CONV_2D"] = 1_000_000, ["FULLY_CONNECTED"] = 500_000 });
        Assert.Equal(0.046875, c.Seconds, 12);
        Assert.Equal(0.4640625, c.EnergyMillijoules, 12);
    }

    [Fact]
    public void Collection_FloatOperationsBesideTheBody_PricedAsFloatMultiplyAdds()
    {
        // The window statistics and augmentation: 1e6 float operations x the profile's cycles per float multiply-add, at its float current.
        var macs = new Dictionary<string, long> { ["CONV_2D"] = 1_000_000 };
        PhaseCost int8Only = CostModel.Collection(Nrf, macs);

        PhaseCost both = CostModel.Collection(Nrf, macs, floatOperations: 1_000_000);

        double floatSeconds = 1e6 * Nrf.CyclesPerFloatMultiplyAdd / Nrf.ClockHz;
        Assert.Equal(int8Only.Seconds + floatSeconds, both.Seconds, 12);
        Assert.Equal(int8Only.EnergyMillijoules + Nrf.CpuFloatMilliamps * Nrf.SupplyVolts * floatSeconds, both.EnergyMillijoules, 12);
        Assert.Contains("1,000,000 float operations", both.Detail);
    }

    [Fact]
    public void Collection_UnpricedOperator_Throws()
    {
        var e = Assert.Throws<WorkloadException>(() => CostModel.Collection(Nrf, new Dictionary<string, long> { ["LSTM"] = 1 }));
        Assert.Contains("LSTM", e.Message);
    }

    [Fact]
    public void Training_FloatWorkAndDequantization_HandComputed()
    {
        // (1e6 + 1e6 + 2e5) FMAs x 3 cycles + 1e5 bytes x 5 cycles = 7.1e6 cycles = 0.1109375 s; x 3.3 mA x 3 V.
        var ops = new OpCounts(1_000_000, 1_000_000, 200_000, 0, 100_000, 0, 0);
        PhaseCost t = CostModel.Training(Nrf, ops, 1);
        Assert.Equal(0.1109375, t.Seconds, 12);
        Assert.Equal(1.09828125, t.EnergyMillijoules, 12);
        Assert.Equal(t.EnergyMillijoules, CostModel.TrainingMillijoules(Nrf, ops), 12);
        Assert.DoesNotContain("square roots", t.Detail);
    }

    [Fact]
    public void Training_AdamsRootsAndDivisions_PricedAtTheFpusCycles()
    {
        // The same work with 50,000 square roots and divisions: + 50,000 x 14 cycles (VSQRT.F32, VDIV.F32 on the
        // Cortex-M4F) = 7.8e6 cycles = 0.121875 s.
        var ops = new OpCounts(1_000_000, 1_000_000, 200_000, 50_000, 100_000, 0, 0);
        PhaseCost t = CostModel.Training(Nrf, ops, 1);
        Assert.Equal(14, Nrf.CyclesPerFloatRootOrDivision);
        Assert.Equal(0.121875, t.Seconds, 12);
        Assert.Contains("50,000 square roots and divisions at 14 cycles", t.Detail);
    }

    [Fact]
    public void FlashWrite_BytesTimesMicroseconds_HandComputed()
    {
        // 1000 bytes x 31 µs = 31 ms; x 3.3 mA x 3 V = 0.3069 mJ.
        PhaseCost f = CostModel.FlashWrite(Nrf, "deployment", 1000, "test");
        Assert.Equal(0.031, f.Seconds, 12);
        Assert.Equal(0.3069, f.EnergyMillijoules, 12);
    }

    [Fact]
    public void StorageWrites_RamStore_CopyCycles()
    {
        // 64000 bytes x 0.75 cycles / 64 MHz = 0.75 ms.
        Assert.Equal(0.00075, CostModel.StorageWrites(Nrf, 64_000, inFlash: false).Seconds, 12);
        Assert.Equal(64_000 * 31e-6, CostModel.StorageWrites(Nrf, 64_000, inFlash: true).Seconds, 12);
    }

    [Fact]
    public void BleLink_Default_PacketTimesAndThroughput()
    {
        var link = new BleLink(Nrf);
        Assert.Equal(296, link.DataPacketMicroseconds, 9);       // (27 + 10) bytes x 8 µs
        Assert.Equal(80, link.EmptyPacketMicroseconds, 9);       // 10 bytes x 8 µs
        Assert.Equal(676, link.PairMicroseconds, 9);             // + 2 x 150 µs T_IFS
        Assert.Equal(4, link.PacketsPerEvent);                    // min(4, floor(15000 / 676) = 22)
        Assert.Equal(20, link.ApplicationBytesPerPacket);         // 27 - 4 (L2CAP) - 3 (ATT)
        Assert.Equal(42_240, link.ThroughputBitsPerSecond, 6);    // 4 x 20 x 8 x 0.99 / 15 ms
    }

    [Fact]
    public void BleLink_Upload2000Bytes_HandComputed()
    {
        // 100 packets / 0.99 = 101.01 transmissions in 25.25 events of 15 ms.
        // Per event (mA x µs): TX 8.1 x 1184 + RX 8.6 x (320 + 8 x 150 + 140) + CPU 3.3 x 200 + sleep 0.00316 x 11956 = 24564.18096.
        LinkCost c = new BleLink(Nrf).Transfer(2000, LinkDirection.Upload);
        Assert.Equal(100 / 0.99, c.Transmissions, 9);
        Assert.Equal(0.3787878787878788, c.Seconds, 12);
        Assert.Equal(1.8609228, c.EnergyMillijoules, 9);
    }

    [Fact]
    public void BleLink_Download_SwapsTxAndRx()
    {
        // TX 8.1 x 320 + RX 8.6 x (1184 + 1340) + 660 + 37.78 per event: receiving data costs more than sending it here.
        LinkCost c = new BleLink(Nrf).Transfer(2000, LinkDirection.Download);
        Assert.Equal(1.8936500727272727, c.EnergyMillijoules, 9);
    }

    [Fact]
    public void BleLink_IntervalShorterThanAPacket_Throws()
    {
        DeviceProfile p = Nrf.With("connectionIntervalMilliseconds", 0.5, "test");
        Assert.Throws<DeviceProfileException>(() => new BleLink(p));
    }

    [Fact]
    public void BleLink_ZeroBytes_CostsNothing() => Assert.Equal(0, new BleLink(Nrf).Transfer(0, LinkDirection.Upload).EnergyMillijoules);
}
