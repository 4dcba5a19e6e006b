using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Reports;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Energy;

/// <summary>A profile calibrated by the emulated firmware: its three fields, and the cost model pricing from them.</summary>
public class FirmwareCalibrationTests
{
    private static JsonObject Uncalibrated()
    {
        JsonObject root = JsonNode.Parse(ReportJson.Serialize(DeviceProfileDocument.From(DeviceProfileLoader.Default)))!.AsObject();
        foreach (ProfileField f in FirmwareCalibration.Fields) root.Remove(f.Name);
        root["name"] = "test-board";
        return root;
    }

    private static JsonObject Calibrated(double perMac = 14, double perFma = 9, double cpi = 1.25)
    {
        JsonObject root = Uncalibrated();
        root["firmwareInstructionsPerInt8Mac"] = new JsonObject { ["value"] = perMac, ["source"] = "measured: test" };
        root["firmwareInstructionsPerFloatMultiplyAdd"] = new JsonObject { ["value"] = perFma, ["source"] = "measured: test" };
        root["cyclesPerInstruction"] = new JsonObject { ["value"] = cpi, ["source"] = "assumption: test" };
        return root;
    }

    [Fact]
    public void Nrf52840Profile_CarriesTheFirmwaresMeasurementsBesideTheEstimates()
    {
        DeviceProfile nrf = DeviceProfileLoader.Default;

        FirmwareCalibration c = Assert.IsType<FirmwareCalibration>(nrf.Calibration);
        Assert.StartsWith("measured: microtl firmware --run qemu", c.InstructionsPerInt8Mac.Source);
        Assert.StartsWith("measured:", c.InstructionsPerFloatMultiplyAdd.Source);
        Assert.StartsWith("assumption", c.CyclesPerInstruction.Source);
        Assert.True(c.CyclesPerInt8Mac > nrf.CyclesPerInt8MacConv,
            "a window's whole collection (statistics, pools, copies, store) costs more a MAC than CMSIS-NN's estimate of the MAC loop alone");
        Assert.Equal(nrf.CyclesPerInt8MacConv, nrf.WithoutCalibration().CyclesPerInt8MacConv);
    }

    [Theory]
    [InlineData("firmwareInstructionsPerInt8Mac", "int8 MACs")]
    [InlineData("firmwareInstructionsPerFloatMultiplyAdd", "float multiply-adds")]
    public void Nrf52840Profile_CalibrationValue_IsTheRatioOfTheCountsItsSourceStates(string field, string unit)
    {
        FirmwareCalibration c = DeviceProfileLoader.Default.Calibration!;
        SourcedValue v = field == "firmwareInstructionsPerInt8Mac" ? c.InstructionsPerInt8Mac : c.InstructionsPerFloatMultiplyAdd;

        // "... N instructions per <phase> ... over M <unit>": the value must be N / M to its two decimals.
        Match m = Regex.Match(v.Source,
            @"([\d,]+) instructions per .*? over ([\d,]+) " + Regex.Escape(unit));
        Assert.True(m.Success, $"{field}'s source states no instruction and {unit} counts: {v.Source}");
        double instructions = double.Parse(m.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        double operations = double.Parse(m.Groups[2].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        Assert.Equal(Math.Round(instructions / operations, 2), v.Value, 10);
    }

    [Fact]
    public void Parse_AllThreeFields_CalibratesAndRoundTripsThroughTheDocument()
    {
        DeviceProfile p = DeviceProfileLoader.Parse(Calibrated().ToJsonString(), "cal.json");

        Assert.NotNull(p.Calibration);
        Assert.Equal(14 * 1.25, p.Calibration!.CyclesPerInt8Mac);
        Assert.Equal(9 * 1.25, p.Calibration.CyclesPerFloatMultiplyAdd);
        DeviceProfile again = DeviceProfileLoader.Parse(ReportJson.Serialize(DeviceProfileDocument.From(p)), "again.json");
        Assert.Equal(p.Calibration, again.Calibration);
        Assert.Null(p.WithoutCalibration().Calibration);
        Assert.Equal(p.CyclesPerInt8MacConv, p.WithoutCalibration().CyclesPerInt8MacConv);
    }

    [Fact]
    public void Parse_NoCalibrationFields_IsUncalibrated() =>
        Assert.Null(DeviceProfileLoader.Parse(Uncalibrated().ToJsonString(), "plain.json").Calibration);

    [Fact]
    public void Parse_OnlySomeCalibrationFields_ThrowsNamingThemAll()
    {
        JsonObject root = Calibrated();
        root.Remove("cyclesPerInstruction");

        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(root.ToJsonString(), "half.json"));

        Assert.Contains("'firmwareInstructionsPerInt8Mac', 'firmwareInstructionsPerFloatMultiplyAdd', 'cyclesPerInstruction' or none (2 given)", e.Message);
        Assert.Contains("half.json", e.Message);
    }

    [Fact]
    public void Parse_CalibrationFieldNotPositive_Throws()
    {
        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(Calibrated(cpi: 0).ToJsonString(), "zero.json"));
        Assert.Contains("'cyclesPerInstruction' is 0; must be > 0", e.Message);
    }

    [Fact]
    public void Collection_Calibrated_PricesEveryMacWithTheMeasuredInstructionsTimesCpi()
    {
        DeviceProfile p = DeviceProfileLoader.Parse(Calibrated().ToJsonString(), "cal.json");
        var macs = new Dictionary<string, long> { ["CONV_2D"] = 1000, ["FULLY_CONNECTED"] = 200, ["MAX_POOL_2D"] = 0 };

        PhaseCost calibrated = CostModel.Collection(p, macs);
        PhaseCost estimated = CostModel.Collection(p.WithoutCalibration(), macs);

        Assert.Equal(1200 * 14 * 1.25 / p.ClockHz, calibrated.Seconds, 15);
        Assert.Equal((1000 * p.CyclesPerInt8MacConv + 200 * p.CyclesPerInt8MacFullyConnected) / p.ClockHz, estimated.Seconds, 15);
        Assert.Contains("from the emulated firmware: 14 instructions per MAC x 1.25 cycles per instruction", calibrated.Detail);
        Assert.DoesNotContain("emulated firmware", estimated.Detail);
    }

    [Fact]
    public void Collection_CalibratedWithFloatOperations_PricesThemOnlyThroughTheMeasuredInstructions()
    {
        // The measured instructions per MAC are a whole collection's (window statistics and copies included).
        DeviceProfile p = DeviceProfileLoader.Parse(Calibrated().ToJsonString(), "cal.json");
        var macs = new Dictionary<string, long> { ["CONV_2D"] = 1000 };

        PhaseCost withFloat = CostModel.Collection(p, macs, floatOperations: 500);
        PhaseCost estimated = CostModel.Collection(p.WithoutCalibration(), macs, floatOperations: 500);

        Assert.Equal(CostModel.Collection(p, macs).Seconds, withFloat.Seconds, 15);
        Assert.Equal(1000 * 14 * 1.25 / p.ClockHz, withFloat.Seconds, 15);
        Assert.True(estimated.Seconds > CostModel.Collection(p.WithoutCalibration(), macs).Seconds, "uncalibrated, the float work is priced");
    }

    [Fact]
    public void Training_Calibrated_PricesMultiplyAddsOnlyWithTheMeasuredInstructions()
    {
        DeviceProfile p = DeviceProfileLoader.Parse(Calibrated().ToJsonString(), "cal.json");
        var ops = new OpCounts(1000, 2000, 300, 0, 5000, 10, 2);

        PhaseCost training = CostModel.Training(p, ops, 3);

        Assert.Equal(3300 * 9 * 1.25 / p.ClockHz, training.Seconds, 15);
        Assert.Equal(p.CpuFloatMilliamps * p.SupplyVolts * training.Seconds, training.EnergyMillijoules, 12);
        Assert.Contains("dequantization included", training.Detail);
    }

    [Fact]
    public void Training_Calibrated_AddsWhatTheInstructionCountMissesOfEachRootAndDivision()
    {
        // The firmware's count holds each VSQRT and VDIV as one instruction at the assumed CPI; the FPU takes 14 cycles.
        DeviceProfile p = DeviceProfileLoader.Parse(Calibrated().ToJsonString(), "cal.json");
        var ops = new OpCounts(1000, 2000, 300, 400, 5000, 10, 2);

        PhaseCost training = CostModel.Training(p, ops, 3);

        Assert.Equal((3300 * 9 * 1.25 + 400 * (14 - 1.25)) / p.ClockHz, training.Seconds, 15);
    }
}
