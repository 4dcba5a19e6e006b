namespace MicroTL.Toolkit.Energy;

/// <summary>Time and device energy of one phase of a way of adapting the model.</summary>
/// <param name="Name">Phase, e.g. "feature collection" or "upload".</param>
/// <param name="Seconds">Wall-clock seconds the phase takes.</param>
/// <param name="EnergyMillijoules">Energy the device spends in it (mJ = mA x V x s).</param>
/// <param name="Detail">How it was computed, with the counts used.</param>
public sealed record PhaseCost(string Name, double Seconds, double EnergyMillijoules, string Detail);

/// <summary>One way of adapting the model (on the device, or in the cloud): its phases and totals.</summary>
/// <param name="Name">"device" or "cloud".</param>
/// <param name="Phases">Phases in the order they run.</param>
public sealed record WayCost(string Name, IReadOnlyList<PhaseCost> Phases)
{
    /// <summary>Sum of the phases' seconds (they run one after another).</summary>
    public double Seconds => Phases.Sum(p => p.Seconds);

    /// <summary>Sum of the phases' energy.</summary>
    public double EnergyMillijoules => Phases.Sum(p => p.EnergyMillijoules);

    /// <summary>The phase that costs the most energy.</summary>
    public PhaseCost DominantPhase => Phases.MaxBy(p => p.EnergyMillijoules)!;
}
