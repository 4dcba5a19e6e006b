// The line chart: well-formed SVG, axes that cover the data, points inside the plot, and every
// degenerate input (no data, one point, NaN, constant, negative, log x) drawn without NaN pixels.
using System.Globalization;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public class SvgLineChartTests
{
    private static readonly string[] CoordinateAttributes = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height"];

    [Fact]
    public void ToSvg_TwoSeries_WellFormedWithTitleLabelsAndLegend()
    {
        var chart = new SvgLineChart("Accuracy per epoch") { XLabel = "epoch", YLabel = "accuracy" };
        chart.AddSeries("device", [(1, 0.5), (2, 0.7), (3, 0.8)]).AddSeries("cloud", [(1, 0.6), (2, 0.75), (3, 0.9)]);

        var svg = new SvgDocument(chart.ToSvg());

        Assert.Contains("Accuracy per epoch", svg.AllTexts());
        Assert.Contains("epoch", svg.AllTexts());
        Assert.Contains("accuracy", svg.AllTexts());
        Assert.Equal(["device", "cloud"], svg.Texts("legend"));
        Assert.Equal(3, svg.PolylinePoints(0).Count);
        Assert.Equal(3, svg.PolylinePoints(1).Count);
    }

    [Fact]
    public void ToSvg_Points_MapInsidePlotAreaAndKeepTheirOrder()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(-3, -12.5), (0, 4), (7.5, 130), (20, 99)]);

        var svg = new SvgDocument(chart.ToSvg());
        (double left, double top, double right, double bottom) = svg.PlotArea();
        IReadOnlyList<(double X, double Y)> points = svg.PolylinePoints(0);

        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.True(p.X >= left && p.X <= right && p.Y >= top && p.Y <= bottom, $"{p} outside the plot"));
        Assert.True(points[0].X < points[1].X && points[1].X < points[2].X && points[2].X < points[3].X);
        Assert.True(points[2].Y < points[3].Y && points[3].Y < points[1].Y && points[1].Y < points[0].Y, "larger y must be higher up");
    }

    [Fact]
    public void ToSvg_TickLabels_NiceAndCoverTheData()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(0.3, 0.13), (9.4, 0.97)]);

        var svg = new SvgDocument(chart.ToSvg());
        double[] xs = svg.Texts("x-ticks").Select(SvgDocument.Parse).ToArray();
        double[] ys = svg.Texts("y-ticks").Select(SvgDocument.Parse).ToArray();

        Assert.True(xs.Min() <= 0.3 && xs.Max() >= 9.4, string.Join(" ", xs));
        Assert.True(ys.Min() <= 0.13 && ys.Max() >= 0.97, string.Join(" ", ys));
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], ys);
    }

    [Fact]
    public void ToSvg_NoSeriesOrEmptySeries_AxesAndNoDataNote()
    {
        var empty = new SvgDocument(new SvgLineChart("nothing").ToSvg());
        var emptySeries = new SvgDocument(new SvgLineChart("nothing").AddSeries("s", []).ToSvg());

        Assert.Contains("no data", empty.AllTexts());
        Assert.Contains("no data", emptySeries.AllTexts());
        Assert.Empty(emptySeries.All("polyline"));
        Assert.NotEmpty(empty.Texts("y-ticks"));
    }

    [Fact]
    public void ToSvg_SinglePointWithoutMarkers_StillDrawsAMarker()
    {
        var chart = new SvgLineChart("t") { ShowMarkers = false };
        chart.AddSeries("s", [(5, 5)]);

        var svg = new SvgDocument(chart.ToSvg());

        Assert.Empty(svg.All("polyline"));
        Assert.Single(svg.InGroup("series", "circle"));
        AssertNoBadNumbers(chart.ToSvg());
    }

    [Fact]
    public void ToSvg_NonFiniteValues_SkippedAsGaps()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(1, 1), (2, double.NaN), (3, 3), (4, 4), (double.PositiveInfinity, 5), (6, double.NegativeInfinity)]);

        string text = chart.ToSvg();
        var svg = new SvgDocument(text);

        Assert.Single(svg.All("polyline"));
        Assert.Equal(2, svg.PolylinePoints(0).Count);
        Assert.Equal(3, svg.InGroup("series", "circle").Count());
        AssertNoBadNumbers(text);
    }

    [Fact]
    public void ToSvg_ConstantSeries_FlatLineInsidePlot()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(1, 0.54), (2, 0.54), (3, 0.54)]);

        string text = chart.ToSvg();
        var svg = new SvgDocument(text);
        (_, double top, _, double bottom) = svg.PlotArea();
        IReadOnlyList<(double X, double Y)> points = svg.PolylinePoints(0);

        Assert.Single(points.Select(p => p.Y).Distinct());
        Assert.InRange(points[0].Y, top + 1, bottom - 1);
        AssertNoBadNumbers(text);
    }

    [Fact]
    public void ToSvg_LogX_DecadesEquallySpacedAndNonPositiveXSkipped()
    {
        var chart = new SvgLineChart("t") { LogX = true };
        chart.AddSeries("s", [(0, 9), (-1, 9), (10, 1), (100, 2), (1000, 3)]);

        var svg = new SvgDocument(chart.ToSvg());
        IReadOnlyList<(double X, double Y)> points = svg.PolylinePoints(0);

        Assert.Equal(3, points.Count);
        Assert.Equal(points[1].X - points[0].X, points[2].X - points[1].X, 0.02);
        Assert.Equal(["10", "20", "50", "100", "200", "500", "1000"], svg.Texts("x-ticks"));
    }

    [Fact]
    public void ToSvg_LogY_DecadesEquallySpacedAndNonPositiveYSkipped()
    {
        var chart = new SvgLineChart("t") { LogY = true };
        chart.AddSeries("s", [(1, 0), (2, -5), (3, 1), (4, 10), (5, 100)]).AddReferenceLine("zero", 0).AddReferenceLine("ratio 1", 1);

        var svg = new SvgDocument(chart.ToSvg());
        IReadOnlyList<(double X, double Y)> points = svg.PolylinePoints(0);

        Assert.Equal(3, points.Count);
        Assert.Equal(points[0].Y - points[1].Y, points[1].Y - points[2].Y, 0.02);
        Assert.Equal(["ratio 1"], svg.Texts("reference-lines"));
        Assert.Contains("100", svg.Texts("y-ticks"));
    }

    [Fact]
    public void ToSvg_ReferenceLineAboveTheData_AxisExtendsToIt()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(0, 10), (1, 100)]).AddReferenceLine("budget 256", 256);

        var svg = new SvgDocument(chart.ToSvg());

        Assert.True(svg.Texts("y-ticks").Select(SvgDocument.Parse).Max() >= 256);
        Assert.Equal(["budget 256"], svg.Texts("reference-lines"));
        (_, double top, _, double bottom) = svg.PlotArea();
        Assert.InRange(SvgDocument.Number(svg.InGroup("reference-lines", "line").Single(), "y1"), top, bottom);
    }

    [Fact]
    public void ToSvg_MarkupInLabels_EscapedAndReadBackVerbatim()
    {
        const string nasty = "<script>alert('x')</script> & \"q\"";
        var chart = new SvgLineChart(nasty) { XLabel = nasty, YLabel = "a & b" };
        chart.AddSeries(nasty, [(1, 1), (2, 2)]).AddReferenceLine("<b>", 1.5);

        string text = chart.ToSvg();
        var svg = new SvgDocument(text);

        Assert.DoesNotContain("<script>", text);
        Assert.Contains(nasty, svg.AllTexts());
        Assert.Contains("a & b", svg.AllTexts());
        Assert.Contains("<b>", svg.AllTexts());
        Assert.DoesNotContain(svg.Root.Descendants(), e => e.Name.LocalName is "script" or "b");
    }

    [Fact]
    public void ToSvg_CommaDecimalCulture_InvariantNumbers()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(0.25, 0.125), (1.5, 0.875)]).AddReferenceLine("r", 0.5);
        string text;
        using (new CommaDecimalCulture()) text = chart.ToSvg();
        string invariant = chart.ToSvg();

        Assert.Equal(invariant, text);
        var svg = new SvgDocument(text);
        Assert.Contains("0.2", svg.Texts("y-ticks"));
        foreach (var element in svg.Root.Descendants())
        {
            foreach (string name in CoordinateAttributes)
            {
                if (element.Attribute(name) is { } attribute) Assert.True(double.TryParse(attribute.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), attribute.ToString());
            }
        }
    }

    [Fact]
    public void AddSeries_ListsOfDifferentLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new SvgLineChart("t").AddSeries("s", [1.0, 2.0], [1.0]));

    private static void AssertNoBadNumbers(string svg)
    {
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("∞", svg);
        Assert.DoesNotContain("Infinity", svg);
    }

    [Fact]
    public void ToSvg_NoMarkers_LegendSwatchesHaveNoMarkersEither()
    {
        var chart = new SvgLineChart("t") { ShowMarkers = false };
        chart.AddSeries("a", [(1, 1), (2, 2)]).AddSeries("b", [(1, 2), (2, 1)]);

        var svg = new SvgDocument(chart.ToSvg());

        Assert.Equal(2, svg.InGroup("legend", "line").Count());
        Assert.Empty(svg.InGroup("legend", "circle"));
        Assert.Empty(svg.InGroup("legend", "rect"));
        Assert.Empty(svg.InGroup("legend", "polygon"));
    }

    [Fact]
    public void ToSvg_SeriesColours_LinesAndLegendTakeThem()
    {
        var chart = new SvgLineChart("t") { SeriesColours = ["#112233", "#445566"] };
        chart.AddSeries("a", [(1, 1), (2, 2)]).AddSeries("b", [(1, 2), (2, 1)]);

        var svg = new SvgDocument(chart.ToSvg());

        Assert.Equal(["#112233", "#445566"], svg.All("polyline").Select(p => (string)p.Attribute("stroke")!));
        Assert.Equal(["#112233", "#445566"], svg.InGroup("legend", "line").Select(p => (string)p.Attribute("stroke")!));
    }

    [Fact]
    public void ToSvg_ReferenceLineLabelAtStart_SitsAtTheLeftOfThePlot()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [(0, 2), (10, 4)]).AddReferenceLine("right", 3).AddReferenceLine("left", 2.9, labelAtStart: true);

        var svg = new SvgDocument(chart.ToSvg());
        (double left, _, double right, _) = svg.PlotArea();
        var labels = svg.InGroup("reference-lines", "text").ToDictionary(t => t.Value, t => SvgDocument.Number(t, "x"));

        Assert.Equal(left + 4, labels["left"], 2);
        Assert.Equal(right - 4, labels["right"], 2);
    }
}
