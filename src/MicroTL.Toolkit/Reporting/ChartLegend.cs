// The legend under a chart: one swatch and name per series, flowing left to right in rows.
namespace MicroTL.Toolkit.Reporting;

/// <summary>Lays out and draws a legend of series names.</summary>
internal static class ChartLegend
{
    public const double RowHeight = 18;
    private const double SwatchWidth = 26;
    private const double Gap = 16;

    /// <summary>Height the legend needs within <paramref name="width"/> pixels; 0 when there are no names.</summary>
    public static double Height(IReadOnlyList<string> names, double width) =>
        names.Count == 0 ? 0 : Rows(names, width).Max(item => item.Row + 1) * RowHeight;

    /// <summary>Draws the legend with its top-left corner at (left, top).</summary>
    public static void Draw(SvgBuilder svg, IReadOnlyList<string> names, double left, double top, double width, bool lineSwatches)
    {
        svg.BeginGroup("legend");
        foreach ((int index, int row, double x) in Rows(names, width))
        {
            double y = top + row * RowHeight + RowHeight / 2;
            double swatchX = left + x;
            if (lineSwatches)
            {
                svg.Line(swatchX, y, swatchX + SwatchWidth - 4, y, Palette.Colour(index), 2, Palette.Dash(index));
                svg.Marker(Palette.Marker(index), swatchX + (SwatchWidth - 4) / 2, y, Palette.Colour(index), names[index]);
            }
            else
            {
                svg.Rect(swatchX + 4, y - 6, 12, 12, Palette.Colour(index));
            }

            svg.Text(swatchX + SwatchWidth, y + 4, names[index]);
        }

        svg.EndGroup();
    }

    private static List<(int Index, int Row, double X)> Rows(IReadOnlyList<string> names, double width)
    {
        var items = new List<(int, int, double)>(names.Count);
        int row = 0;
        double x = 0;
        for (int i = 0; i < names.Count; i++)
        {
            double itemWidth = SwatchWidth + SvgBuilder.TextWidth(names[i]) + Gap;
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
