// An example report with every chart kind, on made-up numbers: a fixed document for the renderer's
// tests (the real demo report, DemoHtmlReport, depends on a training run).
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

/// <summary>Composes a demo-shaped report from illustrative (not measured) numbers.</summary>
internal static class SampleReport
{
    private const double RamBudgetKilobytes = 256;

    /// <summary>
    /// A report with the sections "Summary", "Accuracy per epoch" (line chart), "Memory vs 256 KB"
    /// (stacked bars with a budget line), "Time and energy: device vs cloud" (grouped bars) and
    /// "Break-even" (line chart over a log-scale throughput axis).
    /// </summary>
    public static HtmlReport Build()
    {
        var report = new HtmlReport("MicroTL sample report", "Illustrative numbers, not a measurement: the layout of the demo report")
        {
            Footer = "Made by the tests' SampleReport.",
        };

        report.AddSection("Summary")
            .Paragraph("The frozen int8 body runs on the device; only the two fully connected layers of the head are retrained there.")
            .Cards(
                SummaryCard.Of("Accuracy after transfer", 91.25, 1, "%", "new user, 6 activities"),
                SummaryCard.Of("Peak RAM", 181.3, 1, "KB", "of 256 KB"),
                SummaryCard.Of("Energy on device", 412.6, 1, "mJ", "vs 1 930 mJ via the cloud"))
            .Table(new ReportTable("method", "accuracy (%)", "epochs", "RAM (KB)")
                .AddRow("no transfer (pretrained only)", 54.2, 0, 62.0)
                .AddRow("MicroTL: head on device", 91.25, 14, 181.3)
                .AddRow("cloud fine-tuning & radio", 93.1, 30, null));

        report.AddSection("Accuracy per epoch").Chart(AccuracyChart(), "Validation accuracy of each method per training epoch; the dashed line is chance (1 in 6).");
        report.AddSection("Memory vs 256 KB").Chart(MemoryChart(), "RAM per component; a bar beyond the dashed line does not fit the nRF52840.");
        report.AddSection("Time and energy: device vs cloud").Chart(TimeChart()).Chart(EnergyChart());
        report.AddSection("Break-even").Chart(BreakEvenChart(), "Energy to adapt the model against radio throughput: below the crossing, training on the device costs less.");
        return report;
    }

    private static SvgLineChart AccuracyChart()
    {
        var chart = new SvgLineChart("Validation accuracy per epoch") { XLabel = "epoch", YLabel = "accuracy" };
        int[] epochs = Enumerable.Range(1, 15).ToArray();
        chart.AddSeries("MicroTL (device)", epochs.Select(e => ((double)e, 0.91 - 0.37 * Math.Exp(-e / 3.0))));
        chart.AddSeries("cloud fine-tuning", epochs.Select(e => ((double)e, 0.93 - 0.40 * Math.Exp(-e / 2.5))));
        chart.AddSeries("no transfer", epochs.Select(e => ((double)e, 0.542)));
        chart.AddReferenceLine("chance 1/6", 1.0 / 6);
        return chart;
    }

    private static SvgBarChart MemoryChart()
    {
        var chart = new SvgBarChart("RAM by component", ["inference arena", "feature store", "head weights", "gradients & momentum"])
        {
            Orientation = BarOrientation.Horizontal, Layout = BarLayout.Stacked, ValueUnit = "KB", ValueLabel = "RAM (KB)",
        };
        chart.AddCategory("MicroTL, 2 FC layers", 62.0, 96.0, 7.8, 15.5);
        chart.AddCategory("MicroTL, last layer only", 62.0, 96.0, 0.4, 0.8);
        chart.AddCategory("full backprop (float)", 62.0, 0, 180.0, 360.0);
        chart.AddReferenceLine("256 KB", RamBudgetKilobytes);
        return chart;
    }

    private static SvgBarChart TimeChart()
    {
        var chart = new SvgBarChart("Time per phase", ["device", "cloud"]) { ValueUnit = "s", ValueLabel = "seconds" };
        chart.AddCategory("feature extraction", 38.0, 0.4);
        chart.AddCategory("training", 21.5, 2.1);
        chart.AddCategory("radio (upload & download)", 0, 64.0);
        return chart;
    }

    private static SvgBarChart EnergyChart()
    {
        var chart = new SvgBarChart("Energy by phase", ["feature extraction", "training", "radio"])
        {
            Layout = BarLayout.Stacked, ValueUnit = "mJ", ValueLabel = "energy (mJ)", ValueFractionDigits = 0,
        };
        chart.AddCategory("device", 266.0, 146.6, 0);
        chart.AddCategory("cloud", 0, 0, 1930.0);
        return chart;
    }

    private static SvgLineChart BreakEvenChart()
    {
        var chart = new SvgLineChart("Energy to adapt vs radio throughput") { XLabel = "throughput (kbit/s, log scale)", YLabel = "energy (mJ)", LogX = true, ShowMarkers = false };
        double[] throughputs = Enumerable.Range(0, 25).Select(i => Math.Pow(10, 1 + i * 0.125)).ToArray();
        chart.AddSeries("on device", throughputs.Select(t => (t, 412.6)));
        chart.AddSeries("via the cloud", throughputs.Select(t => (t, 40 + 20_000 / t)));
        return chart;
    }
}
