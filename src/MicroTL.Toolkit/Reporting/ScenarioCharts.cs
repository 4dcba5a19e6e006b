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
            // A single run has no sd: its point gets no whisker (a zero-length one would claim no spread).
            chart.AddSeries(MethodNames[m], ks, [.. v.Select(s => Percent(s.Mean, s))],
                [.. v.Select(s => s.Count < 2 ? double.NaN : Percent(s.Mean - s.Sd, s))], [.. v.Select(s => s.Count < 2 ? double.NaN : Percent(s.Mean + s.Sd, s))]);
        }

        if (Classes(result) is int classes) chart.AddReferenceLine($"chance 1/{classes}", 100.0 / classes);
        return chart;
    }

    /// <summary>
    /// Mean accuracy (%) per epoch, one curve per K in shades of one hue (ordered like K, and unlike the methods' colours), from
    /// <paramref name="curve"/> of each row. Runs stop early, so later epochs average fewer runs: each curve ends at the last epoch
    /// that at least half of its K's runs reached (<see cref="LastWellSampledEpoch"/>), and its legend says how many runs it has.
    /// </summary>
    public static SvgLineChart PerEpoch(ScenarioResult result, string title, string yLabel, Func<ScenarioRow, IReadOnlyList<EpochSummary>> curve)
    {
        var chart = new SvgLineChart(title) { XLabel = "epoch", YLabel = yLabel, SeriesColours = Palette.Sequential(result.Rows.Count) };
        foreach (ScenarioRow row in result.Rows)
        {
            IReadOnlyList<EpochSummary> epochs = curve(row);
            int last = LastWellSampledEpoch(epochs, row.Runs);
            EpochSummary[] drawn = [.. epochs.Where(e => e.Epoch <= last)];
            chart.AddSeries(Legend(row, drawn), drawn.Select(e => ((double)e.Epoch, Percent(e.Accuracy.Mean, e.Accuracy))));
        }

        if (Classes(result) is int classes) chart.AddReferenceLine($"chance 1/{classes}", 100.0 / classes);
        return chart;
    }

    /// <summary>
    /// The last epoch of <paramref name="epochs"/> whose mean is over at least half of the <paramref name="runs"/> runs (and at
    /// least one): past it a curve is the mean of one or two runs that happened to go on, and would read as a plateau. 0 for none.
    /// </summary>
    public static int LastWellSampledEpoch(IReadOnlyList<EpochSummary> epochs, int runs)
    {
        int needed = Math.Max(1, (runs + 1) / 2);
        return epochs.Where(e => e.Accuracy.Count >= needed).Select(e => e.Epoch).DefaultIfEmpty(0).Max();
    }

    /// <summary>"K = 5 (3 runs)", or where later epochs of the curve average fewer runs, "K = 5 (3 runs; 2 after epoch 14)".</summary>
    private static string Legend(ScenarioRow row, EpochSummary[] drawn)
    {
        string legend = $"K = {row.SamplesPerClass} ({Markup.Count(row.Runs, "run")}";
        int fewest = drawn.Length == 0 ? row.Runs : drawn.Min(e => e.Accuracy.Count);
        if (fewest < row.Runs)
        {
            int allUntil = drawn.TakeWhile(e => e.Accuracy.Count >= row.Runs).Select(e => e.Epoch).DefaultIfEmpty(0).Max();
            legend += $"; {fewest} after epoch {allUntil}";
        }

        return legend + ")";
    }

    /// <summary>The device's class count (the same in every run of a scenario), or null without runs.</summary>
    internal static int? Classes(ScenarioResult result) => result.Runs.Count == 0 ? null : result.Runs[0].Result.Outcome.Head.Classes;

    private static double Percent(double fraction, MeanSd of) => of.Count == 0 ? double.NaN : 100 * fraction;
}
