// A table for a report: text cells left-aligned, numbers right-aligned with tabular digits so
// columns of figures line up, every number in the invariant culture.
using System.Globalization;
using System.Text;

namespace MicroTL.Toolkit.Reporting;

/// <summary>
/// Rows of cells under a header. Cells may be strings or numbers (any integer type, float,
/// double, decimal); numbers are formatted invariantly with the column's fraction digits, and a
/// column whose cells are all numbers (or empty) is right-aligned.
/// </summary>
public sealed class ReportTable
{
    private readonly string[] _headers;
    private readonly int?[] _fractionDigits;
    private readonly int?[] _significantDigits;
    private readonly List<object?[]> _rows = [];

    /// <summary>A table with these column headers.</summary>
    /// <exception cref="ArgumentException">No header is given.</exception>
    public ReportTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(headers));
        _headers = headers.Select(header => header ?? string.Empty).ToArray();
        _fractionDigits = new int?[headers.Length];
        _significantDigits = new int?[headers.Length];
    }

    /// <summary>Optional caption above the table.</summary>
    public string Caption { get; set; } = string.Empty;

    /// <summary>Digits after the point for non-integer numbers, unless a column sets its own.</summary>
    public int FractionDigits { get; set; } = 2;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _headers.Length;

    /// <summary>Number of rows added.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Sets the digits after the point for the non-integer numbers of one column.</summary>
    public ReportTable SetFractionDigits(int column, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _headers.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        _fractionDigits[column] = digits;
        return this;
    }

    /// <summary>
    /// Shows the non-integer numbers of one column to at most <paramref name="digits"/> significant digits (see
    /// <see cref="Markup.Significant"/>) instead of a fixed count after the point: for a column of values of very
    /// different magnitudes, where a fixed count would print <c>64 000 000.0000</c> beside <c>0.0032</c>.
    /// </summary>
    public ReportTable SetSignificantDigits(int column, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _headers.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        _significantDigits[column] = digits;
        return this;
    }

    /// <summary>Adds a row of one cell per column (null for an empty cell).</summary>
    /// <exception cref="ArgumentException">The number of cells is not the number of columns.</exception>
    public ReportTable AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length) throw new ArgumentException($"row {_rows.Count} has {cells.Length} cells but the table has {_headers.Length} columns", nameof(cells));
        _rows.Add((object?[])cells.Clone());
        return this;
    }

    /// <summary>The table as an HTML <c>&lt;table&gt;</c> element.</summary>
    public string ToHtml()
    {
        bool[] numeric = Enumerable.Range(0, _headers.Length)
            .Select(column => _rows.Any(row => IsNumber(row[column])) && _rows.All(row => row[column] is null || IsNumber(row[column])))
            .ToArray();
        var html = new StringBuilder("<table>");
        if (Caption.Length > 0) html.Append("<caption>").Append(Markup.Escape(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        for (int c = 0; c < _headers.Length; c++) html.Append(numeric[c] ? "<th class=\"num\">" : "<th>").Append(Markup.Escape(_headers[c])).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (object?[] row in _rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < row.Length; c++)
            {
                string text = CellText(row[c], c);
                html.Append(numeric[c] ? "<td class=\"num\">" : HasLongRun(text) ? "<td class=\"break\">" : "<td>").Append(Markup.Escape(text)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private string CellText(object? cell, int column) => cell switch
    {
        null => string.Empty,
        string text => text,
        double or float or decimal when _significantDigits[column] is int digits => Markup.Significant(Convert.ToDouble(cell, CultureInfo.InvariantCulture), digits),
        double value => Markup.Fixed(value, _fractionDigits[column] ?? FractionDigits),
        float value => Markup.Fixed(value, _fractionDigits[column] ?? FractionDigits),
        decimal value => Markup.Fixed((double)value, _fractionDigits[column] ?? FractionDigits),
        sbyte or byte or short or ushort or int or uint or long or ulong => Markup.Fixed(Convert.ToDouble(cell, CultureInfo.InvariantCulture), 0),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? string.Empty,
    };

    /// <summary>
    /// True when <paramref name="text"/> has a run of more than 30 characters without a space (a URL): such a cell may break
    /// the run anywhere, so the table stays within the page; other cells break only between words.
    /// </summary>
    private static bool HasLongRun(string text)
    {
        int run = 0;
        foreach (char c in text)
        {
            run = char.IsWhiteSpace(c) ? 0 : run + 1;
            if (run > 30) return true;
        }

        return false;
    }

    private static bool IsNumber(object? cell) =>
        cell is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;
}
