using MicroTL.Toolkit.Energy;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Energy;

/// <summary>Our cost model against the authors' own figures (MICROTL.md; docs/energy.md discusses the gap).</summary>
public class PaperComparisonTests
{
    /// <summary>
    /// The authors' MNIST head 288 -&gt; 128 -&gt; 10, SGD, batch 4, one epoch on 60 samples (15 steps):
    /// forward 60 x (288*128 + 128*10) = 2,288,640; backward 60 x (288*128 + 2*128*10) = 2,365,440;
    /// SGD 15 x 3 x 38,282 = 1,722,690; in all 6,376,770 multiply-adds, and 60 x 288 = 17,280 bytes dequantized.
    /// On the nrf52840: 6,376,770 x 3 + 17,280 x 5 = 19,216,710 cycles = 0.30026 s, x 3.3 mA x 3 V = 2.973 mJ.
    /// The authors measured 3 V x 7 mA x 1.8 s = 37.8 mJ: our estimate is ~12.7x lower (6x faster, half the current).
    /// </summary>
    [Fact]
    public void AuthorsEpoch_OurEstimate_IsTheHandValueAndBelowTheirMeasurement()
    {
        var head = new HeadShape(288, 128, 10);
        OpCounts epoch = default;
        for (int step = 0; step < 15; step++) epoch += OpCounts.TrainingStep(head, 4, OptimizerKind.Sgd);

        Assert.Equal(6_376_770, epoch.TotalMultiplyAdds);
        Assert.Equal(17_280, epoch.BytesDequantized);
        PhaseCost ours = CostModel.Training(DeviceProfileLoader.Default.WithoutCalibration(), epoch, 1); // the datasheet estimates
        Assert.Equal(19_216_710 / 64e6, ours.Seconds, 12);
        Assert.Equal(19_216_710 / 64e6 * 3.3 * 3, ours.EnergyMillijoules, 9);

        const double paperMillijoules = 3 * 7 * 1.8;
        Assert.InRange(paperMillijoules / ours.EnergyMillijoules, 10, 15);

        // With the emulated firmware's instructions per multiply-add x the CPI assumed (5.12 x 1.25 since its fast loops; 10.32 with
        // the plain ones came within 2-4x), the estimate stays 4-8x below their measurement.
        FirmwareCalibration c = DeviceProfileLoader.Default.Calibration!;
        PhaseCost calibrated = CostModel.Training(DeviceProfileLoader.Default, epoch, 1);
        Assert.Equal(6_376_770 * c.InstructionsPerFloatMultiplyAdd.Value * c.CyclesPerInstruction.Value / 64e6, calibrated.Seconds, 12);
        Assert.InRange(paperMillijoules / calibrated.EnergyMillijoules, 4, 8);
    }

    [Fact]
    public void EnergyAwareStopping_WithProfileModel_UsesItsEpochEnergy()
    {
        DeviceProfile p = DeviceProfileLoader.Default.WithoutCalibration(); // the datasheet estimates
        var rule = new EnergyAwareStopping(0.01, epochEnergyModel: ops => CostModel.TrainingMillijoules(p, ops));
        var ops = new OpCounts(1_000_000, 1_000_000, 200_000, 0, 100_000, 0, 0);
        rule.Observe(new EpochRecord(1, 1, 0.5, double.NaN, double.NaN, 1, ops, default));
        rule.Observe(new EpochRecord(2, 1, 0.6, double.NaN, double.NaN, 1, ops, default));
        Assert.Equal(1.09828125, rule.LastEpochMillijoules, 12);
    }
}
