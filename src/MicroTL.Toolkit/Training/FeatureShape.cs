namespace MicroTL.Toolkit.Training;

/// <summary>The shape of one sample's activation in NHWC order, without the batch dimension.</summary>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Channels">C (innermost).</param>
public readonly record struct FeatureShape(int Height, int Width, int Channels)
{
    /// <summary>Elements of one sample: <c>H·W·C</c>.</summary>
    public int Size => Height * Width * Channels;

    /// <inheritdoc/>
    public override string ToString() => $"{Height}x{Width}x{Channels}";
}
