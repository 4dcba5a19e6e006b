// Maps data values to pixel positions along one axis, linear or log10.
namespace MicroTL.Toolkit.Reporting;

/// <summary>A linear or log10 map from the tick range of an axis to a pixel interval.</summary>
internal sealed class AxisScale
{
    private readonly double _low;
    private readonly double _high;

    public AxisScale(AxisTicks ticks, double pixelStart, double pixelEnd)
    {
        Ticks = ticks;
        PixelStart = pixelStart;
        PixelEnd = pixelEnd;
        _low = Transform(ticks.Min);
        _high = Transform(ticks.Max);
    }

    public AxisTicks Ticks { get; }

    public double PixelStart { get; }

    public double PixelEnd { get; }

    /// <summary>Pixel of <paramref name="value"/>; values outside the ticks map outside the interval.</summary>
    public double Map(double value)
    {
        // NiceTicks never returns a zero-width range, but a caller-built one must not give NaN.
        double span = _high - _low;
        double fraction = span == 0 ? 0.5 : (Transform(value) - _low) / span;
        return PixelStart + fraction * (PixelEnd - PixelStart);
    }

    private double Transform(double value) => Ticks.IsLogarithmic ? Math.Log10(value) : value;
}
