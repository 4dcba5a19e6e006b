// One category (a group or a stack) of a bar chart.
namespace MicroTL.Toolkit.Reporting;

/// <summary>A labelled category with one value per series of the chart.</summary>
/// <param name="Label">Text on the category axis.</param>
/// <param name="Values">One value per series, in series order; a non-finite value draws no bar.</param>
public sealed record BarCategory(string Label, IReadOnlyList<double> Values)
{
    /// <summary>Sum of the finite values: the length of a stacked bar (net of negative parts).</summary>
    public double Total => Values.Where(double.IsFinite).Sum();

    /// <summary>Sum of the finite positive values: where a stack ends above (or right of) zero.</summary>
    public double PositiveTotal => Values.Where(value => double.IsFinite(value) && value > 0).Sum();

    /// <summary>Sum of the finite negative values: where a stack ends below (or left of) zero.</summary>
    public double NegativeTotal => Values.Where(value => double.IsFinite(value) && value < 0).Sum();
}
