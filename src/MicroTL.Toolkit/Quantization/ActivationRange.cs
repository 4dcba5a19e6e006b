namespace MicroTL.Toolkit.Quantization;

/// <summary>The range [Min, Max] of a tensor's values seen during calibration (always containing 0).</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>An empty range that the first <see cref="Include"/> replaces; it already contains 0.</summary>
    public static readonly ActivationRange Zero = new(0f, 0f);

    /// <summary>This range widened to cover <paramref name="values"/>.</summary>
    public ActivationRange Include(ReadOnlySpan<float> values)
    {
        float min = Min, max = Max;
        foreach (float v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }

        return new ActivationRange(min, max);
    }

    /// <summary>
    /// Asymmetric int8 parameters covering the range, as TFLite's converter picks them:
    /// <c>scale = (max - min) / 255</c>, <c>zeroPoint = clamp(round(-128 - min / scale), -128, 127)</c>.
    /// </summary>
    public (float Scale, int ZeroPoint) Int8Parameters()
    {
        float min = Math.Min(Min, 0f), max = Math.Max(Max, 0f);
        if (max - min < 1e-8f) max = min + 1e-8f;
        float scale = (max - min) / 255f;
        int zeroPoint = (int)Math.Clamp(Math.Round(-128 - min / (double)scale, MidpointRounding.AwayFromZero), -128, 127);
        return (scale, zeroPoint);
    }
}
