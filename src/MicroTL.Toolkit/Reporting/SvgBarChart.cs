// A bar chart written directly as SVG: categories of one value per series, grouped side by side
// or stacked, vertical or horizontal, with value labels and reference lines (a RAM budget, say).
namespace MicroTL.Toolkit.Reporting;

/// <summary>
/// Bars for categories x series, grouped or stacked, vertical or horizontal. The value axis
/// always includes zero and every reference line; non-finite values draw no bar.
/// </summary>
/// <example>
/// <code>
/// var memory = new SvgBarChart("RAM use", ["arena", "head", "features"])
/// {
///     Layout = BarLayout.Stacked, Orientation = BarOrientation.Horizontal, ValueUnit = "KB",
/// };
/// memory.AddCategory("MicroTL", 12.5, 40.2, 96);
/// memory.AddReferenceLine("nRF52840 RAM 256 KB", 256);
/// string svg = memory.ToSvg();
/// </code>
/// </example>
public sealed class SvgBarChart : ISvgChart
{
    private const double TitleBand = 36;
    private readonly List<string> _seriesNames;
    private readonly List<BarCategory> _categories = [];
    private readonly List<ReferenceLine> _referenceLines = [];

    /// <summary>A chart with the given title and series (the legend entries, one colour each).</summary>
    /// <exception cref="ArgumentException">No series is named.</exception>
    public SvgBarChart(string title, IEnumerable<string> seriesNames)
    {
        ArgumentNullException.ThrowIfNull(seriesNames);
        Title = title ?? string.Empty;
        _seriesNames = seriesNames.Select(name => name ?? string.Empty).ToList();
        if (_seriesNames.Count == 0) throw new ArgumentException("a bar chart needs at least one series", nameof(seriesNames));
    }

    /// <inheritdoc/>
    public string Title { get; }

    /// <summary>Label of the value axis.</summary>
    public string ValueLabel { get; set; } = string.Empty;

    /// <summary>Unit appended to value labels after a space (e.g. <c>KB</c>, <c>mJ</c>); empty for none.</summary>
    public string ValueUnit { get; set; } = string.Empty;

    /// <summary>Most digits after the point in value labels.</summary>
    public int ValueFractionDigits { get; set; } = 1;

    /// <summary>Whether bars (grouped) or stacks and fitting segments (stacked) carry their value as text.</summary>
    public bool ShowValues { get; set; } = true;

    /// <summary>Direction of the bars.</summary>
    public BarOrientation Orientation { get; set; } = BarOrientation.Vertical;

    /// <summary>Grouped or stacked.</summary>
    public BarLayout Layout { get; set; } = BarLayout.Grouped;

    /// <summary>Width of the SVG in pixels.</summary>
    public double WidthPixels { get; set; } = 640;

    /// <summary>Height in pixels of a vertical chart without its legend; a horizontal chart grows with its categories instead.</summary>
    public double HeightPixels { get; set; } = 340;

    /// <summary>The series names, in legend order.</summary>
    public IReadOnlyList<string> SeriesNames => _seriesNames;

    /// <summary>The categories, in axis order.</summary>
    public IReadOnlyList<BarCategory> Categories => _categories;

    /// <summary>The reference lines, across the bars at a value.</summary>
    public IReadOnlyList<ReferenceLine> ReferenceLines => _referenceLines;

    /// <summary>Adds a category with one value per series; returns this chart for chaining.</summary>
    /// <exception cref="ArgumentException">The number of values is not the number of series.</exception>
    public SvgBarChart AddCategory(string label, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _seriesNames.Count)
        {
            throw new ArgumentException($"category '{label}' has {values.Length} values but the chart has {_seriesNames.Count} series", nameof(values));
        }

        _categories.Add(new BarCategory(label ?? string.Empty, (double[])values.Clone()));
        return this;
    }

    /// <summary>Adds a reference line across the bars at <paramref name="value"/>.</summary>
    public SvgBarChart AddReferenceLine(string label, double value)
    {
        _referenceLines.Add(new ReferenceLine(label ?? string.Empty, value));
        return this;
    }

    /// <inheritdoc/>
    public string ToSvg()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WidthPixels, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(HeightPixels, 150);
        AxisTicks ticks = ValueTicks();
        return Orientation == BarOrientation.Vertical ? RenderVertical(ticks) : RenderHorizontal(ticks);
    }

    private string RenderVertical(AxisTicks ticks)
    {
        double left = 12 + (ValueLabel.Length > 0 ? 20 : 0) + ticks.Values.Max(value => SvgBuilder.TextWidth(ticks.Label(value))) + 8;
        double right = WidthPixels - 16;
        double band = (right - left) / Math.Max(1, _categories.Count);
        List<List<string>> labelLines = _categories.Select(category => TextFit.Wrap(category.Label, band - 6, 3)).ToList();
        double bottom = HeightPixels - 12 - 14 * Math.Max(1, labelLines.Count == 0 ? 1 : labelLines.Max(lines => lines.Count));
        LegendEntry[] legend = [.. _seriesNames.Select((name, s) => new LegendEntry(name, Palette.Colour(s)))];
        double legendHeight = ChartLegend.Height(legend, right - left);
        var values = new AxisScale(ticks, bottom, TitleBand);

        var svg = new SvgBuilder(WidthPixels, HeightPixels + legendHeight, Title);
        svg.Text(WidthPixels / 2, 22, Title, "middle", 14, bold: true);
        ChartAxes.HorizontalGridLines(svg, values, left, right);
        ChartAxes.YTickLabels(svg, values, left);
        if (ValueLabel.Length > 0) svg.Text(16, (TitleBand + bottom) / 2, ValueLabel, "middle", rotate: -90);
        svg.BeginGroup("categories");
        for (int c = 0; c < _categories.Count; c++)
        {
            for (int line = 0; line < labelLines[c].Count; line++)
            {
                svg.Text(left + band * (c + 0.5), bottom + 17 + 14 * line, labelLines[c][line], "middle");
            }
        }

        svg.EndGroup();
        DrawBars(svg, values, left, band, vertical: true, labels: false);
        if (values.Ticks.Min < 0) svg.Line(left, values.Map(0), right, values.Map(0), SvgBuilder.Ink);
        ChartAxes.AxisLines(svg, left, TitleBand, right, bottom);
        ChartAxes.HorizontalReferenceLines(svg, _referenceLines, values, left, right);
        DrawBars(svg, values, left, band, vertical: true, labels: true);
        if (_categories.Count == 0) svg.Text((left + right) / 2, (TitleBand + bottom) / 2, "no data", "middle", fill: "#777777");
        ChartLegend.Draw(svg, legend, left, HeightPixels, right - left, lineSwatches: false);
        return svg.Finish();
    }

    private string RenderHorizontal(AxisTicks ticks)
    {
        double labelWidth = Math.Min(WidthPixels * 0.35, _categories.Select(category => SvgBuilder.TextWidth(category.Label)).DefaultIfEmpty(0).Max());
        double left = 12 + labelWidth + 8;
        double valueTextWidth = ShowValues ? _categories.Select(category => SvgBuilder.TextWidth(ValueText(EndValue(category)), 11)).DefaultIfEmpty(0).Max() : 0;
        double right = WidthPixels - 16 - valueTextWidth;
        double band = Layout == BarLayout.Stacked ? 34 : Math.Max(30, _seriesNames.Count * 16 + 12);
        // Labels of vertical reference lines sit above the plot: leave them room under the title.
        double top = TitleBand + (_referenceLines.Count > 0 ? 10 : 0);
        double bottom = top + band * Math.Max(1, _categories.Count);
        double height = bottom + (ValueLabel.Length > 0 ? 44 : 26);
        LegendEntry[] legend = [.. _seriesNames.Select((name, s) => new LegendEntry(name, Palette.Colour(s)))];
        double legendHeight = ChartLegend.Height(legend, right - left);
        var values = new AxisScale(ticks, left, right);

        var svg = new SvgBuilder(WidthPixels, height + legendHeight, Title);
        svg.Text(WidthPixels / 2, 22, Title, "middle", 14, bold: true);
        ChartAxes.VerticalGridLines(svg, values, top, bottom);
        ChartAxes.XTickLabels(svg, values, bottom);
        if (ValueLabel.Length > 0) svg.Text((left + right) / 2, height - 10, ValueLabel, "middle");
        svg.BeginGroup("categories");
        for (int c = 0; c < _categories.Count; c++)
        {
            svg.Text(left - 8, top + band * (c + 0.5) + 4, TextFit.Truncate(_categories[c].Label, labelWidth), "end");
        }

        svg.EndGroup();
        DrawBars(svg, values, top, band, vertical: false, labels: false);
        if (values.Ticks.Min < 0) svg.Line(values.Map(0), top, values.Map(0), bottom, SvgBuilder.Ink);
        ChartAxes.AxisLines(svg, left, top, right, bottom);
        ChartAxes.VerticalReferenceLines(svg, _referenceLines, values, top, bottom);
        DrawBars(svg, values, top, band, vertical: false, labels: true);
        if (_categories.Count == 0) svg.Text((left + right) / 2, (top + bottom) / 2 + 4, "no data", "middle", fill: "#777777");
        ChartLegend.Draw(svg, legend, left, height, right - left, lineSwatches: false);
        return svg.Finish();
    }

    /// <summary>
    /// Draws every bar, or (second pass, after the reference lines, so no line crosses a number)
    /// their value labels; <paramref name="start"/> is where the category axis begins,
    /// <paramref name="band"/> the room per category.
    /// </summary>
    private void DrawBars(SvgBuilder svg, AxisScale values, double start, double band, bool vertical, bool labels)
    {
        if (labels && !ShowValues) return;
        svg.BeginGroup(labels ? "bar-labels" : "bars");
        int series = _seriesNames.Count;
        for (int c = 0; c < _categories.Count; c++)
        {
            BarCategory category = _categories[c];
            double groupWidth = Math.Min(band * 0.7, Layout == BarLayout.Stacked ? 64 : 28 * series);
            double groupStart = start + band * c + (band - groupWidth) / 2;
            double positiveEnd = 0, negativeEnd = 0;
            for (int s = 0; s < series; s++)
            {
                double value = category.Values[s];
                if (!double.IsFinite(value)) continue;
                double from = 0, thickness = groupWidth, offset = 0;
                if (Layout == BarLayout.Stacked)
                {
                    // Positive parts stack away from zero one way, negative parts the other.
                    from = value >= 0 ? positiveEnd : negativeEnd;
                    if (value >= 0) positiveEnd += value;
                    else negativeEnd += value;
                }
                else
                {
                    thickness = groupWidth / series;
                    offset = thickness * s;
                }

                double a = values.Map(from), b = values.Map(from + value);
                string tip = $"{category.Label}, {_seriesNames[s]}: {ValueText(value)}";
                string data = $" data-category=\"{c}\" data-series=\"{s}\" data-value=\"{Markup.Number(value, 6)}\"";
                double barStart = groupStart + offset + (Layout == BarLayout.Grouped ? 0.5 : 0);
                double barThickness = thickness - (Layout == BarLayout.Grouped ? 1 : 0);
                if (labels) DrawValueLabel(svg, value, a, b, barStart, barThickness, vertical);
                else if (vertical) svg.Rect(barStart, Math.Min(a, b), barThickness, Math.Abs(a - b), Palette.Colour(s), tip, data);
                else svg.Rect(Math.Min(a, b), barStart, Math.Abs(a - b), barThickness, Palette.Colour(s), tip, data);
            }

            if (labels && Layout == BarLayout.Stacked && category.Values.Any(double.IsFinite))
            {
                svg.BeginGroup("total");
                double end = values.Map(category.NegativeTotal < 0 && category.PositiveTotal == 0 ? category.NegativeTotal : category.PositiveTotal);
                bool below = category.NegativeTotal < 0 && category.PositiveTotal == 0;
                double centre = groupStart + groupWidth / 2;
                if (vertical) svg.Text(centre, below ? end + 13 : end - 4, ValueText(category.Total), "middle", 11, bold: true, halo: true);
                else svg.Text(below ? end - 4 : end + 4, centre + 4, ValueText(category.Total), below ? "end" : "start", 11, bold: true, halo: true);
                svg.EndGroup();
            }
        }

        svg.EndGroup();
    }

    /// <summary>Grouped bars: the value beyond the bar's end. Stacked: inside the segment, only if it fits.</summary>
    private void DrawValueLabel(SvgBuilder svg, double value, double from, double to, double barStart, double thickness, bool vertical)
    {
        string text = ValueText(value);
        double textWidth = SvgBuilder.TextWidth(text, 10);
        double length = Math.Abs(to - from);
        double centre = barStart + thickness / 2;
        if (Layout == BarLayout.Stacked)
        {
            bool fits = vertical ? length >= 14 && thickness >= textWidth + 4 : length >= textWidth + 6 && thickness >= 12;
            if (!fits) return;
            double middle = (from + to) / 2;
            if (vertical) svg.Text(centre, middle + 4, text, "middle", 10, fill: "#FFFFFF");
            else svg.Text(middle, centre + 4, text, "middle", 10, fill: "#FFFFFF");
            return;
        }

        bool negative = value < 0;
        if (vertical) svg.Text(centre, negative ? to + 12 : to - 3, text, "middle", 10, halo: true);
        else svg.Text(negative ? to - 3 : to + 3, centre + 4, text, negative ? "end" : "start", 10, halo: true);
    }

    private string ValueText(double value) =>
        ValueUnit.Length == 0 ? Markup.Number(value, ValueFractionDigits) : $"{Markup.Number(value, ValueFractionDigits)} {ValueUnit}";

    /// <summary>The value written at the end of a category's bars: its total when stacked, else its largest value.</summary>
    private double EndValue(BarCategory category) =>
        Layout == BarLayout.Stacked ? category.Total : category.Values.Where(double.IsFinite).DefaultIfEmpty(0).Max();

    private AxisTicks ValueTicks()
    {
        var extremes = new List<double> { 0 };
        foreach (BarCategory category in _categories)
        {
            if (Layout == BarLayout.Stacked) extremes.AddRange([category.PositiveTotal, category.NegativeTotal]);
            else extremes.AddRange(category.Values.Where(double.IsFinite));
        }

        extremes.AddRange(_referenceLines.Select(line => line.Value).Where(double.IsFinite));
        double min = extremes.Min(), max = extremes.Max();
        return min == max ? NiceTicks.Linear(0, 1) : NiceTicks.Linear(min, max);
    }
}
