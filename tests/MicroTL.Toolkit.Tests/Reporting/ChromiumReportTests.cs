// The browser check: a real engine (headless Chromium) loads a report with every chart kind;
// its DOM must hold the charts and texts, and its screenshot must show them (not a blank page).
using System.Text.RegularExpressions;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public sealed class ChromiumReportTests : IDisposable
{
    private const string Nasty = "<script>document.title='hacked'</script> & radio";
    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-report-browser-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [ChromiumFact]
    public async Task DumpDom_ReportWithEveryChartKind_HasTheSvgsAndTexts()
    {
        string url = WriteReport();

        (int exitCode, string dom, string errors) = await HeadlessChromium.RunAsync(url, "--dump-dom");

        Assert.True(exitCode == 0, $"chromium exit {exitCode}: {errors}");
        Assert.Equal(6, Regex.Matches(dom, "<svg[ >]").Count);
        foreach (string text in new[]
        {
            "MicroTL sample report", "Accuracy per epoch", "Memory vs 256 KB", "Time and energy: device vs cloud", "Break-even",
            "Validation accuracy per epoch", "MicroTL (device)", "chance 1/6", "256 KB", "gradients &amp; momentum", "Energy by phase",
            "throughput (kbit/s, log scale)", "91.3 %",
        })
        {
            Assert.Contains(text, dom);
        }

        // The script-looking label arrived as text: the parser built no script element from it.
        Assert.Contains("&lt;script&gt;document.title='hacked'&lt;/script&gt; &amp; radio", dom);
        Assert.DoesNotContain("<script", dom);
        Assert.Contains("<title>MicroTL sample report</title>", dom);
    }

    [ChromiumFact]
    public async Task Screenshot_ReportWithEveryChartKind_IsAVariedImage()
    {
        string url = WriteReport();
        string png = Path.Combine(_directory, "out.png");

        (int exitCode, _, string errors) = await HeadlessChromium.RunAsync(url, $"--screenshot={png}", "--window-size=1200,2000");

        Assert.True(exitCode == 0 && File.Exists(png), $"chromium exit {exitCode}, no screenshot: {errors}");
        byte[] file = await File.ReadAllBytesAsync(png);
        Assert.True(file.Length > 30_000, $"screenshot is only {file.Length} bytes");
        PngImage image = PngImage.Decode(file);
        Assert.Equal((1200, 2000), (image.Width, image.Height));

        var colours = new HashSet<int>();
        int inked = 0, blue = 0;
        for (int i = 0; i < image.Rgba.Length; i += 4)
        {
            (int r, int g, int b) = (image.Rgba[i], image.Rgba[i + 1], image.Rgba[i + 2]);
            colours.Add((r << 16) | (g << 8) | b);
            if (r + g + b < 600) inked++;
            if (Math.Abs(r - 0x00) <= 12 && Math.Abs(g - 0x72) <= 12 && Math.Abs(b - 0xB2) <= 12) blue++;
        }

        int pixels = image.Width * image.Height;
        Assert.True(colours.Count > 100, $"only {colours.Count} colours: the page did not render");
        Assert.True(inked > pixels / 100, $"only {inked} of {pixels} pixels carry ink");
        Assert.True(blue > 500, $"only {blue} pixels of the first series colour #0072B2: the charts did not render");
    }

    /// <summary>The sample report plus the one chart kind it lacks (grouped horizontal bars), with a hostile label.</summary>
    private string WriteReport()
    {
        HtmlReport report = SampleReport.Build();
        var grouped = new SvgBarChart("Energy per phase (horizontal)", ["device", Nasty]) { Orientation = BarOrientation.Horizontal, ValueUnit = "mJ" };
        grouped.AddCategory("feature extraction", 266, 0).AddCategory("training", 146.6, 12).AddCategory("radio", 0, 1930);
        report.AddSection("Grouped horizontal bars").Chart(grouped, Nasty);
        string path = Path.Combine(_directory, "report.html");
        report.Write(path);
        return new Uri(path).AbsoluteUri;
    }
}
