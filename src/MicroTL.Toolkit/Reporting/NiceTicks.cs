// Axis ticks at "nice numbers" (1, 2 or 5 times a power of ten), after Heckbert, "Nice numbers
// for graph labels", Graphics Gems (1990): readers can interpolate between 0, 0.2, 0.4 but not
// between 0.13, 0.26, 0.39.
namespace MicroTL.Toolkit.Reporting;

/// <summary>Chooses readable tick values that cover a data range.</summary>
public static class NiceTicks
{
    /// <summary>
    /// About <paramref name="targetCount"/> ticks, evenly spaced by a nice step (1, 2 or 5 x
    /// 10^k), from the largest multiple of the step at or below <paramref name="min"/> to the
    /// smallest at or above <paramref name="max"/>. A zero-width range is widened (by 10% of
    /// the value, or to [0, 1] around zero) so the axis never divides by zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, <paramref name="min"/> exceeds <paramref name="max"/>, or fewer than 2 ticks are asked for.</exception>
    public static AxisTicks Linear(double min, double max, int targetCount = 5)
    {
        CheckRange(min, max);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCount, 2);
        // A range below double resolution (1 + 1e-16) counts as one value: its ticks would round together.
        if (max - min <= 1e-12 * Math.Max(Math.Abs(min), Math.Abs(max)))
        {
            double middle = (min + max) / 2;
            double pad = middle == 0 ? 0.5 : Math.Abs(middle) * 0.1;
            (min, max) = (middle - pad, middle + pad);
        }

        double step = NiceNumber((max - min) / (targetCount - 1), round: true);
        double first = Math.Floor(min / step) * step;
        double last = Math.Ceiling(max / step) * step;
        int fractionDigits = Math.Clamp(-(int)Math.Floor(Math.Log10(step)), 0, 15);
        int count = (int)Math.Round((last - first) / step) + 1;
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Multiplying (not accumulating) and rounding to the label precision keeps 0.1 + 0.2
            // from showing up as 0.30000000000000004 and gives an exact 0 tick.
            values[i] = Math.Round(first + i * step, fractionDigits) + 0.0;
        }

        return new AxisTicks(values, fractionDigits, isLogarithmic: false);
    }

    /// <summary>
    /// Ticks for a log10 axis that runs from the 1-2-5 value at or below <paramref name="min"/> to the one at or above
    /// <paramref name="max"/>, so it ends near the data (0.1 to 2000 for data up to 1324, not to 10,000). Over three decades
    /// or more the ticks are the powers of ten on the axis (its ends need not be ticks: labels 1000 and 2000 would touch);
    /// over fewer, 1, 2 and 5 times each power of ten, the ends included. A single value still gets a full decade.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or not positive, or <paramref name="min"/> exceeds <paramref name="max"/>.</exception>
    public static AxisTicks Logarithmic(double min, double max)
    {
        CheckRange(min, max);
        if (min <= 0) throw new ArgumentOutOfRangeException(nameof(min), min, "a log axis needs positive values");
        double low = OneTwoFive(min, up: false), high = OneTwoFive(max, up: true);
        if (high <= low) high = low * 10;
        bool intermediate = Math.Log10(high / low) < 3 - 1e-9;
        var values = new SortedSet<double>();
        for (int exponent = (int)Math.Floor(Math.Log10(low) + 1e-12); exponent <= (int)Math.Ceiling(Math.Log10(high) - 1e-12); exponent++)
        {
            foreach (double multiple in intermediate ? new[] { 1.0, 2, 5 } : [1.0])
            {
                double value = Round(multiple * Math.Pow(10, exponent));
                if (value >= low * (1 - 1e-12) && value <= high * (1 + 1e-12)) values.Add(value);
            }
        }

        int fractionDigits = Math.Clamp(-(int)Math.Floor(Math.Log10(values.Min) + 1e-12), 0, 15);
        return new AxisTicks([.. values], fractionDigits, isLogarithmic: true, low, high);
    }

    /// <summary>The 1-2-5 value (1, 2 or 5 x 10^k) at or below <paramref name="value"/> (or at or above, <paramref name="up"/>).</summary>
    private static double OneTwoFive(double value, bool up)
    {
        int exponent = (int)Math.Floor(Math.Log10(value) + 1e-12);
        double power = Math.Pow(10, exponent);
        double fraction = value / power;
        double[] steps = [1, 2, 5, 10];
        double step = up ? steps.First(s => s >= fraction * (1 - 1e-12)) : steps.Last(s => s <= fraction * (1 + 1e-12));
        return Round(step * power);
    }

    /// <summary>Rounds away the binary noise of 10^k (0.30000000000000004 becomes 0.3) so ticks compare and print exactly.</summary>
    private static double Round(double value) => double.Parse(value.ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A nice number near <paramref name="value"/>: rounded to the nearest, or else the next one up.</summary>
    internal static double NiceNumber(double value, bool round)
    {
        double exponent = Math.Floor(Math.Log10(value));
        double power = Math.Pow(10, exponent);
        double fraction = value / power;
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    private static void CheckRange(double min, double max)
    {
        if (!double.IsFinite(min)) throw new ArgumentOutOfRangeException(nameof(min), min, "axis bounds must be finite");
        if (!double.IsFinite(max)) throw new ArgumentOutOfRangeException(nameof(max), max, "axis bounds must be finite");
        if (min > max) throw new ArgumentOutOfRangeException(nameof(min), min, $"axis minimum {min} exceeds maximum {max}");
        if (!double.IsFinite(max - min)) throw new ArgumentOutOfRangeException(nameof(max), max, $"axis range {min} to {max} is too wide for a double");
    }
}
