// The layer contract: a forward/backward pair over a mini-batch of B samples laid out one after the
// other, each sample an NHWC activation of InputShape (resp. OutputShape). Parameters live in the
// network's one float buffer; each layer gets its slice.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>A layer of a <see cref="FloatNetwork"/>: shapes, parameter count, forward and backward passes.</summary>
public abstract class Layer
{
    /// <summary>Creates a layer mapping <paramref name="input"/>-shaped samples to <paramref name="output"/>-shaped ones.</summary>
    protected Layer(FeatureShape input, FeatureShape output, int parameterCount)
    {
        if (input.Size <= 0 || output.Size <= 0)
            throw new ArgumentException($"{GetType().Name}: input {input} gives output {output}; both must be non-empty");
        InputShape = input;
        OutputShape = output;
        ParameterCount = parameterCount;
    }

    /// <summary>Shape of one input sample.</summary>
    public FeatureShape InputShape { get; }

    /// <summary>Shape of one output sample.</summary>
    public FeatureShape OutputShape { get; }

    /// <summary>Number of float parameters (weights then biases).</summary>
    public int ParameterCount { get; }

    /// <summary>Start of this layer's parameters in <see cref="FloatNetwork.Parameters"/>.</summary>
    public int ParameterOffset { get; internal set; }

    /// <summary>Fills freshly created parameters (He-uniform weights, zero biases by default).</summary>
    public virtual void Initialize(Span<float> parameters, ref Pcg32 random) { }

    /// <summary>Computes <paramref name="output"/> (B·OutputShape.Size) from <paramref name="input"/> (B·InputShape.Size).</summary>
    public abstract void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> = ∂L/∂output: adds ∂L/∂parameters into
    /// <paramref name="parameterGradient"/> and overwrites <paramref name="inputGradient"/> with ∂L/∂input
    /// (skipped when it is empty, as for the first layer). <paramref name="output"/> is the forward result.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> inputGradient, Span<float> parameterGradient, int batch);

    /// <summary>He-uniform limit <c>sqrt(6 / fanIn)</c>, the device head's (<see cref="HeadParameters.HeUniformLimit"/>).</summary>
    protected static float HeLimit(int fanIn) => HeadParameters.HeUniformLimit(fanIn);
}
