// Writes SVG elements with escaped text and invariant coordinates; the charts only decide where
// things go. Presentation attributes (not CSS) so a chart looks the same as a standalone file.
using System.Text;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Appends SVG elements to a string.</summary>
internal sealed class SvgBuilder
{
    /// <summary>Text colour, and the colour of axes and reference lines.</summary>
    public const string Ink = "#222222";

    /// <summary>Colour of grid lines: light enough to stay behind the data.</summary>
    public const string Grid = "#DDDDDD";

    /// <summary>Base font size in pixels; widths of text are estimated from it.</summary>
    public const double FontSize = 12;

    private readonly StringBuilder _text = new();

    public SvgBuilder(double width, double height, string title)
    {
        _text.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{C(width)}\" height=\"{C(height)}\" ")
             .Append($"viewBox=\"0 0 {C(width)} {C(height)}\" role=\"img\" aria-label=\"{Markup.Escape(title)}\" ")
             .Append($"font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"{C(FontSize)}\" fill=\"{Ink}\">")
             .Append($"<title>{Markup.Escape(title)}</title>")
             .Append($"<rect x=\"0\" y=\"0\" width=\"{C(width)}\" height=\"{C(height)}\" fill=\"#FFFFFF\"/>");
    }

    /// <summary>Rough width of <paramref name="text"/> in pixels (average glyph ~0.6 em), for layout.</summary>
    public static double TextWidth(string text, double fontSize = FontSize) => text.Length * fontSize * 0.6;

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null) =>
        _text.Append($"<line x1=\"{C(x1)}\" y1=\"{C(y1)}\" x2=\"{C(x2)}\" y2=\"{C(y2)}\" stroke=\"{stroke}\" stroke-width=\"{C(width)}\"{Dash(dash)}/>");

    public void Rect(double x, double y, double width, double height, string fill, string? tooltip = null, string? dataAttributes = null)
    {
        _text.Append($"<rect x=\"{C(x)}\" y=\"{C(y)}\" width=\"{C(Math.Max(0, width))}\" height=\"{C(Math.Max(0, height))}\" fill=\"{fill}\"{dataAttributes}");
        if (tooltip is null) _text.Append("/>");
        else _text.Append($"><title>{Markup.Escape(tooltip)}</title></rect>");
    }

    /// <summary>A polyline through the points (each a pair of pixels), with no fill.</summary>
    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width, string? dash, string dataAttributes)
    {
        _text.Append("<polyline points=\"");
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0) _text.Append(' ');
            _text.Append(C(points[i].X)).Append(',').Append(C(points[i].Y));
        }

        _text.Append($"\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{C(width)}\" stroke-linejoin=\"round\"{Dash(dash)}{dataAttributes}/>");
    }

    public void Marker(MarkerShape shape, double x, double y, string fill, string tooltip)
    {
        const double r = 3.5;
        string title = $"<title>{Markup.Escape(tooltip)}</title>";
        switch (shape)
        {
            case MarkerShape.Square:
                _text.Append($"<rect x=\"{C(x - r)}\" y=\"{C(y - r)}\" width=\"{C(2 * r)}\" height=\"{C(2 * r)}\" fill=\"{fill}\">{title}</rect>");
                break;
            case MarkerShape.Triangle:
                _text.Append($"<polygon points=\"{C(x)},{C(y - r - 1)} {C(x + r + 0.5)},{C(y + r)} {C(x - r - 0.5)},{C(y + r)}\" fill=\"{fill}\">{title}</polygon>");
                break;
            case MarkerShape.Diamond:
                _text.Append($"<polygon points=\"{C(x)},{C(y - r - 1)} {C(x + r + 1)},{C(y)} {C(x)},{C(y + r + 1)} {C(x - r - 1)},{C(y)}\" fill=\"{fill}\">{title}</polygon>");
                break;
            default:
                _text.Append($"<circle cx=\"{C(x)}\" cy=\"{C(y)}\" r=\"{C(r)}\" fill=\"{fill}\">{title}</circle>");
                break;
        }
    }

    /// <summary>
    /// Text at (x, y) on its baseline; anchor is start, middle or end; rotation in degrees about
    /// (x, y). A halo (a white outline under the glyphs) keeps a label readable where a grid or
    /// reference line crosses it.
    /// </summary>
    public void Text(double x, double y, string text, string anchor = "start", double? fontSize = null, bool bold = false, double rotate = 0, string? fill = null, bool halo = false)
    {
        _text.Append($"<text x=\"{C(x)}\" y=\"{C(y)}\" text-anchor=\"{anchor}\"");
        if (halo) _text.Append(" stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        if (fontSize is double size) _text.Append($" font-size=\"{C(size)}\"");
        if (bold) _text.Append(" font-weight=\"bold\"");
        if (fill is not null) _text.Append($" fill=\"{fill}\"");
        if (rotate != 0) _text.Append($" transform=\"rotate({C(rotate)} {C(x)} {C(y)})\"");
        _text.Append('>').Append(Markup.Escape(text)).Append("</text>");
    }

    /// <summary>Opens a group with a class name (the tests and the DOM check find chart parts by it).</summary>
    public void BeginGroup(string cssClass) => _text.Append($"<g class=\"{cssClass}\">");

    public void EndGroup() => _text.Append("</g>");

    public string Finish() => _text.Append("</svg>").ToString();

    private static string C(double value) => Markup.Coordinate(value);

    private static string Dash(string? dash) => dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"";
}
