// A headline figure of a report, shown as a small box ("Accuracy after transfer: 91.2 %").
using System.Globalization;

namespace MicroTL.Toolkit.Reporting;

/// <summary>A label, a value and an optional line of detail under it.</summary>
/// <param name="Label">What the value is, e.g. <c>Peak RAM</c>.</param>
/// <param name="Value">The value as shown, e.g. <c>181.3 KB</c>.</param>
/// <param name="Detail">Optional context, e.g. <c>of 256 KB</c>.</param>
public sealed record SummaryCard(string Label, string Value, string? Detail = null)
{
    /// <summary>A card whose value is <paramref name="value"/> with <paramref name="fractionDigits"/> digits (invariant culture) and an optional unit.</summary>
    public static SummaryCard Of(string label, double value, int fractionDigits, string unit = "", string? detail = null) =>
        new(label, unit.Length == 0 ? Markup.Fixed(value, fractionDigits) : string.Create(CultureInfo.InvariantCulture, $"{Markup.Fixed(value, fractionDigits)} {unit}"), detail);
}
