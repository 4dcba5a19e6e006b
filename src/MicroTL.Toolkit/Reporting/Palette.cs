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

    /// <summary>Number of distinct colours before they repeat.</summary>
    public static int Count => Colours.Length;

    /// <summary>Colour of series <paramref name="index"/> as <c>#RRGGBB</c>.</summary>
    public static string Colour(int index) => Colours[Wrap(index)];

    /// <summary>SVG <c>stroke-dasharray</c> of series <paramref name="index"/>, or null for a solid line.</summary>
    public static string? Dash(int index) => Dashes[Wrap(index)];

    /// <summary>Marker shape of series <paramref name="index"/>.</summary>
    public static MarkerShape Marker(int index) => (MarkerShape)(Wrap(index) % 4);

    private static int Wrap(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index % Colours.Length;
    }
}
