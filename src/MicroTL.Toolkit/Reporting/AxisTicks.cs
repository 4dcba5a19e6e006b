// The tick marks of one chart axis: the axis range they span and the labelled values.
namespace MicroTL.Toolkit.Reporting;

/// <summary>
/// Tick values of an axis. The axis runs from <see cref="Min"/> to <see cref="Max"/>, the first and last tick on a
/// linear axis; a log axis may end between decades, past its last labelled tick, so it ends near the data. Every tick
/// lies on the axis and the data lies inside the range.
/// </summary>
public sealed class AxisTicks
{
    internal AxisTicks(IReadOnlyList<double> values, int fractionDigits, bool isLogarithmic, double? min = null, double? max = null)
    {
        Values = values;
        FractionDigits = fractionDigits;
        IsLogarithmic = isLogarithmic;
        Min = min ?? values[0];
        Max = max ?? values[^1];
    }

    /// <summary>The tick values, ascending.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Lowest value of the axis (the first tick, or on a log axis at most a decade below it).</summary>
    public double Min { get; }

    /// <summary>Highest value of the axis (the last tick, or on a log axis at most a decade above it).</summary>
    public double Max { get; }

    /// <summary>Digits after the point that the labels need to tell the ticks apart.</summary>
    public int FractionDigits { get; }

    /// <summary>Whether the ticks are powers of ten (and 2 and 5 times them) on a log10 axis.</summary>
    public bool IsLogarithmic { get; }

    /// <summary>The label of <paramref name="value"/>, invariant culture.</summary>
    public string Label(double value) => Markup.Number(value, FractionDigits);
}
