// A scenario pretrains for seconds before its first transfer; a device setting that cannot fit (a huge hidden layer,
// a batch beyond the RAM) should be refused before that, not after. The base network of a scenario has a fixed shape,
// so an untrained copy of it, quantized on a few seeded samples, has the same cut and head as the trained one: its
// transfer session checks the same budget in milliseconds.
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Checks a scenario's device settings against the device's budget before any pretraining.</summary>
public static class ScenarioPreflight
{
    /// <summary>
    /// Plans the transfer of the largest K of <paramref name="options"/> on an untrained base network of
    /// <paramref name="scenario"/>'s shape; throws what the real run would throw at its first transfer.
    /// </summary>
    /// <exception cref="MicroTL.Budget.BudgetExceededException">The device's job does not fit its RAM or flash.</exception>
    /// <exception cref="TransferDataException">The settings hold no record or too large a head.</exception>
    /// <exception cref="SelectionException">No K or a K below 1.</exception>
    public static void Check(Scenario scenario, ScenarioOptions options)
    {
        IReadOnlyList<int> ks = options.SamplesPerClass ?? Scenarios.DefaultSamplesPerClass(scenario);
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new SelectionException("samples per class must be 1 or more", "e.g. --samples-per-class 5,10");
        bool images = scenario == Scenario.Images;
        int baseClasses = images ? Scenarios.BaseDigits.Length : scenario == Scenario.NewActivities ? Scenarios.BaseActivities.Length : Scenarios.AllActivities.Length;
        int deviceClasses = images ? Scenarios.NewDigits.Length : Scenarios.AllActivities.Length;
        FloatNetwork network = images ? BaseNetworks.Image(baseClasses) : BaseNetworks.Motion(baseClasses);
        // A motion base carries the window statistics as head features (their constants do not change the plan).
        StatisticsScaling? statistics = !images && Pretrainer.MotionDefaults.HeadStatistics
            ? new StatisticsScaling(new float[WindowStatistics.ExtendedCount], [.. Enumerable.Repeat(1f, WindowStatistics.ExtendedCount)])
            : null;
        TfLiteModel model = Int8Quantizer.Quantize(network, Calibration(network.InputShape), new Int8QuantizationOptions { HeadStatistics = statistics }).Model;
        TransferSettings settings = options.Transfer with { Classes = deviceClasses };
        _ = new TransferSession(model, settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, ks.Max() * deviceClasses, settings) });
    }

    // Eight seeded samples in [-1, 1): enough for finite activation ranges.
    private static SampleSet Calibration(FeatureShape shape)
    {
        var random = new Random(1);
        var values = new float[8 * shape.Size];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return new SampleSet(shape, values, new int[8]);
    }
}
