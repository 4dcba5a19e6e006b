// The demo's report.html, built from a real (reduced) demo run: every section, the charts as
// well-formed SVG carrying the run's own numbers, and a headless Chromium rendering of the file.
using System.Globalization;
using System.Text.RegularExpressions;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Tests.Experiments;

namespace MicroTL.Toolkit.Tests.Reporting;

public sealed class DemoHtmlReportTests : IDisposable
{
    private static readonly string[] Headings =
    [
        "Summary", "Data used", "Accuracy per epoch", "Memory vs device RAM", "Time and energy: device vs cloud", "Break-even", "How the energy was estimated",
    ];

    private static readonly string[] ChartTitles =
    [
        "Training accuracy per epoch (no validation split)", "Cloud from scratch: training accuracy", "RAM by component", "Time per phase", "Time on the device, by phase",
        "Energy per phase", "Energy on the device, by phase", "Cloud / device vs link throughput", "Cloud / device vs on-device epochs",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-demo-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Build_ReducedDemo_HasEverySectionAndWellFormedCharts()
    {
        string html = DemoHtmlReport.Build(ReducedDemo.Result).ToHtml();

        foreach (string heading in Headings) Assert.Contains($"<h2>{heading}</h2>", html);
        SvgDocument[] charts = Charts(html);
        Assert.Equal(ChartTitles, charts.Select(c => (string)c.Root.Element(c.Root.Name.Namespace + "title")!));
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Build_ReducedDemo_ChartsCarryTheRunsNumbers()
    {
        DemoResult demo = ReducedDemo.Result;
        SvgDocument[] charts = Charts(DemoHtmlReport.Build(demo).ToHtml());

        // Accuracy: the recipe holds no validation split, so the device head and the float head draw their training accuracy,
        // one point per epoch; the cloud's training accuracy in its own panel.
        Assert.False(DemoCharts.HasValidation(demo));
        Assert.Equal(demo.Transfer.Outcome.Training.Epochs.Count, charts[0].PolylinePoints(0).Count);
        Assert.Equal(["MicroTL head on the device", "head on float features"], charts[0].Texts("legend"));
        Assert.Equal(demo.Transfer.Cloud.History.Count, charts[1].PolylinePoints(0).Count);
        Assert.Equal(["cloud network on the uploaded windows"], charts[1].Texts("legend"));
        // Memory: the stacked total is the plan's total, against the device's RAM line.
        string total = (demo.Transfer.Outcome.Memory.TotalBytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB";
        Assert.Contains(total, charts[2].AllTexts());
        Assert.Contains(charts[2].AllTexts(), t => t.Contains("RAM 256 KB"));
        // Energy: the device and cloud totals of the comparison, and the device's alone at its own scale.
        EnergyComparison c = demo.Energy.Comparison;
        // (Written as the chart writes numbers: one decimal, a trailing zero dropped, e.g. "7 mJ".)
        Assert.Contains(Markup.Number(c.OnDevice.EnergyMillijoules, 1) + " mJ", charts[5].AllTexts());
        Assert.Contains(Markup.Number(c.Cloud.EnergyMillijoules, 1) + " mJ", charts[5].AllTexts());
        Assert.Contains(Markup.Number(c.OnDevice.EnergyMillijoules, 2) + " mJ", charts[6].AllTexts());
        Assert.DoesNotContain(charts[6].Texts("legend"), name => name is "upload" or "download" or "cloud training");
        // Break-even: every swept throughput is drawn, with ratio 1 and both of the paper's ratios as reference lines.
        Assert.Equal(demo.Energy.Sweep(SweepParameter.LinkThroughput)!.Points.Count, charts[7].PolylinePoints(0).Count);
        Assert.Equal(["break-even (ratio 1)", "paper: 3x energy", "paper: 2.8x time"], charts[7].Texts("reference-lines"));
    }

    [Fact]
    public void Build_ReducedDemo_ThroughputAxisEndsNearTheSweepAndLegendsDrawNoUnusedMarkers()
    {
        DemoResult demo = ReducedDemo.Result;
        SvgDocument sweep = Charts(DemoHtmlReport.Build(demo).ToHtml())[7];

        // The axis ends at the first 1-2-5 value past the fastest link swept (at most 2.5 times it), not at the next power of ten.
        double fastest = demo.Energy.Sweep(SweepParameter.LinkThroughput)!.Points.Max(p => p.X) / 1000;
        double lastTick = sweep.Texts("x-ticks").Select(SvgDocument.Parse).Max();
        Assert.True(lastTick <= 2.5 * fastest, $"a tick at {lastTick} kbit/s, far beyond the data's {fastest}");
        (double left, _, double right, _) = sweep.PlotArea();
        double lastPoint = sweep.PolylinePoints(0).Max(p => p.X);
        Assert.True(right - lastPoint < 0.1 * (right - left), $"the sweep ends at x = {lastPoint}, the plot at {right}");
        // Lines without markers have legend swatches without markers.
        Assert.Empty(sweep.InGroup("legend", "circle"));
        Assert.Empty(sweep.InGroup("legend", "rect"));
    }

    [Fact]
    public void Build_ReducedDemo_ProfileValuesKeepTheirDigits()
    {
        string html = DemoHtmlReport.Build(ReducedDemo.Result).ToHtml();

        Assert.Contains("<td class=\"num\">64\u2009000\u2009000</td>", html);
        Assert.Contains("<td class=\"num\">0.00316</td>", html);
        Assert.DoesNotContain(".0000</td>", html);
    }

    [ChromiumFact]
    public async Task Chromium_ReducedDemoReport_NoHorizontalOverflowAt1280()
    {
        PageLayout layout = await PageLayout.MeasureAsync(DemoHtmlReport.Build(ReducedDemo.Result).ToHtml(), _directory);

        layout.AssertNoHorizontalOverflow("demo report");
    }

    [ChromiumFact]
    public async Task Chromium_ReducedDemoReport_RendersEveryChartAndText()
    {
        string url = Write();

        (int exitCode, string dom, string errors) = await HeadlessChromium.RunAsync(url, "--dump-dom");

        Assert.True(exitCode == 0, $"chromium exit {exitCode}: {errors}");
        Assert.Equal(ChartTitles.Length, Regex.Matches(dom, "<svg[ >]").Count);
        foreach (string text in Headings.Concat(ChartTitles).Append("Energy, cloud / device").Append("MicroTL on the device"))
            Assert.Contains(text, dom);
        Assert.DoesNotContain("<script", dom);
    }

    [ChromiumFact]
    public async Task Chromium_ReducedDemoReport_ScreenshotShowsChartsDownThePage()
    {
        string url = Write();
        string png = Path.Combine(_directory, "demo.png");

        (int exitCode, _, string errors) = await HeadlessChromium.RunAsync(url, $"--screenshot={png}", "--window-size=1200,4800");

        Assert.True(exitCode == 0 && File.Exists(png), $"chromium exit {exitCode}, no screenshot: {errors}");
        PngImage image = PngImage.Decode(await File.ReadAllBytesAsync(png));
        Assert.Equal((1200, 4800), (image.Width, image.Height));
        // Each quarter of the page carries ink and the first series colour (#0072B2): no chart left blank further down.
        for (int quarter = 0; quarter < 4; quarter++)
        {
            int inked = 0, blue = 0, start = quarter * image.Height / 4, end = (quarter + 1) * image.Height / 4;
            for (int i = start * image.Width * 4; i < end * image.Width * 4; i += 4)
            {
                (int r, int g, int b) = (image.Rgba[i], image.Rgba[i + 1], image.Rgba[i + 2]);
                if (r + g + b < 600) inked++;
                if (Math.Abs(r - 0x00) <= 12 && Math.Abs(g - 0x72) <= 12 && Math.Abs(b - 0xB2) <= 12) blue++;
            }

            Assert.True(inked > 2000, $"quarter {quarter}: only {inked} inked pixels");
            Assert.True(blue > 100, $"quarter {quarter}: only {blue} pixels of #0072B2");
        }
    }

    private string Write()
    {
        string path = Path.Combine(_directory, "report.html");
        DemoHtmlReport.Build(ReducedDemo.Result).Write(path);
        return new Uri(path).AbsoluteUri;
    }

    private static SvgDocument[] Charts(string html) =>
        [.. Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => new SvgDocument(m.Value))];
}
