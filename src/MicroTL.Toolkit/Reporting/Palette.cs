// Series colours that stay apart for the common colour-vision deficiencies (Okabe and Ito, 2008),
// with a dash pattern and marker shape per series so the charts also read in grey-scale print.
namespace MicroTL.Toolkit.Reporting;

/// <summary>The colour, line dash and marker shape of the i-th series of a chart.</summary>
public static class Palette
{
    // Okabe-Ito order, yellow last: it has the least contrast on white paper.
    private static readonly string[] Colours =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

    private static readonly string?[] Dashes = [null, "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4", "3 6"];

    // ColorBrewer "Purples" (Brewer, 2002) from its middle to its darkest: shades of a hue none of the series colours above
    // uses, so values of one quantity (K = 5, 10, 20) never look like the methods of the chart beside them.
    private static readonly (int R, int G, int B)[] Shades = [(0x9E, 0x9A, 0xC8), (0x80, 0x7D, 0xBA), (0x6A, 0x51, 0xA3), (0x54, 0x27, 0x8F), (0x3F, 0x00, 0x7D)];

    /// <summary>Number of distinct colours before they repeat.</summary>
    public static int Count => Colours.Length;

    /// <summary>Colour of series <paramref name="index"/> as <c>#RRGGBB</c>.</summary>
    public static string Colour(int index) => Colours[Wrap(index)];

    /// <summary>SVG <c>stroke-dasharray</c> of series <paramref name="index"/>, or null for a solid line.</summary>
    public static string? Dash(int index) => Dashes[Wrap(index)];

    /// <summary>Marker shape of series <paramref name="index"/>.</summary>
    public static MarkerShape Marker(int index) => (MarkerShape)(Wrap(index) % 4);

    /// <summary>
    /// <paramref name="count"/> shades of purple, light to dark, for series that are ordered values of one quantity: the
    /// order reads from the shade, and no shade is a series colour of <see cref="Colour"/>.
    /// </summary>
    public static IReadOnlyList<string> Sequential(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var colours = new string[count];
        for (int i = 0; i < count; i++)
        {
            // Evenly spaced along the anchors, linearly between the two around each point; one series takes the middle.
            double at = count == 1 ? (Shades.Length - 1) / 2.0 : (double)i * (Shades.Length - 1) / (count - 1);
            int low = Math.Min((int)at, Shades.Length - 2);
            double f = at - low;
            (int R, int G, int B) a = Shades[low], b = Shades[low + 1];
            colours[i] = $"#{Mix(a.R, b.R, f):X2}{Mix(a.G, b.G, f):X2}{Mix(a.B, b.B, f):X2}";
        }

        return colours;
    }

    private static int Mix(int a, int b, double f) => (int)Math.Round(a + (b - a) * f);

    private static int Wrap(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index % Colours.Length;
    }
}
