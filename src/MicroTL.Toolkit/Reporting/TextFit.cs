// Fits label text into a width by estimate: SVG has no text wrapping, and no layout engine runs here.
namespace MicroTL.Toolkit.Reporting;

/// <summary>Word wrapping and truncation of labels by estimated width.</summary>
internal static class TextFit
{
    /// <summary>Splits <paramref name="text"/> at spaces into at most <paramref name="maxLines"/> lines of about <paramref name="width"/> pixels; the last line is truncated.</summary>
    public static List<string> Wrap(string text, double width, int maxLines)
    {
        var lines = new List<string>();
        string current = string.Empty;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && SvgBuilder.TextWidth(candidate) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0) lines.Add(current);
        if (lines.Count > maxLines)
        {
            lines[maxLines - 1] = string.Join(' ', lines.Skip(maxLines - 1));
            lines.RemoveRange(maxLines, lines.Count - maxLines);
        }

        for (int i = 0; i < lines.Count; i++) lines[i] = Truncate(lines[i], width);
        return lines;
    }

    /// <summary><paramref name="text"/> cut with an ellipsis so it fits about <paramref name="width"/> pixels.</summary>
    public static string Truncate(string text, double width)
    {
        if (SvgBuilder.TextWidth(text) <= width) return text;
        int keep = Math.Max(1, (int)(width / SvgBuilder.TextWidth("x")) - 1);
        return keep >= text.Length ? text : text[..keep] + "…";
    }
}
