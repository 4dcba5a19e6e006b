// FULLY_CONNECTED in float32. Letters: B batch, I inputs, O outputs. Weights [O, I] (TFLite's
// layout), then bias [O]. The input shape is any H·W·C; it is read as I = H·W·C values. Forward and
// backward are the device head's (MicroTL.Training.FullyConnectedFloat), so a dense layer computes
// here what the head computes on the device, in the same order.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>A fully connected layer <c>y = W·x + b</c> with optional fused ReLU.</summary>
public sealed class DenseLayer : Layer
{
    // Above this many outputs the masked gradient row of a fused ReLU comes from the heap, not the stack.
    private const int MaxStackUnits = 1024;

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
    public override void Initialize(Span<float> parameters, ref Pcg32 random)
    {
        float limit = HeLimit(Inputs);
        for (int i = 0; i < WeightCount; i++) parameters[i] = random.NextSymmetric(limit);
        parameters[WeightCount..].Clear();
    }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        Span<float> y = output[..(batch * Units)];
        FullyConnectedFloat.Forward(input[..(batch * Inputs)], parameters[..WeightCount], parameters.Slice(WeightCount, Units), y, batch, Inputs, Units);
        if (Relu) MicroTL.Training.Relu.Forward(y, y);
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch)
    {
        ReadOnlySpan<float> weights = parameters[..WeightCount];
        Span<float> dWeights = parameterGradient[..WeightCount], dBias = parameterGradient.Slice(WeightCount, Units);
        Span<float> dx = inputGradient.IsEmpty ? Span<float>.Empty : inputGradient[..(batch * Inputs)];
        if (!Relu)
        {
            FullyConnectedFloat.Backward(outputGradient[..(batch * Units)], input[..(batch * Inputs)], weights, dWeights, dBias, dx, batch, Inputs, Units);
            return;
        }

        // Fused ReLU: the gradient through max(0, y) is 0 where the output is 0. The kernel's outer loop is over samples,
        // so one sample at a time with its masked row sums the gradients in the same order as the whole batch at once.
        Span<float> masked = Units <= MaxStackUnits ? stackalloc float[Units] : new float[Units];
        for (int b = 0; b < batch; b++)
        {
            outputGradient.Slice(b * Units, Units).CopyTo(masked);
            MicroTL.Training.Relu.BackwardInPlace(output.Slice(b * Units, Units), masked);
            FullyConnectedFloat.Backward(masked, input.Slice(b * Inputs, Inputs), weights, dWeights, dBias,
                dx.IsEmpty ? Span<float>.Empty : dx.Slice(b * Inputs, Inputs), 1, Inputs, Units);
        }
    }
}
