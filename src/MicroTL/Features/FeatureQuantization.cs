namespace MicroTL.Features;

/// <summary>
/// The per-tensor affine int8 quantization of the cut-layer features (TFLite's int8 scheme), used
/// to turn stored features back into real values before the float head trains on them.
/// </summary>
/// <remarks>
/// <c>real = Scale * (q - ZeroPoint)</c>. The zero point is where the real value 0 sits (where
/// ReLU bends), so the features are shifted before scaling. <c>q - ZeroPoint</c> is an exact
/// integer in [-255, 255]; converting it to float is exact, so one dequantized value is exactly one
/// float multiplication and is bitwise reproducible on any IEEE-754 FPU.
/// </remarks>
public readonly record struct FeatureQuantization
{
    /// <summary>Creates the quantization after checking its parameters.</summary>
    /// <param name="scale">Real value of one quantization step; positive and finite.</param>
    /// <param name="zeroPoint">The int8 value that represents real 0; in [-128, 127].</param>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not positive and finite, or the zero point is outside int8.</exception>
    public FeatureQuantization(float scale, int zeroPoint)
    {
        if (!float.IsFinite(scale) || scale <= 0f)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Feature scale must be positive and finite, got {scale}.");
        if (zeroPoint < sbyte.MinValue || zeroPoint > sbyte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(zeroPoint), zeroPoint, $"Feature zero point must be in [-128, 127], got {zeroPoint}.");
        Scale = scale;
        ZeroPoint = zeroPoint;
    }

    /// <summary>Real value of one quantization step.</summary>
    public float Scale { get; }

    /// <summary>The int8 value that represents real 0.</summary>
    public int ZeroPoint { get; }

    /// <summary>Reverse quantization of one value: <c>Scale * (q - ZeroPoint)</c>.</summary>
    public float Dequantize(sbyte q) => Scale * (q - ZeroPoint);
}
