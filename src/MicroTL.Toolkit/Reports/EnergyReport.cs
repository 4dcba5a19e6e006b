using System.Globalization;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Reports;

/// <summary>The comparison and the break-even sweeps as JSON for machines and as a table for people.</summary>
public static class EnergyReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// JSON with at least <c>device.timeSeconds</c>, <c>device.energyMillijoules</c>, <c>cloud.timeSeconds</c>,
    /// <c>cloud.energyMillijoules</c>, <c>energyRatio</c>, <c>timeRatio</c>; the phases, the paper check and, when
    /// given, the break-even sweeps (<see cref="EnergyComparisonReport"/>).
    /// </summary>
    public static string ToJson(EnergyComparison c, BreakEvenAnalysis? analysis = null) => ReportJson.Serialize(EnergyComparisonReport.From(c, analysis));

    /// <summary>The break-even sweeps alone as JSON (the chart's data, <see cref="BreakEvenReport"/>).</summary>
    public static string ToJson(BreakEvenAnalysis analysis) => ReportJson.Serialize(BreakEvenReport.From(analysis));

    /// <summary>The phase table of both ways, totals, ratios and the verdict.</summary>
    public static void WriteTable(TextWriter w, EnergyComparison c)
    {
        w.WriteLine($"device     {c.Device.Name} ({c.Device.Description})");
        w.WriteLine($"scenario   {c.Workload.Description}");
        w.WriteLine(string.Create(Inv, $"link       BLE {c.Device.PhyBitsPerSecond / 1e6} Mbit/s PHY, {c.Device.ConnectionIntervalMilliseconds} ms interval, {c.Device.PacketsPerInterval} packets/event, {c.Device.PacketLossRate:P0} loss -> {new BleLink(c.Device).ThroughputBitsPerSecond / 1000:F1} kbit/s"));
        if (c.FitsRam is false) w.WriteLine($"note       the on-device job needs {c.Workload.RamBytesNeeded} bytes of RAM; this device has {c.Device.RamBytes}: it does NOT fit");
        w.WriteLine();
        w.WriteLine($"{"way",-7}{"phase",-20}{"time s",12}{"energy mJ",14}");
        foreach (WayCost way in new[] { c.OnDevice, c.Cloud })
        {
            foreach (PhaseCost p in way.Phases)
                w.WriteLine(string.Create(Inv, $"{way.Name,-7}{p.Name,-20}{p.Seconds,12:F4}{p.EnergyMillijoules,14:F3}"));
            w.WriteLine(string.Create(Inv, $"{way.Name,-7}{"TOTAL",-20}{way.Seconds,12:F4}{way.EnergyMillijoules,14:F3}"));
        }

        w.WriteLine();
        w.WriteLine(string.Create(Inv, $"ratios     cloud / device: energy {c.EnergyRatio:F2}x, time {c.TimeRatio:F2}x (paper: {EnergyComparison.PaperEnergyRatio}x, {EnergyComparison.PaperTimeRatio}x)"));
        w.WriteLine($"verdict    {c.Verdict}");
        w.WriteLine($"           the paper's ratios would need a link of: energy 3x {Kbit(PaperLink(c, x => x.EnergyRatio, EnergyComparison.PaperEnergyRatio))}, time 2.8x {Kbit(PaperLink(c, x => x.TimeRatio, EnergyComparison.PaperTimeRatio))}");
        w.WriteLine(CalibrationNote(c.Device) is { } calibrated
            ? $"           {calibrated}; every constant's source: microtl energy --list-devices, docs/energy.md"
            : "           (an estimate from op counts and datasheet-level constants; every constant's source: microtl energy --list-devices, docs/energy.md)");
    }

    /// <summary>
    /// Which of a profile's figures came from the emulated firmware, in one line, or null for a profile of datasheet
    /// estimates only (energy and demo print it beside the comparison).
    /// </summary>
    public static string? CalibrationNote(DeviceProfile profile) => profile.Calibration is { } c
        ? string.Create(Inv, $"collection and training cycles from the emulated firmware ({c.InstructionsPerInt8Mac.Value:G4} instructions per int8 MAC, {c.InstructionsPerFloatMultiplyAdd.Value:G4} per float multiply-add, counted under QEMU) x {c.CyclesPerInstruction.Value:G3} cycles per instruction (assumed); the currents, the radio and the cloud are datasheet-level estimates")
        : null;

    /// <summary>One line per sweep: the break-even points.</summary>
    public static void WriteBreakEven(TextWriter w, BreakEvenAnalysis analysis)
    {
        w.WriteLine($"{"device",-11}{"sweep",-16}{"energy break-even",22}{"time break-even",22}   ratios at the ends (energy, time)");
        foreach (BreakEvenSweep s in analysis.Sweeps)
        {
            SweepPoint first = s.Points[0], last = s.Points[^1];
            w.WriteLine(string.Create(Inv,
                $"{s.Device,-11}{s.Parameter,-16}{Crossing(s.EnergyBreakEven, s.Unit),22}{Crossing(s.TimeBreakEven, s.Unit),22}   {Short(first.X)} {s.Unit}: {first.EnergyRatio:G3}, {first.TimeRatio:G3}; {Short(last.X)} {s.Unit}: {last.EnergyRatio:G3}, {last.TimeRatio:G3}"));
        }

        if (analysis.Omitted is { } omitted) w.WriteLine(omitted);
    }

    /// <summary>The link throughput at which this comparison's ratio would equal the paper's, or null.</summary>
    public static double? PaperLink(EnergyComparison c, Func<EnergyComparison, double> ratio, double paper) =>
        BreakEven.ThroughputWhere(c.Device, c.Workload, ratio, paper, c.CloudTimeFactor);

    private static string Kbit(double? bitsPerSecond) =>
        bitsPerSecond is { } b ? string.Create(Inv, $"{b / 1000:F0} kbit/s") : "none BLE can carry";

    private static string Crossing(double? x, string unit) => x is { } v ? $"{Short(v)} {unit}" : "none in range";

    private static string Short(double v) => v.ToString(v >= 100 ? "N0" : "G3", Inv);
}
