// Error whiskers of the line chart: a capped vertical bar from low to high at each point, inside the
// axes (which grow to hold them), none where an end is not finite, and series spread apart by DodgePixels.
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Toolkit.Tests.Reporting;

public class SvgLineChartWhiskerTests
{
    [Fact]
    public void ToSvg_SeriesWithWhiskers_CappedBarFromLowToHighAtEachPoint()
    {
        var chart = new SvgLineChart("Accuracy vs K");
        chart.AddSeries("device", [5, 10], [0.5, 0.7], [0.4, 0.6], [0.6, 0.95]);

        var svg = new SvgDocument(chart.ToSvg());
        IReadOnlyList<(double X, double Y)> points = svg.PolylinePoints(0);
        var lines = svg.InGroup("whiskers", "line").Select(l => (X1: N(l, "x1"), Y1: N(l, "y1"), X2: N(l, "x2"), Y2: N(l, "y2"))).ToList();

        Assert.Equal(6, lines.Count); // per point: the bar and two caps
        var bars = lines.Where(l => l.X1 == l.X2).ToList();
        Assert.Equal(points.Select(p => p.X), bars.Select(b => b.X1));
        // Each bar spans the point (larger y is higher up, so low maps below the point and high above it).
        for (int i = 0; i < 2; i++) Assert.True(bars[i].Y1 > points[i].Y && bars[i].Y2 < points[i].Y, $"bar {i} {bars[i]} does not span {points[i]}");
        // The y axis covers the highest whisker, not only the points.
        Assert.Contains(svg.Texts("y-ticks").Select(SvgDocument.Parse), y => y >= 0.95);
        Assert.Contains(svg.All("title").Select(t => t.Value), t => t == "device: (10, 0.7) [0.6, 0.95]");
    }

    [Fact]
    public void ToSvg_NonFiniteWhiskerEnd_PointDrawnWithoutWhisker()
    {
        var chart = new SvgLineChart("t");
        chart.AddSeries("s", [1, 2, 3], [0.5, 0.6, 0.7], [0.4, double.NaN, 0.6], [0.6, 0.7, double.PositiveInfinity]);

        string text = chart.ToSvg();
        var svg = new SvgDocument(text);

        Assert.Equal(3, svg.InGroup("whiskers", "line").Count());
        Assert.Equal(3, svg.PolylinePoints(0).Count);
        Assert.DoesNotContain("NaN", text);
    }

    [Fact]
    public void ToSvg_DodgePixels_SpreadsSeriesSymmetricallyAroundTheirX()
    {
        var plain = new SvgLineChart("t");
        var dodged = new SvgLineChart("t") { DodgePixels = 6 };
        foreach (SvgLineChart chart in new[] { plain, dodged })
            chart.AddSeries("a", [1, 2], [1, 2]).AddSeries("b", [1, 2], [2, 3]);

        var before = new SvgDocument(plain.ToSvg());
        var after = new SvgDocument(dodged.ToSvg());

        Assert.Equal(before.PolylinePoints(0)[0].X - 3, after.PolylinePoints(0)[0].X, 6);
        Assert.Equal(before.PolylinePoints(1)[0].X + 3, after.PolylinePoints(1)[0].X, 6);
    }

    [Fact]
    public void AddSeries_WhiskerListsOfDifferentLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new SvgLineChart("t").AddSeries("s", [1, 2], [1, 2], [0], [3, 3]));
        Assert.Contains("2 x, 2 y, 1 low and 2 high", e.Message);
    }

    private static double N(System.Xml.Linq.XElement element, string attribute) => SvgDocument.Number(element, attribute);
}
