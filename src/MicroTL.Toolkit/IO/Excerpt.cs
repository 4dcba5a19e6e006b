using System.Globalization;

namespace MicroTL.Toolkit.IO;

/// <summary>Text read from a file or an argument, cut short for an error message: a 10 MB field is not printed whole.</summary>
public static class Excerpt
{
    /// <summary>Characters of a quoted field kept in messages.</summary>
    public const int DefaultChars = 40;

    /// <summary>
    /// <paramref name="text"/> when it has at most <paramref name="maxChars"/> characters, else its first ones and how many
    /// were left out: <c>abcdef... (1048576 characters)</c>. Line breaks and other control characters become spaces.
    /// </summary>
    public static string Of(string text, int maxChars = DefaultChars)
    {
        string shown = text.Length <= maxChars ? text : text[..maxChars];
        if (shown.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0)
            shown = string.Create(shown.Length, shown, (span, s) =>
            {
                for (int i = 0; i < s.Length; i++) span[i] = char.IsControl(s[i]) ? ' ' : s[i];
            });
        return text.Length <= maxChars ? shown : $"{shown}... ({text.Length.ToString(CultureInfo.InvariantCulture)} characters)";
    }
}
