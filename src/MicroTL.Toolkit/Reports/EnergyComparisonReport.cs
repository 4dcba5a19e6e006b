// `microtl energy --json` and the demo's `energy`: both ways priced on one profile, the ratios, the check of
// the paper's claim and, with --sweep, the break-even sweeps. An estimate from op counts and a device profile.
using System.Text.Json.Serialization;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Reports;

/// <summary>The energy comparison of one workload on one device.</summary>
/// <param name="Profile">The profile priced.</param>
/// <param name="Scenario">The workload's description.</param>
/// <param name="Samples">Labelled samples.</param>
/// <param name="Epochs">On-device epochs.</param>
/// <param name="Device">The on-device way.</param>
/// <param name="Cloud">The cloud way.</param>
/// <param name="EnergyRatio"><c>E_cloud / E_device</c>.</param>
/// <param name="TimeRatio"><c>T_cloud / T_device</c>.</param>
/// <param name="LinkThroughputBitsPerSecond">The BLE link's application throughput on this profile.</param>
/// <param name="CloudTimeFactor">Cloud seconds per host second, with its source.</param>
/// <param name="FitsRam">Whether the job's RAM fits the device (null when unknown).</param>
/// <param name="Paper">The check of the paper's 3x / 2.8x.</param>
/// <param name="Devices">With sweeps: the comparison on every swept device.</param>
/// <param name="BreakEvenOmitted">With sweeps: which sweeps were left out and why.</param>
/// <param name="BreakEven">With sweeps: the sweeps.</param>
public sealed record EnergyComparisonReport(
    ProfileReference Profile, string Scenario, int Samples, int Epochs, WayReport Device, WayReport Cloud,
    double EnergyRatio, double TimeRatio, double LinkThroughputBitsPerSecond, SourcedValueReport CloudTimeFactor, bool? FitsRam, PaperCheckReport Paper,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeviceRatioReport>? Devices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BreakEvenOmitted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BreakEvenSweepReport>? BreakEven)
{
    /// <summary>
    /// The firmware's measurements the profile priced collection and training with (instructions counted under QEMU, and the
    /// cycles per instruction assumed); null when its figures are all datasheet estimates.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FirmwareCalibrationReport? FirmwareCalibration { get; init; }

    /// <summary>The report of <paramref name="c"/>, with the sweeps of <paramref name="analysis"/> when given.</summary>
    public static EnergyComparisonReport From(EnergyComparison c, BreakEvenAnalysis? analysis = null) => Create(c, analysis) with
    {
        FirmwareCalibration = FirmwareCalibrationReport.From(c.Device),
    };

    private static EnergyComparisonReport Create(EnergyComparison c, BreakEvenAnalysis? analysis) => new(
        new ProfileReference(c.Device.Name, c.Device.Origin), c.Workload.Description, c.Workload.Samples, c.Workload.Epochs,
        WayReport.From(c.OnDevice), WayReport.From(c.Cloud), c.EnergyRatio, c.TimeRatio, new BleLink(c.Device).ThroughputBitsPerSecond,
        new SourcedValueReport(c.CloudTimeFactor.Value, c.CloudTimeFactor.Source), c.FitsRam,
        new PaperCheckReport(EnergyComparison.PaperEnergyRatio, EnergyComparison.PaperTimeRatio, c.EnergyClaimReproduces, c.TimeClaimReproduces, c.Verdict,
            EnergyReport.PaperLink(c, x => x.EnergyRatio, EnergyComparison.PaperEnergyRatio),
            EnergyReport.PaperLink(c, x => x.TimeRatio, EnergyComparison.PaperTimeRatio)),
        analysis is null ? null : DeviceRatioReport.From(analysis), analysis?.Omitted, analysis is null ? null : BreakEvenSweepReport.From(analysis));
}

/// <summary>The emulated firmware's measurements a profile prices collection and training with.</summary>
/// <param name="InstructionsPerInt8Mac">Instructions per int8 MAC of feature collection, with its source.</param>
/// <param name="InstructionsPerFloatMultiplyAdd">Instructions per float multiply-add of training, with its source.</param>
/// <param name="CyclesPerInstruction">The cycles per instruction assumed, with its source.</param>
/// <param name="Note">Which figures of the comparison these decide, and which stay estimates.</param>
public sealed record FirmwareCalibrationReport(SourcedValueReport InstructionsPerInt8Mac, SourcedValueReport InstructionsPerFloatMultiplyAdd,
    SourcedValueReport CyclesPerInstruction, string Note)
{
    /// <summary>The report of <paramref name="profile"/>'s calibration, or null when it has none.</summary>
    public static FirmwareCalibrationReport? From(DeviceProfile profile) => profile.Calibration is { } c
        ? new FirmwareCalibrationReport(new(c.InstructionsPerInt8Mac.Value, c.InstructionsPerInt8Mac.Source),
            new(c.InstructionsPerFloatMultiplyAdd.Value, c.InstructionsPerFloatMultiplyAdd.Source), new(c.CyclesPerInstruction.Value, c.CyclesPerInstruction.Source),
            EnergyReport.CalibrationNote(profile)!)
        : null;
}

/// <summary>Which profile: its name and where it came from (built in, or a file).</summary>
/// <param name="Name">Profile name.</param>
/// <param name="Origin">Built-in resource or file path.</param>
public sealed record ProfileReference(string Name, string Origin);

/// <summary>A number with its source.</summary>
/// <param name="Value">The number.</param>
/// <param name="Source">Where it comes from.</param>
public sealed record SourcedValueReport(double Value, string Source);

/// <summary>One way (device or cloud): totals and phases.</summary>
/// <param name="TimeSeconds">Seconds.</param>
/// <param name="EnergyMillijoules">Millijoules.</param>
/// <param name="Phases">The phases, in order.</param>
public sealed record WayReport(double TimeSeconds, double EnergyMillijoules, IReadOnlyList<PhaseReport> Phases)
{
    /// <summary>The report of <paramref name="way"/>.</summary>
    public static WayReport From(WayCost way) =>
        new(way.Seconds, way.EnergyMillijoules, [.. way.Phases.Select(p => new PhaseReport(p.Name, p.Seconds, p.EnergyMillijoules, p.Detail))]);
}

/// <summary>One phase of a way.</summary>
/// <param name="Name">The phase.</param>
/// <param name="TimeSeconds">Seconds.</param>
/// <param name="EnergyMillijoules">Millijoules.</param>
/// <param name="Detail">How it was priced.</param>
public sealed record PhaseReport(string Name, double TimeSeconds, double EnergyMillijoules, string Detail);

/// <summary>The check of the paper's claim (3x less energy, 2.8x less time).</summary>
/// <param name="EnergyRatio">The paper's energy ratio.</param>
/// <param name="TimeRatio">The paper's time ratio.</param>
/// <param name="EnergyReproduces">Whether ours is within the tolerance of it.</param>
/// <param name="TimeReproduces">Whether ours is within the tolerance of it.</param>
/// <param name="Verdict">The verdict, for people.</param>
/// <param name="ThroughputForPaperEnergyRatio">Link bits/s at which our energy ratio would be the paper's, or null.</param>
/// <param name="ThroughputForPaperTimeRatio">Link bits/s at which our time ratio would be the paper's, or null.</param>
public sealed record PaperCheckReport(double EnergyRatio, double TimeRatio, bool EnergyReproduces, bool TimeReproduces, string Verdict,
    double? ThroughputForPaperEnergyRatio, double? ThroughputForPaperTimeRatio);

/// <summary>The comparison on one swept device.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="EnergyRatio">Cloud / device energy.</param>
/// <param name="TimeRatio">Cloud / device time.</param>
/// <param name="DeviceEnergyMillijoules">The device way's energy.</param>
/// <param name="CloudEnergyMillijoules">The cloud way's energy.</param>
/// <param name="FitsRam">Whether the job's RAM fits (null when unknown).</param>
public sealed record DeviceRatioReport(string Name, double EnergyRatio, double TimeRatio, double DeviceEnergyMillijoules, double CloudEnergyMillijoules, bool? FitsRam)
{
    /// <summary>One per device of <paramref name="analysis"/>.</summary>
    public static IReadOnlyList<DeviceRatioReport> From(BreakEvenAnalysis analysis) =>
        [.. analysis.DeviceRatios.Select(d => new DeviceRatioReport(d.Device.Name, d.EnergyRatio, d.TimeRatio, d.OnDevice.EnergyMillijoules, d.Cloud.EnergyMillijoules, d.FitsRam))];
}

/// <summary>One sweep: the ratios along one parameter on one device and where they cross 1.</summary>
/// <param name="Device">Profile name.</param>
/// <param name="Parameter">What varies (camelCase: linkThroughput, samples, epochs).</param>
/// <param name="Unit">Unit of x.</param>
/// <param name="EnergyBreakEven">x where the energy ratio is 1, or null.</param>
/// <param name="TimeBreakEven">x where the time ratio is 1, or null.</param>
/// <param name="Note">What the sweep holds fixed.</param>
/// <param name="Points">The points, in increasing x.</param>
public sealed record BreakEvenSweepReport(string Device, string Parameter, string Unit, double? EnergyBreakEven, double? TimeBreakEven, string Note,
    IReadOnlyList<SweepPointReport> Points)
{
    /// <summary>Every sweep of <paramref name="analysis"/>.</summary>
    public static IReadOnlyList<BreakEvenSweepReport> From(BreakEvenAnalysis analysis) =>
        [.. analysis.Sweeps.Select(s => new BreakEvenSweepReport(s.Device, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.Parameter.ToString()),
            s.Unit, s.EnergyBreakEven, s.TimeBreakEven, s.Note, [.. s.Points.Select(p => new SweepPointReport(p.X, p.EnergyRatio, p.TimeRatio))]))];
}

/// <summary>One point of a sweep.</summary>
/// <param name="X">The parameter's value.</param>
/// <param name="EnergyRatio">Cloud / device energy there.</param>
/// <param name="TimeRatio">Cloud / device time there.</param>
public sealed record SweepPointReport(double X, double EnergyRatio, double TimeRatio);

/// <summary>The break-even sweeps alone (the chart's data).</summary>
/// <param name="Scenario">The workload's description.</param>
/// <param name="Devices">The comparison on every swept device.</param>
/// <param name="BreakEvenOmitted">Which sweeps were left out and why.</param>
/// <param name="BreakEven">The sweeps.</param>
public sealed record BreakEvenReport(string Scenario, IReadOnlyList<DeviceRatioReport> Devices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BreakEvenOmitted, IReadOnlyList<BreakEvenSweepReport> BreakEven)
{
    /// <summary>The report of <paramref name="analysis"/>.</summary>
    public static BreakEvenReport From(BreakEvenAnalysis analysis) =>
        new(analysis.Scenario, DeviceRatioReport.From(analysis), analysis.Omitted, BreakEvenSweepReport.From(analysis));
}
