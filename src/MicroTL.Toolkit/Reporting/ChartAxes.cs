// Grid, axis lines, tick labels and reference lines, shared by the line and bar charts.
namespace MicroTL.Toolkit.Reporting;

/// <summary>Draws the frame of a chart around its plot area.</summary>
internal static class ChartAxes
{
    /// <summary>The plot rectangle as a marker element (no paint) the tests and the DOM check can find, and the two axis lines.</summary>
    public static void AxisLines(SvgBuilder svg, double left, double top, double right, double bottom)
    {
        svg.Rect(left, top, right - left, bottom - top, "none", dataAttributes: " data-role=\"plot-area\"");
        svg.Line(left, top, left, bottom, SvgBuilder.Ink);
        svg.Line(left, bottom, right, bottom, SvgBuilder.Ink);
    }

    public static void VerticalGridLines(SvgBuilder svg, AxisScale x, double top, double bottom)
    {
        foreach (double value in x.Ticks.Values) svg.Line(x.Map(value), top, x.Map(value), bottom, SvgBuilder.Grid);
    }

    public static void HorizontalGridLines(SvgBuilder svg, AxisScale y, double left, double right)
    {
        foreach (double value in y.Ticks.Values) svg.Line(left, y.Map(value), right, y.Map(value), SvgBuilder.Grid);
    }

    public static void XTickLabels(SvgBuilder svg, AxisScale x, double bottom)
    {
        svg.BeginGroup("x-ticks");
        foreach (double value in x.Ticks.Values)
        {
            svg.Line(x.Map(value), bottom, x.Map(value), bottom + 4, SvgBuilder.Ink);
            svg.Text(x.Map(value), bottom + 17, x.Ticks.Label(value), "middle");
        }

        svg.EndGroup();
    }

    public static void YTickLabels(SvgBuilder svg, AxisScale y, double left)
    {
        svg.BeginGroup("y-ticks");
        foreach (double value in y.Ticks.Values)
        {
            svg.Line(left - 4, y.Map(value), left, y.Map(value), SvgBuilder.Ink);
            svg.Text(left - 7, y.Map(value) + 4, y.Ticks.Label(value), "end");
        }

        svg.EndGroup();
    }

    /// <summary>Dashed lines across the plot at constant y, labelled above the line at its right end (or its left, <see cref="ReferenceLine.LabelAtStart"/>).</summary>
    public static void HorizontalReferenceLines(SvgBuilder svg, IEnumerable<ReferenceLine> lines, AxisScale y, double left, double right)
    {
        svg.BeginGroup("reference-lines");
        foreach (ReferenceLine line in lines.Where(line => double.IsFinite(line.Value)))
        {
            double py = y.Map(line.Value);
            svg.Line(left, py, right, py, SvgBuilder.Ink, 1.5, "6 4");
            if (line.LabelAtStart) svg.Text(left + 4, py - 4, line.Label, "start", 11, halo: true);
            else svg.Text(right - 4, py - 4, line.Label, "end", 11, halo: true);
        }

        svg.EndGroup();
    }

    /// <summary>Dashed lines across the plot at constant x, labelled just above the plot so no bar hides the label.</summary>
    public static void VerticalReferenceLines(SvgBuilder svg, IEnumerable<ReferenceLine> lines, AxisScale x, double top, double bottom)
    {
        svg.BeginGroup("reference-lines");
        foreach (ReferenceLine line in lines.Where(line => double.IsFinite(line.Value)))
        {
            double px = x.Map(line.Value);
            svg.Line(px, top, px, bottom, SvgBuilder.Ink, 1.5, "6 4");
            svg.Text(px, top - 4, line.Label, "middle", 11, halo: true);
        }

        svg.EndGroup();
    }
}
