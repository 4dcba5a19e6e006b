namespace MicroTL.Toolkit.Energy;

/// <summary>The parameter a break-even sweep varies.</summary>
public enum SweepParameter
{
    /// <summary>Application throughput of the BLE link, bits/s (via the connection interval and packets per event).</summary>
    LinkThroughput,

    /// <summary>Labelled samples collected (and uploaded in the cloud way).</summary>
    Samples,

    /// <summary>Epochs of on-device training (the cloud's training is unchanged).</summary>
    Epochs,
}

/// <summary>One point of a sweep: the parameter's value and both ratios (cloud / device) there.</summary>
public readonly record struct SweepPoint(double X, double EnergyRatio, double TimeRatio);

/// <summary>
/// A sweep of one parameter on one device: the ratios at each point and where each ratio crosses 1
/// (the break-even point: on one side on-device training pays, on the other it does not).
/// </summary>
/// <param name="Device">Profile name.</param>
/// <param name="Parameter">What varies.</param>
/// <param name="Unit">Unit of <see cref="SweepPoint.X"/>.</param>
/// <param name="Points">Points in increasing X.</param>
/// <param name="EnergyBreakEven">X where the energy ratio is 1, or null when it does not cross 1 in range.</param>
/// <param name="TimeBreakEven">X where the time ratio is 1, or null when it does not cross 1 in range.</param>
/// <param name="Note">What the sweep holds fixed, and any points left out.</param>
public sealed record BreakEvenSweep(string Device, SweepParameter Parameter, string Unit, IReadOnlyList<SweepPoint> Points,
    double? EnergyBreakEven, double? TimeBreakEven, string Note);

/// <summary>All sweeps of a workload over the given devices.</summary>
/// <param name="Scenario">The workload's description.</param>
/// <param name="Sweeps">For each device, the throughput, samples and epochs sweeps.</param>
/// <param name="DeviceRatios">For each device, the comparison at the workload itself.</param>
/// <param name="Omitted">Null when every sweep was run, else which sweeps were left out and why.</param>
public sealed record BreakEvenAnalysis(string Scenario, IReadOnlyList<BreakEvenSweep> Sweeps, IReadOnlyList<EnergyComparison> DeviceRatios,
    string? Omitted = null);
