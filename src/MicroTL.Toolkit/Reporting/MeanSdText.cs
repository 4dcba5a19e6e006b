// Mean ± sd as people read it in a table: the two numbers kept on one line, and no "± 0.0" for a
// single run, whose standard deviation is undefined (the cell shows the mean alone; the caption says why).
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Text of a <see cref="MeanSd"/> for reports and tables.</summary>
public static class MeanSdText
{
    /// <summary>What a caption says when a cell shows a mean without its sd.</summary>
    public const string SingleRunNote = "a value without ± comes from a single run, whose sd is undefined";

    /// <summary>
    /// <c>39.9 ± 11.3</c> (no-break spaces, so a cell never wraps inside it), <c>41.2</c> for one value (sd undefined),
    /// <c>n/a</c> for none; <paramref name="scale"/> multiplies both (100 for percent).
    /// </summary>
    public static string Of(MeanSd value, int fractionDigits, double scale = 1) => value.Count switch
    {
        0 => "n/a",
        1 => Markup.Fixed(scale * value.Mean, fractionDigits),
        _ => $"{Markup.Fixed(scale * value.Mean, fractionDigits)}\u00A0±\u00A0{Markup.Fixed(scale * value.Sd, fractionDigits)}",
    };

    /// <summary>
    /// The same for a fixed-width text column: the mean right-aligned in <paramref name="meanWidth"/> characters, then
    /// <c> ± </c> and the sd left-aligned in <paramref name="sdWidth"/>, so the ± signs of a column line up whatever the sd's
    /// digits; one value shows its mean and blanks; none shows <c>n/a</c> in the mean's place.
    /// </summary>
    public static string Aligned(MeanSd value, int fractionDigits, int meanWidth, int sdWidth, double scale = 1)
    {
        string mean = value.Count == 0 ? "n/a" : Plain(scale * value.Mean, fractionDigits);
        string sd = value.Count < 2 ? new string(' ', 3 + sdWidth) : " ± " + Plain(scale * value.Sd, fractionDigits).PadRight(sdWidth);
        return mean.PadLeft(meanWidth) + sd;
    }

    /// <summary>True when some value of <paramref name="values"/> comes from a single run (its cell shows no sd).</summary>
    public static bool AnySingle(IEnumerable<MeanSd> values) => values.Any(v => v.Count == 1);

    private static string Plain(double value, int fractionDigits) =>
        value.ToString("F" + fractionDigits, System.Globalization.CultureInfo.InvariantCulture);
}
