namespace MicroTL.Toolkit.Energy;

/// <summary>
/// On-device transfer learning against the cloud baseline for one workload on one device, with the
/// ratios <c>cloud / device</c> (above 1: the device way is cheaper) and the check of the paper's claim.
/// </summary>
/// <param name="Device">The profile priced.</param>
/// <param name="Workload">The scenario.</param>
/// <param name="OnDevice">The on-device way.</param>
/// <param name="Cloud">The cloud way.</param>
/// <param name="CloudTimeFactor">Cloud seconds per host second used.</param>
public sealed record EnergyComparison(DeviceProfile Device, Workload Workload, WayCost OnDevice, WayCost Cloud, SourcedValue CloudTimeFactor)
{
    /// <summary>The paper's claim: on-device transfer takes 3x less energy (Profentzas et al., LCN 2022, abstract).</summary>
    public const double PaperEnergyRatio = 3.0;

    /// <summary>The paper's claim: on-device transfer takes 2.8x less time (Profentzas et al., LCN 2022, abstract).</summary>
    public const double PaperTimeRatio = 2.8;

    /// <summary>A ratio counts as reproducing the paper's when it is within this factor of it either way.</summary>
    public const double ReproductionTolerance = 1.5;

    /// <summary>Prices both ways.</summary>
    public static EnergyComparison Compute(DeviceProfile device, Workload workload, SourcedValue? cloudTimeFactor = null)
    {
        workload.Validated();
        SourcedValue factor = cloudTimeFactor ?? CloudBaseline.DefaultCloudTimeFactor;
        return new EnergyComparison(device, workload, CostModel.OnDevice(device, workload), CloudBaseline.Cost(device, workload, factor), factor);
    }

    /// <summary><c>E_cloud / E_device</c>.</summary>
    public double EnergyRatio => Cloud.EnergyMillijoules / OnDevice.EnergyMillijoules;

    /// <summary><c>T_cloud / T_device</c>.</summary>
    public double TimeRatio => Cloud.Seconds / OnDevice.Seconds;

    /// <summary>True when the energy ratio is within <see cref="ReproductionTolerance"/> of 3.</summary>
    public bool EnergyClaimReproduces => Within(EnergyRatio, PaperEnergyRatio);

    /// <summary>True when the time ratio is within <see cref="ReproductionTolerance"/> of 2.8.</summary>
    public bool TimeClaimReproduces => Within(TimeRatio, PaperTimeRatio);

    /// <summary>Whether the workload's RAM need (when known) fits the device.</summary>
    public bool? FitsRam => Workload.RamBytesNeeded is { } need ? need <= Device.RamBytes : null;

    /// <summary>The verdict on the paper's 3x / 2.8x claim, with the phases that decide it.</summary>
    public string Verdict
    {
        get
        {
            PhaseCost cloudMain = Cloud.DominantPhase, deviceMain = OnDevice.DominantPhase;
            string why = CostModel.Invariant(
                $"the cloud way is dominated by {cloudMain.Name} ({Share(cloudMain, Cloud):P0} of its energy), the device way by {deviceMain.Name} ({Share(deviceMain, OnDevice):P0})");
            string energy = Describe("energy", EnergyRatio, PaperEnergyRatio, EnergyClaimReproduces);
            string time = Describe("time", TimeRatio, PaperTimeRatio, TimeClaimReproduces);
            return $"{energy}; {time}; {why}";
        }
    }

    private static string Describe(string what, double ours, double paper, bool reproduces)
    {
        string direction = ours >= 1 ? "less" : "MORE";
        double factor = ours >= 1 ? ours : 1 / ours;
        string claim = reproduces ? "reproduces" : ours > paper ? "does not reproduce (the device way wins by more)" : "does not reproduce (the device way wins by less, or loses)";
        return CostModel.Invariant($"on-device takes {factor:F2}x {direction} {what} (paper {paper}x): {claim}");
    }

    private static double Share(PhaseCost phase, WayCost way) => way.EnergyMillijoules > 0 ? phase.EnergyMillijoules / way.EnergyMillijoules : 0;

    private static bool Within(double ours, double paper) => ours >= paper / ReproductionTolerance && ours <= paper * ReproductionTolerance;
}
