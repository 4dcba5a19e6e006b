using System.Globalization;

namespace MicroTL.Toolkit.Data;

/// <summary>Number lists on the command line: "1600-1630", "1601,1605", or both mixed ("1600-1603,1610").</summary>
public static class Ranges
{
    /// <summary>Parses a list of numbers and inclusive ranges.</summary>
    /// <exception cref="DataFormatException">A part is not a number or a range low-high with low &lt;= high.</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        var values = new List<int>();
        foreach (string raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = raw.IndexOf('-', 1);
            if (dash < 0)
            {
                values.Add(Number(raw, text));
                continue;
            }

            int low = Number(raw[..dash], text), high = Number(raw[(dash + 1)..], text);
            if (low > high || high - low > 1_000_000)
                throw new DataFormatException($"'{raw}' in '{text}' is not a range low-high");
            for (int v = low; v <= high; v++) values.Add(v);
        }

        if (values.Count == 0) throw new DataFormatException($"'{text}' names no numbers");
        return values.Distinct().ToList();
    }

    /// <summary>Formats ascending numbers compactly: 1600-1616,1618.</summary>
    public static string Format(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j > i ? $"{sorted[i]}-{sorted[j]}" : sorted[i].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }

        return string.Join(",", parts);
    }

    private static int Number(string part, string text) =>
        int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new DataFormatException($"'{part}' in '{text}' is not a number");
}
