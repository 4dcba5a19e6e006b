using MicroTL.Session;
using MicroTL.Training;

namespace MicroTL.Toolkit.Experiments;

/// <summary>Mean and sample standard deviation (n − 1; 0 for one value) of a measured quantity over runs.</summary>
public readonly record struct MeanSd(double Mean, double Sd, int Count)
{
    /// <summary>Summarises <paramref name="values"/> (non-finite values are left out).</summary>
    public static MeanSd Of(IEnumerable<double> values)
    {
        double[] v = [.. values.Where(double.IsFinite)];
        if (v.Length == 0) return new MeanSd(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new MeanSd(mean, sd, v.Length);
    }
}

/// <summary>One transfer of a scenario: a seed, a K and (personalisation) a subject.</summary>
/// <param name="Seed">Seed of pretraining, the K-shot choice and the transfer.</param>
/// <param name="SamplesPerClass">K.</param>
/// <param name="Subject">The adapted subject (personalisation), else null.</param>
/// <param name="PretrainFloatAccuracy">The base network's float accuracy on its held-out data.</param>
/// <param name="PretrainInt8Accuracy">The base network's int8 accuracy on its held-out data.</param>
/// <param name="Result">The transfer and its baselines.</param>
public sealed record ScenarioRun(ulong Seed, int SamplesPerClass, int? Subject, double PretrainFloatAccuracy, double PretrainInt8Accuracy,
    TransferExperimentResult Result)
{
    /// <summary>(a) the base model unchanged on the test set.</summary>
    public double BaseAccuracy => Result.Evaluation.AccuracyBefore;

    /// <summary>(b) MicroTL on the device (the deployed model).</summary>
    public double DeviceAccuracy => Result.Evaluation.AccuracyAfter;

    /// <summary>(c) the cloud network trained from scratch, int8.</summary>
    public double CloudScratchAccuracy => Result.Cloud.Int8Accuracy;

    /// <summary>(d) the head trained on float features.</summary>
    public double FloatFineTuneAccuracy => Result.FloatFineTune?.Accuracy ?? double.NaN;

    /// <summary>(e) the classical baseline, a random forest on window statistics (NaN where it does not apply: images).</summary>
    public double ClassicalAccuracy => Result.Classical?.Accuracy ?? double.NaN;
}

/// <summary>The summary of one K over seeds (and subjects).</summary>
public sealed record ScenarioRow(int SamplesPerClass, MeanSd Base, MeanSd Device, MeanSd CloudScratch, MeanSd FloatFineTune, MeanSd Epochs,
    IReadOnlyDictionary<string, int> StopReasons, long MemoryTotalBytes, MeanSd TrainingMultiplyAdds, MeanSd CollectionMultiplyAdds, int Runs)
{
    /// <summary>The classical baseline (random forest on window statistics); n = 0 where it does not apply (images).</summary>
    public MeanSd Classical { get; init; } = new(double.NaN, double.NaN, 0);

    /// <summary>The device head's validation accuracy per epoch over the runs.</summary>
    public IReadOnlyList<EpochSummary> DevicePerEpoch { get; init; } = [];

    /// <summary>The float fine-tune's validation accuracy per epoch over the runs.</summary>
    public IReadOnlyList<EpochSummary> FloatFineTunePerEpoch { get; init; } = [];

    /// <summary>The cloud network's float test accuracy per epoch over the runs (empty unless <see cref="ScenarioOptions.CloudTestEachEpoch"/>).</summary>
    public IReadOnlyList<EpochSummary> CloudScratchPerEpoch { get; init; } = [];
}

/// <summary>Everything a scenario run measured.</summary>
/// <param name="Scenario">Which scenario.</param>
/// <param name="Rows">One row per K, in the order asked.</param>
/// <param name="Runs">Every transfer, in run order.</param>
/// <param name="ElapsedSeconds">Host wall-clock seconds of the whole run.</param>
public sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<ScenarioRow> Rows, IReadOnlyList<ScenarioRun> Runs, double ElapsedSeconds)
{
    /// <summary>The settings the scenario ran with (null when built by hand).</summary>
    public ScenarioOptions? Options { get; init; }

    /// <summary>Summarises <paramref name="runs"/> per K.</summary>
    public static IReadOnlyList<ScenarioRow> Summarise(IReadOnlyList<ScenarioRun> runs, IReadOnlyList<int> samplesPerClass) =>
        [.. samplesPerClass.Select(k =>
        {
            ScenarioRun[] r = [.. runs.Where(x => x.SamplesPerClass == k)];
            TransferOutcome[] o = [.. r.Select(x => x.Result.Outcome)];
            return new ScenarioRow(k,
                MeanSd.Of(r.Select(x => x.BaseAccuracy)), MeanSd.Of(r.Select(x => x.DeviceAccuracy)),
                MeanSd.Of(r.Select(x => x.CloudScratchAccuracy)), MeanSd.Of(r.Select(x => x.FloatFineTuneAccuracy)),
                MeanSd.Of(o.Select(x => (double)x.Training.EpochsRun)),
                o.GroupBy(x => x.Training.Reason.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                o.Length == 0 ? 0 : o.Max(x => x.Memory.TotalBytes),
                MeanSd.Of(o.Select(x => (double)x.Training.Ops.TotalMultiplyAdds)),
                MeanSd.Of(o.Select(x => (double)x.CollectionMacs.Values.Sum())),
                r.Length)
            {
                Classical = MeanSd.Of(r.Select(x => x.ClassicalAccuracy)),
                DevicePerEpoch = EpochSummary.Over(o.Select(x => ValidationCurve(x.Training))),
                FloatFineTunePerEpoch = EpochSummary.Over(r.Where(x => x.Result.FloatFineTune is not null).Select(x => ValidationCurve(x.Result.FloatFineTune!.Training))),
                CloudScratchPerEpoch = EpochSummary.Over(r.Select(x => x.Result.Cloud.TestAccuracyPerEpoch.Select((a, i) => (i + 1, a)))),
            };
        })];

    /// <summary>Accuracy per epoch on the validation records, or on the training records when the run held none out (the recipe).</summary>
    internal static IEnumerable<(int Epoch, double Accuracy)> ValidationCurve(TrainingResult training) =>
        training.Epochs.Any(e => double.IsFinite(e.ValidationAccuracy))
            ? training.Epochs.Select(e => (e.Epoch, e.ValidationAccuracy))
            : training.Epochs.Select(e => (e.Epoch, e.TrainAccuracy));
}
