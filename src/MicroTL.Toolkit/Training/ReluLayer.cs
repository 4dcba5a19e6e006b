namespace MicroTL.Toolkit.Training;

/// <summary>A separate ReLU, <c>y = max(0, x)</c>; export folds it into the CONV_2D or FULLY_CONNECTED before it.</summary>
public sealed class ReluLayer(FeatureShape shape) : Layer(shape, shape, 0)
{
    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        int n = batch * InputShape.Size;
        for (int i = 0; i < n; i++) output[i] = input[i] > 0f ? input[i] : 0f;
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        if (inputGradient.IsEmpty) return;
        int n = batch * InputShape.Size;
        for (int i = 0; i < n; i++) inputGradient[i] = input[i] > 0f ? outputGradient[i] : 0f;
    }
}
