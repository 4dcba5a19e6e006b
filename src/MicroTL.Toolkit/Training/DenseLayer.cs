// FULLY_CONNECTED in float32. Letters: B batch, I inputs, O outputs. Weights [O, I] (TFLite's
// layout), then bias [O]. The input shape is any H·W·C; it is read as I = H·W·C values.
namespace MicroTL.Toolkit.Training;

/// <summary>A fully connected layer <c>y = W·x + b</c> with optional fused ReLU.</summary>
public sealed class DenseLayer : Layer
{
    /// <summary>Creates the layer over <c>input.Size</c> inputs.</summary>
    public DenseLayer(FeatureShape input, int units, bool relu)
        : base(input, new FeatureShape(1, 1, units), units * input.Size + units)
    {
        Units = units;
        Relu = relu;
    }

    /// <summary>O.</summary>
    public int Units { get; }

    /// <summary>True when ReLU is fused into the output.</summary>
    public bool Relu { get; }

    /// <summary>I.</summary>
    public int Inputs => InputShape.Size;

    /// <summary>Weights in the parameter slice: O·I, then O biases.</summary>
    public int WeightCount => Units * Inputs;

    /// <inheritdoc/>
    public override void Initialize(Span<float> parameters, ref TrainingRandom random)
    {
        float limit = HeLimit(Inputs);
        for (int i = 0; i < WeightCount; i++) parameters[i] = random.NextSymmetric(limit);
        parameters[WeightCount..].Clear();
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        int n = Inputs;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * n, n);
            for (int o = 0; o < Units; o++)
            {
                float sum = parameters[WeightCount + o] + VectorMath.Dot(x, parameters.Slice(o * n, n));
                output[b * Units + o] = Relu && sum < 0f ? 0f : sum;
            }
        }
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        int n = Inputs;
        bool wantInput = !inputGradient.IsEmpty;
        if (wantInput) inputGradient[..(batch * n)].Clear();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * n, n);
            for (int o = 0; o < Units; o++)
            {
                float g = outputGradient[b * Units + o];
                if (Relu && output[b * Units + o] <= 0f) g = 0f;
                if (g == 0f) continue;
                parameterGradient[WeightCount + o] += g;
                VectorMath.Axpy(g, x, parameterGradient.Slice(o * n, n));
                if (wantInput) VectorMath.Axpy(g, parameters.Slice(o * n, n), inputGradient.Slice(b * n, n));
            }
        }
    }
}
