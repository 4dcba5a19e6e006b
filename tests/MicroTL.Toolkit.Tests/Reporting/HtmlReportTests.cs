// The HTML report: every text escaped, numbers invariant, one self-contained file (no scripts, no
// external resources), tables aligned by content, written atomically.
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public class HtmlReportTests
{
    private const string Nasty = "<script>alert(1)</script> & co";
    private const string NastyEscaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co";

    [Fact]
    public void ToHtml_SampleReport_HasEverySectionAndWellFormedCharts()
    {
        string html = SampleReport.Build().ToHtml();

        foreach (string heading in new[] { "Summary", "Accuracy per epoch", "Memory vs 256 KB", "Time and energy: device vs cloud", "Break-even" })
        {
            Assert.Contains($"<h2>{heading}</h2>", html);
        }

        string[] svgs = Svgs(html);
        Assert.Equal(5, svgs.Length);
        Assert.All(svgs, svg => XDocument.Parse(svg));
        Assert.StartsWith("<!DOCTYPE html>", html);
    }

    [Fact]
    public void ToHtml_MarkupInEveryTextField_EscapedEverywhere()
    {
        var report = new HtmlReport(Nasty, Nasty) { Footer = Nasty };
        var table = new ReportTable(Nasty, "n") { Caption = Nasty }.AddRow(Nasty, 1);
        var chart = new SvgBarChart(Nasty, [Nasty]).AddCategory(Nasty, 1);
        report.AddSection(Nasty).Paragraph(Nasty).Cards(new SummaryCard(Nasty, Nasty, Nasty)).Table(table).Chart(chart, Nasty);
        report.AddSection("b");
        report.AddSection("c");

        string html = report.ToHtml();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // title, h1, subtitle, contents entry, h2, paragraph, 3 card fields, caption, header, cell,
        // figcaption, footer; the chart's title (svg title, aria-label, heading, tooltip), legend and category.
        Assert.True(Regex.Matches(html, Regex.Escape(NastyEscaped)).Count >= 17, html);
    }

    [Fact]
    public void ToHtml_Always_SelfContainedWithoutScriptsOrExternalResources()
    {
        string html = SampleReport.Build().ToHtml();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(Regex.Matches(html, "https?://[^\"]*"), match => Assert.Equal("http://www.w3.org/2000/svg", match.Value));
        Assert.Contains("Content-Security-Policy", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public void ToHtml_CommaDecimalCulture_InvariantNumbersInTablesCardsAndCharts()
    {
        string german;
        using (new CommaDecimalCulture()) german = SampleReport.Build().ToHtml();
        string invariant = SampleReport.Build().ToHtml();

        Assert.Equal(invariant, german);
        Assert.Contains(">91.25<", german);
        Assert.Contains(">181.3 KB<", german);
        Assert.DoesNotContain("91,25", german);
    }

    [Fact]
    public void ReportTable_NumericColumns_RightAlignedAndFormatted()
    {
        var table = new ReportTable("name", "bytes", "accuracy", "mixed") { FractionDigits = 3 };
        table.AddRow("a", 262144, 0.87654, "n/a").AddRow("b", null, 1.0, 2.5).SetFractionDigits(2, 1);

        string html;
        using (new CommaDecimalCulture()) html = table.ToHtml();

        Assert.Contains("<th>name</th><th class=\"num\">bytes</th><th class=\"num\">accuracy</th><th>mixed</th>", html);
        Assert.Contains("<td>a</td><td class=\"num\">262\u2009144</td><td class=\"num\">0.9</td><td>n/a</td>", html);
        Assert.Contains("<td>b</td><td class=\"num\"></td><td class=\"num\">1.0</td><td>2.500</td>", html);
    }

    [Fact]
    public void ReportTable_RowOfWrongLength_ThrowsNamingTheCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReportTable("a", "b").AddRow(1, 2, 3));
        Assert.Contains("3 cells but the table has 2 columns", error.Message);
    }

    [Fact]
    public void ReportSection_TableFilledAfterAdding_RendersItsRows()
    {
        var report = new HtmlReport("t");
        var table = new ReportTable("x");
        report.AddSection("s").Table(table);
        table.AddRow("late row");

        Assert.Contains("<td>late row</td>", report.ToHtml());
    }

    [Fact]
    public void ToHtml_FewSections_NoContentsList()
    {
        var report = new HtmlReport("t");
        report.AddSection("only");

        Assert.DoesNotContain("<nav>", report.ToHtml());
        Assert.Contains("<nav>", SampleReport.Build().ToHtml());
    }

    [Fact]
    public void Write_ExistingFile_ReplacedWithTheDocumentAndNoTemporaryLeft()
    {
        string directory = Directory.CreateTempSubdirectory("microtl-report-").FullName;
        try
        {
            string path = Path.Combine(directory, "report.html");
            File.WriteAllText(path, "old");
            HtmlReport report = SampleReport.Build();

            report.Write(path);

            Assert.Equal(report.ToHtml(), File.ReadAllText(path));
            Assert.Equal(["report.html"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] Svgs(string html) =>
        Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(match => match.Value).ToArray();

    [Fact]
    public void ReportTable_LongUnbrokenCell_MayBreakAnywhereOtherCellsNot()
    {
        var table = new ReportTable("field", "source");
        table.AddRow("radioTxMilliamps", "Product Specification (https://docs.nordicsemi.com/r/bundle/ps_nrf52840/page/_tmp/nrf52840.html)");
        table.AddRow("clockHz", "a short source");

        string html = table.ToHtml();

        Assert.Single(Regex.Matches(html, "<td class=\"break\">"));
        Assert.Contains("<td>clockHz</td>", html);
        Assert.Contains("td.break { overflow-wrap: anywhere; }", new HtmlReport("t").ToHtml());
    }

    [Fact]
    public void ReportTable_SignificantDigitsColumn_FormatsEachValueToItsDigits()
    {
        var table = new ReportTable("value", "unit").SetSignificantDigits(0, 6);
        table.AddRow(64_000_000.0, "Hz").AddRow(0.00316, "mA");

        string html = table.ToHtml();

        Assert.Contains("<td class=\"num\">64\u2009000\u2009000</td>", html);
        Assert.Contains("<td class=\"num\">0.00316</td>", html);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.SetSignificantDigits(2, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.SetSignificantDigits(0, 0));
    }

    [Fact]
    public void ReportSection_ChartRow_PutsTheChartsInOneFigureWithOneCaption()
    {
        var report = new HtmlReport("t");
        report.AddSection("s").ChartRow("both panels", new SvgLineChart("left"), new SvgLineChart("right"));

        string html = report.ToHtml();

        Match figure = Regex.Match(html, "<figure class=\"chart-row\">(.*?)</figure>", RegexOptions.Singleline);
        Assert.True(figure.Success);
        Assert.Equal(2, Regex.Matches(figure.Value, "<svg ").Count);
        Assert.Contains("<figcaption>both panels</figcaption>", figure.Value);
    }
}
