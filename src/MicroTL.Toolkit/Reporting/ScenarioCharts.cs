// The charts of an experiment report, each from the scenario's own rows: accuracy vs K of the
// methods with ± sd whiskers, and the mean accuracy per epoch (one curve per K) for early stopping.
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Charts of <see cref="ScenarioHtmlReport"/>.</summary>
public static class ScenarioCharts
{
    /// <summary>The methods' names, in the order of the table and the legend (the classical baseline last).</summary>
    public static readonly string[] MethodNames = ["base unchanged", "MicroTL device", "cloud scratch", "float fine-tune", "classical"];

    /// <summary>Test accuracy (%) vs K of the four methods: mean over the runs, whiskers at mean ± sd; chance as a line.</summary>
    public static SvgLineChart AccuracyVsSamples(ScenarioResult result)
    {
        double[] ks = [.. result.Rows.Select(r => (double)r.SamplesPerClass)];
        // K usually grows by factors (5, 10, 20, 50): a log axis spaces them evenly.
        bool logX = ks.Length > 1 && ks.Min() > 0 && ks.Max() / ks.Min() >= 4;
        var chart = new SvgLineChart("Test accuracy vs labelled samples per class")
        {
            XLabel = logX ? "labelled samples per class K (log scale)" : "labelled samples per class K",
            YLabel = "test accuracy (%)", LogX = logX, DodgePixels = 6,
        };
        Func<ScenarioRow, MeanSd>[] methods = [r => r.Base, r => r.Device, r => r.CloudScratch, r => r.FloatFineTune, r => r.Classical];
        for (int m = 0; m < methods.Length; m++)
        {
            MeanSd[] v = [.. result.Rows.Select(methods[m])];
            if (v.All(s => s.Count == 0)) continue; // the classical baseline does not run on images
            chart.AddSeries(MethodNames[m], ks, [.. v.Select(s => Percent(s.Mean, s))],
                [.. v.Select(s => Percent(s.Mean - s.Sd, s))], [.. v.Select(s => Percent(s.Mean + s.Sd, s))]);
        }

        if (Classes(result) is int classes) chart.AddReferenceLine($"chance 1/{classes}", 100.0 / classes);
        return chart;
    }

    /// <summary>Mean accuracy (%) per epoch, one curve per K, from <paramref name="curve"/> of each row (its mean over the runs that reached the epoch).</summary>
    public static SvgLineChart PerEpoch(ScenarioResult result, string title, string yLabel, Func<ScenarioRow, IReadOnlyList<EpochSummary>> curve)
    {
        var chart = new SvgLineChart(title) { XLabel = "epoch", YLabel = yLabel };
        foreach (ScenarioRow row in result.Rows)
        {
            IReadOnlyList<EpochSummary> epochs = curve(row);
            chart.AddSeries($"K = {row.SamplesPerClass}", epochs.Select(e => ((double)e.Epoch, Percent(e.Accuracy.Mean, e.Accuracy))));
        }

        if (Classes(result) is int classes) chart.AddReferenceLine($"chance 1/{classes}", 100.0 / classes);
        return chart;
    }

    /// <summary>The device's class count (the same in every run of a scenario), or null without runs.</summary>
    internal static int? Classes(ScenarioResult result) => result.Runs.Count == 0 ? null : result.Runs[0].Result.Outcome.Head.Classes;

    private static double Percent(double fraction, MeanSd of) => of.Count == 0 ? double.NaN : 100 * fraction;
}
