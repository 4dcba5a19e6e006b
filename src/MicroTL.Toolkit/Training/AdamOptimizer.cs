// Adam (Kingma & Ba 2015) over one flat parameter buffer, with optional decoupled weight decay
// (AdamW). Plain loops: deterministic, and the update is cheap next to the backward pass.
namespace MicroTL.Toolkit.Training;

/// <summary>Adam state (first and second moments, step count) for a parameter buffer of fixed size.</summary>
public sealed class AdamOptimizer
{
    private readonly float[] _m, _v;

    /// <summary>Creates zeroed moments for <paramref name="parameterCount"/> parameters.</summary>
    public AdamOptimizer(int parameterCount, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "expected > 0");
        _m = new float[parameterCount];
        _v = new float[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>Step size α.</summary>
    public float LearningRate { get; set; }

    /// <summary>β1, decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>β2, decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>ε in the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>Decoupled weight decay λ (0 = plain Adam).</summary>
    public float WeightDecay { get; }

    /// <summary>Updates taken so far (t).</summary>
    public int Steps { get; private set; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    /// <remarks>
    /// <c>m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; θ -= α·(m/(1-β1^t)) / (sqrt(v/(1-β2^t)) + ε) + α·λ·θ</c>.
    /// </remarks>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != _m.Length || gradients.Length != _m.Length)
            throw new ArgumentException($"Adam holds {_m.Length} parameters; got {parameters.Length} parameters and {gradients.Length} gradients");
        Steps++;
        float correction1 = 1f - MathF.Pow(Beta1, Steps);
        float correction2 = 1f - MathF.Pow(Beta2, Steps);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            _m[i] = Beta1 * _m[i] + (1f - Beta1) * g;         // first moment: a running mean of the gradient
            _v[i] = Beta2 * _v[i] + (1f - Beta2) * g * g;     // second moment: a running mean of its square
            float mHat = _m[i] / correction1;                  // bias correction for the zero start
            float vHat = _v[i] / correction2;
            parameters[i] -= LearningRate * (mHat / (MathF.Sqrt(vHat) + Epsilon) + WeightDecay * parameters[i]);
        }
    }
}
