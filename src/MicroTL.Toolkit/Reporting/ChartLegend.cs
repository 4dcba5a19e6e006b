// The legend under a chart: one swatch and name per series, flowing left to right in rows. A line
// series' swatch is its line (colour and dash) with its marker only when the chart draws markers.
namespace MicroTL.Toolkit.Reporting;

/// <summary>One legend item: the name and how its series is drawn.</summary>
/// <param name="Name">The series name.</param>
/// <param name="Colour">Its colour.</param>
/// <param name="Dash">Line dash, or null for a solid line (line swatches only).</param>
/// <param name="Marker">Its marker shape, or null when its points carry none (line swatches only).</param>
internal sealed record LegendEntry(string Name, string Colour, string? Dash = null, MarkerShape? Marker = null);

/// <summary>Lays out and draws a legend of series names.</summary>
internal static class ChartLegend
{
    public const double RowHeight = 18;
    private const double SwatchWidth = 26;
    private const double Gap = 16;

    /// <summary>Height the legend needs within <paramref name="width"/> pixels; 0 when there are no entries.</summary>
    public static double Height(IReadOnlyList<LegendEntry> entries, double width) =>
        entries.Count == 0 ? 0 : Rows(entries, width).Max(item => item.Row + 1) * RowHeight;

    /// <summary>Draws the legend with its top-left corner at (left, top): line swatches for a line chart, squares for bars.</summary>
    public static void Draw(SvgBuilder svg, IReadOnlyList<LegendEntry> entries, double left, double top, double width, bool lineSwatches)
    {
        svg.BeginGroup("legend");
        foreach ((int index, int row, double x) in Rows(entries, width))
        {
            LegendEntry entry = entries[index];
            double y = top + row * RowHeight + RowHeight / 2;
            double swatchX = left + x;
            if (lineSwatches)
            {
                svg.Line(swatchX, y, swatchX + SwatchWidth - 4, y, entry.Colour, 2, entry.Dash);
                if (entry.Marker is { } marker) svg.Marker(marker, swatchX + (SwatchWidth - 4) / 2, y, entry.Colour, entry.Name);
            }
            else
            {
                svg.Rect(swatchX + 4, y - 6, 12, 12, entry.Colour);
            }

            svg.Text(swatchX + SwatchWidth, y + 4, entry.Name);
        }

        svg.EndGroup();
    }

    private static List<(int Index, int Row, double X)> Rows(IReadOnlyList<LegendEntry> entries, double width)
    {
        var items = new List<(int, int, double)>(entries.Count);
        int row = 0;
        double x = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            double itemWidth = SwatchWidth + SvgBuilder.TextWidth(entries[i].Name) + Gap;
            if (x > 0 && x + itemWidth > width)
            {
                row++;
                x = 0;
            }

            items.Add((i, row, x));
            x += itemWidth;
        }

        return items;
    }
}
