namespace MicroTL.Toolkit.Training;

/// <summary>
/// Flatten H x W x C to 1 x 1 x (H·W·C). NHWC order is kept, so the values do not move: it is the
/// RESHAPE that export writes before a FULLY_CONNECTED.
/// </summary>
public sealed class FlattenLayer(FeatureShape input) : Layer(input, new FeatureShape(1, 1, input.Size), 0)
{
    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch) =>
        input[..(batch * InputShape.Size)].CopyTo(output);

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        if (!inputGradient.IsEmpty) outputGradient[..(batch * InputShape.Size)].CopyTo(inputGradient);
    }
}
