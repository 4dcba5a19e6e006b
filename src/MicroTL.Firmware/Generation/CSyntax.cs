// Spelling values and names as C99 source: exact literals (floats as hexadecimal, so every bit survives),
// identifiers from arbitrary names, and text that is safe inside a /* */ comment.
using System.Globalization;
using System.Text;

namespace MicroTL.Firmware.Generation;

/// <summary>C99 spellings of the values, names and comments the generator writes.</summary>
public static class CSyntax
{
    private static readonly HashSet<string> Keywords =
    [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float",
        "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof", "static",
        "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Imaginary",
    ];

    /// <summary>An int32 literal; <see cref="int.MinValue"/> as <c>(-2147483647 - 1)</c>, which C cannot spell directly.</summary>
    public static string Int(int value) =>
        value == int.MinValue ? "(-2147483647 - 1)" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A float literal with the exact bits of <paramref name="value"/>: a hexadecimal float (<c>0x1.8p+3f</c>;
    /// subnormals as <c>0x0.…p-126f</c>, zeros with their sign), <c>INFINITY</c>/<c>-INFINITY</c> (math.h), and
    /// <c>NAN</c> for any NaN (its payload is not kept).
    /// </summary>
    public static string Float(float value)
    {
        if (float.IsNaN(value)) return "NAN";
        if (float.IsPositiveInfinity(value)) return "INFINITY";
        if (float.IsNegativeInfinity(value)) return "-INFINITY";
        int bits = BitConverter.SingleToInt32Bits(value);
        string sign = bits < 0 ? "-" : "";
        int exponent = (bits >> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        // 23 mantissa bits shifted left by one fill six hexadecimal digits exactly.
        string digits = (mantissa << 1).ToString("x6", CultureInfo.InvariantCulture);
        if (exponent == 0)
            return mantissa == 0 ? sign + "0x0p+0f" : $"{sign}0x0.{digits}p-126f";
        int unbiased = exponent - 127;
        return $"{sign}0x1.{digits}p{(unbiased >= 0 ? "+" : "")}{unbiased.ToString(CultureInfo.InvariantCulture)}f";
    }

    /// <summary>
    /// A C identifier made of <paramref name="name"/>: every run of characters other than ASCII letters, digits and
    /// '_' becomes one '_', leading and trailing '_' are dropped, a leading digit gets an 'm' before it; "model" for
    /// a name with nothing left. The result is a valid identifier (and not a keyword: the generator prefixes it).
    /// </summary>
    public static string Identifier(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            bool keep = char.IsAsciiLetterOrDigit(c);
            if (keep) text.Append(c);
            else if (text.Length > 0 && text[^1] != '_') text.Append('_');
        }
        string result = text.ToString().Trim('_');
        if (result.Length == 0) return "model";
        return char.IsAsciiDigit(result[0]) ? "m" + result : result;
    }

    /// <summary>True when <paramref name="name"/> is a C identifier (ASCII letters, digits, '_', not starting with a digit) and not a C99 keyword.</summary>
    public static bool IsIdentifier(string name) =>
        !string.IsNullOrEmpty(name) && !char.IsAsciiDigit(name[0]) && !Keywords.Contains(name)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// <paramref name="text"/> made safe for a <c>/* */</c> comment compiled with <c>-Wall -Werror</c>: printable ASCII
    /// only (others become '?'), no comment delimiters (<c>*/</c>, <c>/*</c>), no trigraph openers (<c>??</c>), and
    /// no backslash (which could splice lines).
    /// </summary>
    public static string CommentText(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (char c in text) safe.Append(c is >= ' ' and <= '~' && c != '\\' ? c : '?');
        string result = safe.ToString();
        string previous;
        do
        {
            previous = result;
            result = result.Replace("*/", "*_/", StringComparison.Ordinal).Replace("/*", "/_*", StringComparison.Ordinal)
                .Replace("??", "?_", StringComparison.Ordinal);
        } while (result != previous);
        return result;
    }

    /// <summary>
    /// A C string literal of <paramref name="text"/>: printable ASCII with quotes and backslashes escaped; other
    /// characters, and '?' (which could start a trigraph), become '_'.
    /// </summary>
    public static string StringLiteral(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            if (c is '"' or '\\') literal.Append('\\').Append(c);
            else literal.Append(c is >= ' ' and <= '~' && c != '?' ? c : '_');
        }
        return literal.Append('"').ToString();
    }
}
