// Escaping and number text shared by the SVG and HTML writers: every piece of caller text goes
// through Escape, every number through Number, so no label can break the markup and no machine
// culture can turn 0.5 into "0,5".
using System.Globalization;
using System.Text;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Text and number formatting for markup that is both valid HTML and well-formed XML.</summary>
public static class Markup
{
    /// <summary>
    /// Escapes <paramref name="text"/> for element content and quoted attribute values:
    /// <c>&amp; &lt; &gt; " '</c> become entities, and characters that XML 1.0 forbids (most C0
    /// controls, lone surrogates) become U+FFFD, so the SVG still parses as XML.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var builder = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (IsAllowedInXml(c))
                    {
                        builder.Append(c);
                    }
                    else
                    {
                        builder.Append('\uFFFD');
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> in the invariant culture with at most
    /// <paramref name="maxFractionDigits"/> digits after the point and no trailing zeros
    /// (<c>0.5</c>, <c>12</c>, <c>-3.25</c>); very large or very small magnitudes use an exponent
    /// (<c>2.5E+07</c>). Non-finite values give <c>NaN</c>, <c>∞</c> or <c>-∞</c>.
    /// </summary>
    public static string Number(double value, int maxFractionDigits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFractionDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFractionDigits, 15);
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "-∞";
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e9 || (magnitude > 0 && magnitude < 1e-4))
        {
            return value.ToString("0.##E+00", CultureInfo.InvariantCulture);
        }

        string text = Math.Round(value, maxFractionDigits).ToString("0." + new string('#', maxFractionDigits), CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>
    /// <paramref name="value"/> with exactly <paramref name="fractionDigits"/> digits after the
    /// point and a thousands separator that cannot be misread as a decimal point (a thin space):
    /// <c>262 144</c>, <c>0.875</c>. For tables and summary cards.
    /// </summary>
    public static string Fixed(double value, int fractionDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fractionDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fractionDigits, 15);
        if (!double.IsFinite(value)) return Number(value);
        string text = value.ToString("#,0." + new string('0', fractionDigits), CultureInfo.InvariantCulture).TrimEnd('.');
        return text.Replace(",", "\u2009", StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="value"/> to at most <paramref name="significantDigits"/> significant digits, trailing zeros after the
    /// point dropped, thousands grouped as in <see cref="Fixed"/>: a whole number stays whole (<c>64 000 000</c>), a small one
    /// keeps its digits (<c>0.00316</c>, not <c>0.0032</c>), <c>3.3</c> is not <c>3.3000</c>. For tables of values of
    /// very different magnitudes (a device profile).
    /// </summary>
    public static string Significant(double value, int significantDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significantDigits, 15);
        if (!double.IsFinite(value)) return Number(value);
        if (value == Math.Round(value) && Math.Abs(value) < 1e15) return Fixed(value, 0);
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        int fractionDigits = Math.Clamp(significantDigits - 1 - magnitude, 0, 15);
        string text = Fixed(Math.Round(value, fractionDigits, MidpointRounding.AwayFromZero), fractionDigits);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary><c>1 epoch</c>, <c>2 epochs</c>: <paramref name="count"/> and the noun in the number it takes (plural: <paramref name="plural"/>, else the noun + s).</summary>
    public static string Count(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>Coordinates in SVG: invariant, at most two decimals (a hundredth of a pixel).</summary>
    internal static string Coordinate(double value) => Number(value, 2);

    private static bool IsAllowedInXml(char c) =>
        c == '\t' || c == '\n' || c == '\r' || (c >= ' ' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
