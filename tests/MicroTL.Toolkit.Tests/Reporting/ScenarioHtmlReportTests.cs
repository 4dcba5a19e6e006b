// The experiment's HTML report, built from a real (reduced) scenario run: every section, the three
// charts as well-formed SVG with the methods and K values as series, no external resource, and a
// headless Chromium rendering of the file.
using System.Text.RegularExpressions;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Tests.Experiments;

namespace MicroTL.Toolkit.Tests.Reporting;

public sealed class ScenarioHtmlReportTests : IDisposable
{
    private static readonly string[] Headings = ["Settings", "Accuracy vs K", "Accuracy per epoch", "Device memory, work and stopping"];

    private static readonly string[] ChartTitles =
        ["Test accuracy vs labelled samples per class", "MicroTL device: accuracy per epoch", "Cloud scratch: test accuracy per epoch"];

    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-scenario-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Build_ReducedScenario_HasEverySectionChartAndSeries()
    {
        string html = ScenarioHtmlReport.Build(ReducedScenario.Result).ToHtml();

        foreach (string heading in Headings) Assert.Contains($"<h2>{heading}</h2>", html);
        SvgDocument[] charts = Charts(html);
        Assert.Equal(ChartTitles, charts.Select(c => (string)c.Root.Element(c.Root.Name.Namespace + "title")!));
        Assert.Equal(ScenarioCharts.MethodNames, charts[0].Texts("legend"));
        Assert.Equal(["K = 5 (1 run)", "K = 10 (1 run)"], charts[1].Texts("legend"));
        Assert.Equal(["K = 5 (1 run)", "K = 10 (1 run)"], charts[2].Texts("legend"));
        // Accuracy vs K: one point per K for each method; one run per K has no sd, so no whisker.
        Assert.Equal(2, charts[0].PolylinePoints(1).Count);
        Assert.Empty(charts[0].InGroup("whiskers", "line"));
        Assert.Contains("chance 1/6", charts[0].Texts("reference-lines"));
        // Per epoch: one point per epoch of the device's run at K = 5.
        Assert.Equal(ReducedScenario.Result.Rows[0].DevicePerEpoch.Count, charts[1].PolylinePoints(0).Count);
        string ram = Markup.Fixed(ReducedScenario.Result.Rows[0].MemoryTotalBytes, 0); // as the table writes it: "59 926"
        foreach (string text in new[] { "seeds", "FixedEpochs", "optimizer steps", ram, "kept epoch", "classical baseline" }) Assert.Contains(text, html);
        // One run per K: means without "± 0.0", and the caption says why.
        Assert.DoesNotContain("±\u00A00.0", html);
        Assert.Contains(MeanSdText.SingleRunNote, html);
    }

    [Fact]
    public void Build_SeveralRuns_MeanAndSdStayOnOneLineAndKCurvesTakeShadesNotMethodColours()
    {
        ScenarioResult r = ReducedScenario.Result;
        // Two runs per K: the second a copy of the first at another seed is enough for the layout.
        ScenarioRun[] runs = [.. r.Runs, .. r.Runs.Select(run => run with { Seed = run.Seed + 1 })];
        var twice = r with { Runs = runs, Rows = ScenarioResult.Summarise(runs, [.. r.Rows.Select(row => row.SamplesPerClass)]) };
        string html = ScenarioHtmlReport.Build(twice).ToHtml();
        SvgDocument[] charts = Charts(html);

        Assert.Matches("\\d\u00A0±\u00A0\\d", html); // no-break spaces: "19.4 ± 11.8" never wraps inside its cell
        string[] methodColours = [.. Enumerable.Range(0, ScenarioCharts.MethodNames.Length).Select(Palette.Colour)];
        string[] kColours = [.. charts[1].All("polyline").Select(line => (string)line.Attribute("stroke")!)];
        Assert.Equal(2, kColours.Distinct().Count());
        Assert.Empty(kColours.Intersect(methodColours));
    }

    [Fact]
    public void PerEpoch_TailReachedByFewRuns_IsCutWhereFewerThanHalfTheRunsGoOn()
    {
        EpochSummary[] epochs = [.. Enumerable.Range(1, 10).Select(e => new EpochSummary(e, new MeanSd(0.5, 0.1, e <= 6 ? 5 : e <= 8 ? 3 : 1)))];

        Assert.Equal(8, ScenarioCharts.LastWellSampledEpoch(epochs, 5));
        Assert.Equal(10, ScenarioCharts.LastWellSampledEpoch(epochs, 1));
        Assert.Equal(0, ScenarioCharts.LastWellSampledEpoch([], 3));

        // In the chart: 8 points, and the legend says from which epoch fewer runs go on.
        ScenarioResult r = ReducedScenario.Result;
        var fiveRuns = r with { Rows = [r.Rows[0] with { Runs = 5 }] };
        var chart = new SvgDocument(ScenarioCharts.PerEpoch(fiveRuns, "t", "y", _ => epochs).ToSvg());
        Assert.Equal(8, chart.PolylinePoints(0).Count);
        Assert.Equal(["K = 5 (5 runs; 3 after epoch 6)"], chart.Texts("legend"));
    }

    [ChromiumFact]
    public async Task Chromium_ReducedScenarioReport_NoHorizontalOverflowAt1280()
    {
        PageLayout layout = await PageLayout.MeasureAsync(ScenarioHtmlReport.Build(ReducedScenario.Result).ToHtml(), _directory);

        layout.AssertNoHorizontalOverflow("experiment report");
    }

    [Fact]
    public void Build_ReducedScenario_SelfContained()
    {
        string html = ScenarioHtmlReport.Build(ReducedScenario.Result).ToHtml();

        Assert.Empty(Regex.Matches(html, @"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("url(", html);
    }

    [Fact]
    public void Build_CloudCurveNotRecorded_SaysHowToGetIt()
    {
        ScenarioResult r = ReducedScenario.Result;
        var without = r with { Rows = [.. r.Rows.Select(row => row with { CloudScratchPerEpoch = [] })] };

        string html = ScenarioHtmlReport.Build(without).ToHtml();

        Assert.Equal(2, Charts(html).Length);
        Assert.Contains("--cloud-test-per-epoch", html);
    }

    [ChromiumFact]
    public async Task Chromium_ReducedScenarioReport_RendersChartsAndTexts()
    {
        string path = Path.Combine(_directory, "experiment.html");
        ScenarioHtmlReport.Build(ReducedScenario.Result).Write(path);
        string png = Path.Combine(_directory, "experiment.png");

        (int exitCode, string dom, string errors) = await HeadlessChromium.RunAsync(new Uri(path).AbsoluteUri, "--dump-dom");
        (int shotExit, _, string shotErrors) = await HeadlessChromium.RunAsync(new Uri(path).AbsoluteUri, $"--screenshot={png}", "--window-size=1100,2600");

        Assert.True(exitCode == 0, $"chromium exit {exitCode}: {errors}");
        Assert.Equal(ChartTitles.Length, Regex.Matches(dom, "<svg[ >]").Count);
        foreach (string text in Headings.Concat(ChartTitles).Concat(ScenarioCharts.MethodNames).Append("K = 10")) Assert.Contains(text, dom);
        Assert.True(shotExit == 0 && File.Exists(png), $"chromium exit {shotExit}, no screenshot: {shotErrors}");
        PngImage image = PngImage.Decode(await File.ReadAllBytesAsync(png));
        int blue = 0, orange = 0, green = 0;
        for (int i = 0; i < image.Rgba.Length; i += 4)
        {
            (int r, int g, int b) = (image.Rgba[i], image.Rgba[i + 1], image.Rgba[i + 2]);
            if (Math.Abs(r - 0x00) <= 12 && Math.Abs(g - 0x72) <= 12 && Math.Abs(b - 0xB2) <= 12) blue++;
            if (Math.Abs(r - 0xE6) <= 12 && Math.Abs(g - 0x9F) <= 12 && Math.Abs(b - 0x00) <= 12) orange++;
            if (Math.Abs(r - 0x00) <= 12 && Math.Abs(g - 0x9E) <= 12 && Math.Abs(b - 0x73) <= 12) green++;
        }

        // The first three series colours (#0072B2, #E69F00, #009E73) are drawn: the charts rendered, not just their frames.
        // The device's line (orange) may run under the float fine-tune's where their accuracies agree, and the cloud's (green) is
        // dotted: their markers and dashes still show.
        Assert.True(blue > 300 && orange > 100 && green > 100, $"only {blue} blue, {orange} orange and {green} green pixels");
    }

    private static SvgDocument[] Charts(string html) =>
        [.. Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(m => new SvgDocument(m.Value))];
}
