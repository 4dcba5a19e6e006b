using MicroTL.Budget;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>The base model as a device would see it after deployment (the facts <c>microtl inspect</c> prints).</summary>
/// <param name="ModelBytes">Bytes of the int8 .tflite (flash).</param>
/// <param name="ArenaBytes">Inference arena (RAM): activations, scratch and the operators' persistent data.</param>
/// <param name="MacsPerInference">int8 multiply-accumulates of one inference.</param>
/// <param name="Operators">Operators of the model.</param>
public sealed record DeployedModelFacts(int ModelBytes, long ArenaBytes, long MacsPerInference, int Operators);

/// <summary>The pretraining of the demo.</summary>
/// <param name="FloatAccuracy">Float accuracy on the held-out subjects.</param>
/// <param name="Int8Accuracy">int8 accuracy on the held-out subjects.</param>
/// <param name="TrainWindows">Training windows.</param>
/// <param name="TestWindows">Held-out windows.</param>
/// <param name="TestSubjects">Held-out subjects.</param>
/// <param name="History">Loss and training accuracy per epoch.</param>
public sealed record DemoPretraining(double FloatAccuracy, double Int8Accuracy, int TrainWindows, int TestWindows, IReadOnlyList<int> TestSubjects,
    IReadOnlyList<EpochProgress> History);

/// <summary>Host wall-clock seconds of the demo's phases (not part of any reproducible comparison).</summary>
public sealed record DemoTiming(double PretrainSeconds, double TransferSeconds, double TotalSeconds);

/// <summary>The demo's run priced by the cost model on the chosen profile: an estimate, not a measurement on hardware.</summary>
/// <param name="Comparison">Time and energy of the device way and the cloud way, per phase.</param>
/// <param name="BreakEven">Ratios against link throughput, samples and epochs on the same profile, and where they cross 1.</param>
public sealed record DemoEnergy(EnergyComparison Comparison, BreakEvenAnalysis BreakEven)
{
    /// <summary>
    /// The same run priced with the profile's datasheet estimates for collection and training (the cycles per operation
    /// that optimized kernels such as CMSIS-NN's are estimated to take), when <see cref="Comparison"/> used the emulated
    /// firmware's instruction counts instead (our own C kernels); null when the profile carries no such calibration.
    /// </summary>
    public EnergyComparison? DatasheetKernels { get; init; }

    /// <summary>The sweep of <paramref name="parameter"/>, or null when it was left out (<see cref="BreakEvenAnalysis.Omitted"/>).</summary>
    public BreakEvenSweep? Sweep(SweepParameter parameter) => BreakEven.Sweeps.FirstOrDefault(s => s.Parameter == parameter);

    /// <summary>
    /// Where the energy ratio of the <paramref name="parameter"/> sweep crosses 1, in the sweep's unit divided by <paramref name="divisor"/>
    /// (e.g. 1000 and "kbit/s"); without a crossing, which way wins over the whole sweep and its range of ratios.
    /// </summary>
    public string EnergyBreakEvenText(SweepParameter parameter, double divisor = 1, string unit = "")
    {
        if (Sweep(parameter) is not { } sweep) return "n/a (" + BreakEven.Omitted + ")";
        string suffix = unit.Length > 0 ? " " + unit : "";
        if (sweep.EnergyBreakEven is { } x) return Short(x / divisor) + suffix;
        double low = sweep.Points.Min(p => p.EnergyRatio), high = sweep.Points.Max(p => p.EnergyRatio);
        string winner = low > 1 ? "the device way costs less" : "the cloud way costs less";
        return FormattableString.Invariant(
            $"none ({winner} over all of {Short(sweep.Points[0].X / divisor)}-{Short(sweep.Points[^1].X / divisor)}{suffix}: cloud / device {Short(low)}x to {Short(high)}x)");
    }

    // Three significant digits, without exponents for large values.
    private static string Short(double v) => v.ToString(v >= 100 ? "N0" : "G3", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Everything <c>microtl demo</c> measured, for the terminal summary, the JSON report, an HTML report and the energy model:
/// scenario 1 (new activities) end to end on the WISDM data (embedded, or the text files of a folder).
/// </summary>
/// <param name="Seed">The seed of every step.</param>
/// <param name="SamplesPerClass">Labelled windows per class the device collects.</param>
/// <param name="Pretrain">What the base network was trained on.</param>
/// <param name="Device">What the device learns and is tested on.</param>
/// <param name="Pretraining">Accuracies and history of the base network.</param>
/// <param name="BaseModel">The deployed base model's size, arena and work.</param>
/// <param name="DeviceMemory">The device whose RAM bounds the transfer.</param>
/// <param name="Transfer">The device's transfer with the cloud-scratch and float fine-tuning baselines and the workload.</param>
/// <param name="TrainSamples">Labelled samples the device collects.</param>
/// <param name="TestSamples">Samples every method is tested on.</param>
/// <param name="Timing">Host seconds per phase.</param>
/// <param name="Energy">The run priced on the device profile, with the break-even sweeps.</param>
public sealed record DemoResult(ulong Seed, int SamplesPerClass, DataSelection Pretrain, DataSelection Device, DemoPretraining Pretraining,
    DeployedModelFacts BaseModel, DeviceMemory DeviceMemory, TransferExperimentResult Transfer, int TrainSamples, int TestSamples, DemoTiming Timing,
    DemoEnergy Energy)
{
    /// <summary>Where the WISDM data came from: the embedded pack or the folder of text files given.</summary>
    public string DataSource { get; init; } = DemoOptions.EmbeddedDataSource;
}
