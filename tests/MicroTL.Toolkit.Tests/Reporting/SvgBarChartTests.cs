// The bar chart: stacks that add up (in pixels and in their total labels), grouped bars side by
// side, both orientations inside the plot, reference lines on the axis, degenerate data.
using System.Globalization;
using System.Xml.Linq;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public class SvgBarChartTests
{
    [Fact]
    public void ToSvg_StackedVertical_SegmentsTouchAndReachTheTotal()
    {
        var chart = new SvgBarChart("RAM", ["arena", "features", "head"]) { Layout = BarLayout.Stacked, ValueUnit = "KB" };
        chart.AddCategory("MicroTL", 62, 96.5, 23.25).AddCategory("last layer", 62, 96.5, 1.2);

        var svg = new SvgDocument(chart.ToSvg());
        List<XElement> bars = Bars(svg, category: 0);
        (_, double top, _, double bottom) = svg.PlotArea();

        Assert.Equal(3, bars.Count);
        Assert.Equal(bottom, Bottom(bars[0]), 0.02);
        Assert.Equal(Top(bars[0]), Bottom(bars[1]), 0.02);
        Assert.Equal(Top(bars[1]), Bottom(bars[2]), 0.02);
        double pixelsPerUnit = bars.Sum(bar => SvgDocument.Number(bar, "height")) / 181.75;
        Assert.Equal(pixelsPerUnit, SvgDocument.Number(bars[1], "height") / 96.5, 0.01);
        Assert.InRange(Top(bars[2]), top, bottom);
        Assert.Equal(["181.8 KB", "159.7 KB"], svg.Texts("total"));
        Assert.Equal(181.75, chart.Categories[0].Total, 1e-12);
    }

    [Fact]
    public void ToSvg_StackedWithNegativePart_GoesBelowZeroAndTotalIsNet()
    {
        var chart = new SvgBarChart("net", ["gain", "loss", "gain 2"]) { Layout = BarLayout.Stacked };
        chart.AddCategory("c", 5, -2, 3);

        var svg = new SvgDocument(chart.ToSvg());
        double[] ticks = svg.Texts("y-ticks").Select(SvgDocument.Parse).ToArray();
        List<XElement> bars = Bars(svg, category: 0);

        Assert.True(ticks.Min() <= -2 && ticks.Max() >= 8, string.Join(" ", ticks));
        Assert.Equal(Top(bars[0]), Bottom(bars[2]), 0.02);
        Assert.Equal(Bottom(bars[0]), Top(bars[1]), 0.02);
        Assert.Equal(["6"], svg.Texts("total"));
    }

    [Fact]
    public void ToSvg_GroupedVertical_BarsSideBySideWithValueLabels()
    {
        var chart = new SvgBarChart("time", ["device", "cloud"]) { ValueUnit = "s" };
        chart.AddCategory("training", 21.5, 2.1).AddCategory("radio", 0, 64);

        var svg = new SvgDocument(chart.ToSvg());
        List<XElement> bars = Bars(svg, category: 0);
        (double left, double top, double right, double bottom) = svg.PlotArea();

        Assert.Equal(2, bars.Count);
        Assert.True(SvgDocument.Number(bars[0], "x") + SvgDocument.Number(bars[0], "width") <= SvgDocument.Number(bars[1], "x"));
        Assert.All(Bars(svg), bar => Assert.True(
            SvgDocument.Number(bar, "x") >= left && SvgDocument.Number(bar, "x") + SvgDocument.Number(bar, "width") <= right
            && Top(bar) >= top && Bottom(bar) <= bottom + 0.01, bar.ToString()));
        Assert.Equal(["21.5 s", "2.1 s", "0 s", "64 s"], svg.InGroup("bar-labels", "text").Select(t => t.Value));
        Assert.Equal(["training", "radio"], svg.Texts("categories"));
    }

    [Fact]
    public void ToSvg_HorizontalStackedWithBudgetBeyondTheData_LineOnTheAxis()
    {
        var chart = new SvgBarChart("RAM", ["arena", "features"]) { Orientation = BarOrientation.Horizontal, Layout = BarLayout.Stacked };
        chart.AddCategory("a long configuration name", 62, 96).AddReferenceLine("256 KB", 256);

        var svg = new SvgDocument(chart.ToSvg());
        (double left, double top, double right, double bottom) = svg.PlotArea();
        double budgetX = SvgDocument.Number(svg.InGroup("reference-lines", "line").Single(), "x1");
        List<XElement> bars = Bars(svg, category: 0);

        Assert.True(svg.Texts("x-ticks").Select(SvgDocument.Parse).Max() >= 256);
        Assert.InRange(budgetX, left, right);
        Assert.Equal(left, SvgDocument.Number(bars[0], "x"), 0.02);
        double end = SvgDocument.Number(bars[1], "x") + SvgDocument.Number(bars[1], "width");
        Assert.True(end < budgetX, "158 KB ends left of 256 KB");
        Assert.Equal((end - left) / 158, (budgetX - left) / 256, 0.01);
        Assert.All(bars, bar => Assert.InRange(SvgDocument.Number(bar, "y"), top, bottom));
        Assert.Equal(["a long configuration name"], svg.Texts("categories"));
        Assert.Equal(["256 KB"], svg.Texts("reference-lines"));
        List<string?> groups = svg.All("g").Select(g => (string?)g.Attribute("class")).ToList();
        Assert.True(groups.IndexOf("bars") < groups.IndexOf("reference-lines") && groups.IndexOf("reference-lines") < groups.IndexOf("bar-labels"), "the budget line must pass over the bars but under their numbers");
    }

    [Fact]
    public void ToSvg_NonFiniteValue_DrawsNoBar()
    {
        var chart = new SvgBarChart("t", ["a", "b", "c"]);
        chart.AddCategory("x", 1, double.NaN, double.PositiveInfinity);

        string text = chart.ToSvg();

        Assert.Single(Bars(new SvgDocument(text)));
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("∞", text);
    }

    [Theory]
    [InlineData(BarOrientation.Vertical, BarLayout.Grouped)]
    [InlineData(BarOrientation.Horizontal, BarLayout.Stacked)]
    public void ToSvg_NoCategories_WellFormedWithNoDataNote(BarOrientation orientation, BarLayout layout)
    {
        var svg = new SvgDocument(new SvgBarChart("t", ["a"]) { Orientation = orientation, Layout = layout }.ToSvg());

        Assert.Contains("no data", svg.AllTexts());
        Assert.Empty(Bars(svg));
    }

    [Fact]
    public void ToSvg_AllZeros_UnitAxisAndZeroHeightBars()
    {
        var chart = new SvgBarChart("t", ["a", "b"]) { Layout = BarLayout.Stacked };
        chart.AddCategory("x", 0, 0);

        string text = chart.ToSvg();
        var svg = new SvgDocument(text);

        Assert.Equal(1, svg.Texts("y-ticks").Select(SvgDocument.Parse).Max());
        Assert.All(Bars(svg), bar => Assert.Equal(0, SvgDocument.Number(bar, "height")));
        Assert.DoesNotContain("NaN", text);
    }

    [Fact]
    public void ToSvg_MarkupInNames_EscapedAndReadBackVerbatim()
    {
        var chart = new SvgBarChart("<script>x</script>", ["radio & <b>cloud</b>"]);
        chart.AddCategory("a < b & c", 1);

        string text = chart.ToSvg();
        var svg = new SvgDocument(text);

        Assert.DoesNotContain("<script>", text);
        Assert.Contains("radio & <b>cloud</b>", svg.Texts("legend"));
        Assert.Contains("a < b & c", svg.Texts("categories"));
    }

    [Fact]
    public void ToSvg_CommaDecimalCulture_SameOutput()
    {
        var chart = new SvgBarChart("t", ["a", "b"]) { Layout = BarLayout.Stacked, Orientation = BarOrientation.Horizontal };
        chart.AddCategory("x", 0.25, 1.5).AddReferenceLine("r", 2.5);
        string invariant = chart.ToSvg();
        string german;
        using (new CommaDecimalCulture()) german = chart.ToSvg();

        Assert.Equal(invariant, german);
        Assert.Contains("1.8", new SvgDocument(german).Texts("total").Single());
    }

    [Fact]
    public void AddCategory_WrongNumberOfValues_ThrowsNamingTheCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new SvgBarChart("t", ["a", "b"]).AddCategory("x", 1));
        Assert.Contains("1 values but the chart has 2 series", error.Message);
    }

    [Fact]
    public void Constructor_NoSeries_Throws() => Assert.Throws<ArgumentException>(() => new SvgBarChart("t", []));

    private static List<XElement> Bars(SvgDocument svg, int? category = null) =>
        svg.InGroup("bars", "rect")
            .Where(rect => category is null || (string?)rect.Attribute("data-category") == category.Value.ToString(CultureInfo.InvariantCulture))
            .ToList();

    private static double Top(XElement rect) => SvgDocument.Number(rect, "y");

    private static double Bottom(XElement rect) => SvgDocument.Number(rect, "y") + SvgDocument.Number(rect, "height");
}
