// A line chart written directly as SVG: named series of (x, y) points over nice-number axes,
// optional markers, error whiskers, horizontal reference lines and a log10 x axis (for sweeps over orders of
// magnitude, such as break-even over radio throughput).
namespace MicroTL.Toolkit.Reporting;

/// <summary>
/// Several named series of (x, y) points on shared axes. Non-finite points (and x ≤ 0 on a log
/// axis) are skipped and leave a gap; empty series, a single point and constant series render
/// without dividing by zero.
/// </summary>
/// <example>
/// <code>
/// var chart = new SvgLineChart("Accuracy per epoch") { XLabel = "epoch", YLabel = "accuracy" };
/// chart.AddSeries("MicroTL", [(1, 0.61), (2, 0.74), (3, 0.80)]);
/// chart.AddReferenceLine("chance", 1.0 / 6);
/// string svg = chart.ToSvg();
/// </code>
/// </example>
public sealed class SvgLineChart : ISvgChart
{
    private const double TitleBand = 36;
    private const double RightMargin = 20;
    private readonly List<LineSeries> _series = [];
    private readonly List<ReferenceLine> _referenceLines = [];

    /// <summary>A chart with the given title.</summary>
    public SvgLineChart(string title) => Title = title ?? string.Empty;

    /// <inheritdoc/>
    public string Title { get; }

    /// <summary>Label under the x axis.</summary>
    public string XLabel { get; set; } = string.Empty;

    /// <summary>Label beside the y axis.</summary>
    public string YLabel { get; set; } = string.Empty;

    /// <summary>Whether the x axis is log10 (then points with x ≤ 0 are skipped).</summary>
    public bool LogX { get; set; }

    /// <summary>Log10 y axis (points and reference lines with y &lt;= 0 are skipped), for ratios that span decades.</summary>
    public bool LogY { get; set; }

    /// <summary>Whether every point gets a marker (a lone point always does, or it would not show).</summary>
    public bool ShowMarkers { get; set; } = true;

    /// <summary>Width of the SVG in pixels.</summary>
    public double WidthPixels { get; set; } = 640;

    /// <summary>
    /// Horizontal pixels between neighbouring series (0: none). Series that share x values (methods at the same K) are
    /// spread around them by this much, so their markers and whiskers do not hide one another; the x values stay those of the data.
    /// </summary>
    public double DodgePixels { get; set; }

    /// <summary>
    /// Colours of the series in order, instead of the palette's (null: the palette). A chart whose series are values of one
    /// quantity (K = 5, 10, 20) takes shades of one hue, so they do not repeat the colours that mean methods in the chart beside it.
    /// </summary>
    public IReadOnlyList<string>? SeriesColours { get; set; }

    /// <summary>Height of the SVG in pixels, without the legend (which adds rows below).</summary>
    public double HeightPixels { get; set; } = 340;

    /// <summary>The series, in legend order.</summary>
    public IReadOnlyList<LineSeries> Series => _series;

    /// <summary>The reference lines.</summary>
    public IReadOnlyList<ReferenceLine> ReferenceLines => _referenceLines;

    /// <summary>Adds a series; returns this chart for chaining.</summary>
    public SvgLineChart AddSeries(string name, IEnumerable<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        _series.Add(new LineSeries(name ?? string.Empty, points.ToArray()));
        return this;
    }

    /// <summary>Adds a series from parallel x and y lists of the same length.</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public SvgLineChart AddSeries(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Count != ys.Count) throw new ArgumentException($"series '{name}' has {xs.Count} x values but {ys.Count} y values", nameof(ys));
        return AddSeries(name, xs.Zip(ys));
    }

    /// <summary>
    /// Adds a series with an error whisker at each point, from <paramref name="lows"/>[i] to <paramref name="highs"/>[i]
    /// (e.g. mean − sd and mean + sd); all four lists have the same length.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public SvgLineChart AddSeries(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double> lows, IReadOnlyList<double> highs)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(lows);
        ArgumentNullException.ThrowIfNull(highs);
        if (xs.Count != ys.Count || xs.Count != lows.Count || xs.Count != highs.Count)
            throw new ArgumentException($"series '{name}' has {xs.Count} x, {ys.Count} y, {lows.Count} low and {highs.Count} high values; they must match", nameof(highs));
        _series.Add(new LineSeries(name ?? string.Empty, [.. xs.Zip(ys)], [.. lows.Zip(highs)]));
        return this;
    }

    /// <summary>Adds a horizontal reference line at <paramref name="y"/>, labelled at its right end (or its left, <paramref name="labelAtStart"/>).</summary>
    public SvgLineChart AddReferenceLine(string label, double y, bool labelAtStart = false)
    {
        _referenceLines.Add(new ReferenceLine(label ?? string.Empty, y, labelAtStart));
        return this;
    }

    /// <inheritdoc/>
    public string ToSvg()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WidthPixels, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(HeightPixels, 150);
        bool hasData = _series.Any(series => series.Points.Any(IsDrawable));
        AxisTicks xTicks = XTicks();
        AxisTicks yTicks = YTicks();

        double yLabelWidth = yTicks.Values.Max(value => SvgBuilder.TextWidth(yTicks.Label(value)));
        double left = 12 + (YLabel.Length > 0 ? 20 : 0) + yLabelWidth + 8;
        double right = WidthPixels - RightMargin;
        double bottom = HeightPixels - (XLabel.Length > 0 ? 44 : 26);
        LegendEntry[] legend = [.. _series.Select((series, i) => new LegendEntry(series.Name, Colour(i), Palette.Dash(i), HasMarkers(series) ? Palette.Marker(i) : null))];
        double legendHeight = ChartLegend.Height(legend, right - left);
        var x = new AxisScale(xTicks, left, right);
        var y = new AxisScale(yTicks, bottom, TitleBand);

        var svg = new SvgBuilder(WidthPixels, HeightPixels + legendHeight, Title);
        svg.Text(WidthPixels / 2, 22, Title, "middle", 14, bold: true);
        ChartAxes.VerticalGridLines(svg, x, TitleBand, bottom);
        ChartAxes.HorizontalGridLines(svg, y, left, right);
        ChartAxes.AxisLines(svg, left, TitleBand, right, bottom);
        ChartAxes.XTickLabels(svg, x, bottom);
        ChartAxes.YTickLabels(svg, y, left);
        if (XLabel.Length > 0) svg.Text((left + right) / 2, HeightPixels - 10, XLabel, "middle");
        if (YLabel.Length > 0) svg.Text(16, (TitleBand + bottom) / 2, YLabel, "middle", rotate: -90);
        if (!hasData) svg.Text((left + right) / 2, (TitleBand + bottom) / 2, "no data", "middle", fill: "#777777");

        for (int i = 0; i < _series.Count; i++) DrawSeries(svg, i, x, y);
        ChartAxes.HorizontalReferenceLines(svg, _referenceLines.Where(line => !LogY || line.Value > 0), y, left, right);
        ChartLegend.Draw(svg, legend, left, HeightPixels, right - left, lineSwatches: true);
        return svg.Finish();
    }

    private void DrawSeries(SvgBuilder svg, int index, AxisScale x, AxisScale y)
    {
        LineSeries series = _series[index];
        string colour = Colour(index);
        double dodge = DodgePixels * (index - (_series.Count - 1) / 2.0);
        svg.BeginGroup("series");
        DrawWhiskers(svg, series, colour, x, y, dodge);
        var run = new List<(double X, double Y)>();
        foreach ((double px, double py) in series.Points.Append((double.NaN, double.NaN)))
        {
            if (IsDrawable((px, py)))
            {
                run.Add((x.Map(px) + dodge, y.Map(py)));
                continue;
            }

            // A skipped point ends the current run, so the gap shows instead of a line bridging it.
            if (run.Count > 1) svg.Polyline(run, colour, 2, Palette.Dash(index), $" data-series=\"{index}\"");
            run.Clear();
        }

        if (HasMarkers(series))
        {
            for (int i = 0; i < series.Points.Count; i++)
            {
                (double px, double py) = series.Points[i];
                if (!IsDrawable((px, py))) continue;
                string range = WhiskerOf(series, i) is { } w ? $" [{Markup.Number(w.Low, 4)}, {Markup.Number(w.High, 4)}]" : string.Empty;
                svg.Marker(Palette.Marker(index), x.Map(px) + dodge, y.Map(py), colour, $"{series.Name}: ({Markup.Number(px, 4)}, {Markup.Number(py, 4)}){range}");
            }
        }

        svg.EndGroup();
    }

    private void DrawWhiskers(SvgBuilder svg, LineSeries series, string colour, AxisScale x, AxisScale y, double dodge)
    {
        if (series.Whiskers is null) return;
        const double Cap = 4;
        svg.BeginGroup("whiskers");
        for (int i = 0; i < series.Points.Count; i++)
        {
            if (!IsDrawable(series.Points[i]) || WhiskerOf(series, i) is not { } w) continue;
            double px = x.Map(series.Points[i].X) + dodge, low = y.Map(w.Low), high = y.Map(w.High);
            svg.Line(px, low, px, high, colour, 1.5);
            svg.Line(px - Cap, low, px + Cap, low, colour, 1.5);
            svg.Line(px - Cap, high, px + Cap, high, colour, 1.5);
        }

        svg.EndGroup();
    }

    /// <summary>Whether the points of <paramref name="series"/> get markers: all of them, or a lone point (it would not show otherwise).</summary>
    private bool HasMarkers(LineSeries series) => ShowMarkers || series.Points.Count(IsDrawable) == 1;

    private string Colour(int index) =>
        SeriesColours is { Count: > 0 } colours ? colours[index % colours.Count] : Palette.Colour(index);

    /// <summary>The whisker of point <paramref name="i"/>, or null when it has none or an end cannot be drawn.</summary>
    private (double Low, double High)? WhiskerOf(LineSeries series, int i)
    {
        if (series.Whiskers is null || i >= series.Whiskers.Count) return null;
        (double low, double high) = series.Whiskers[i];
        bool drawable = double.IsFinite(low) && double.IsFinite(high) && (!LogY || (low > 0 && high > 0));
        return drawable ? (Math.Min(low, high), Math.Max(low, high)) : null;
    }

    private bool IsDrawable((double X, double Y) point) =>
        double.IsFinite(point.X) && double.IsFinite(point.Y) && (!LogX || point.X > 0) && (!LogY || point.Y > 0);

    private AxisTicks XTicks()
    {
        double[] xs = _series.SelectMany(series => series.Points).Where(IsDrawable).Select(point => point.X).ToArray();
        if (xs.Length == 0) return LogX ? NiceTicks.Logarithmic(1, 10) : NiceTicks.Linear(0, 1);
        return LogX ? NiceTicks.Logarithmic(xs.Min(), xs.Max()) : NiceTicks.Linear(xs.Min(), xs.Max(), 6);
    }

    private AxisTicks YTicks()
    {
        IEnumerable<double> ys = _series.SelectMany(series => series.Points).Where(IsDrawable).Select(point => point.Y)
            .Concat(_series.SelectMany(series => Enumerable.Range(0, series.Points.Count)
                .Where(i => IsDrawable(series.Points[i]))
                .SelectMany(i => WhiskerOf(series, i) is { } w ? new[] { w.Low, w.High } : [])))
            .Concat(_referenceLines.Select(line => line.Value).Where(value => double.IsFinite(value) && (!LogY || value > 0)));
        double[] values = ys.ToArray();
        if (values.Length == 0) return LogY ? NiceTicks.Logarithmic(1, 10) : NiceTicks.Linear(0, 1);
        return LogY ? NiceTicks.Logarithmic(values.Min(), values.Max()) : NiceTicks.Linear(values.Min(), values.Max());
    }
}
