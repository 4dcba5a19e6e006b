using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>SGD with momentum and L2 weight decay, one plain loop over the parameters (PyTorch semantics, no dampening).</summary>
public static class SgdMomentum
{
    /// <summary>Multiply-adds per parameter per step: decay, velocity, update.</summary>
    public const int MultiplyAddsPerParameter = 3;

    /// <summary>
    /// One step: <c>g' = g + λw;  v = μv + g';  w = w - ηv</c>.
    /// </summary>
    /// <remarks>Order (the float contract): per parameter k ascending, in float, <c>g = g_k + λ * w_k</c>,
    /// <c>v_k = μ * v_k + g</c>, <c>w_k = w_k - η * v_k</c>.</remarks>
    public static void Step(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> velocity,
        float learningRate, float momentum, float weightDecay)
    {
        Debug.Assert(gradients.Length == weights.Length && velocity.Length == weights.Length);
        for (int k = 0; k < weights.Length; k++)
        {
            // L2 weight decay pulls every weight towards 0 (the authors' regulariser).
            float g = gradients[k] + weightDecay * weights[k];
            // Velocity: an exponentially weighted sum of past gradients; smooths the noisy small-batch gradient.
            float v = momentum * velocity[k] + g;
            velocity[k] = v;
            // Step against the velocity.
            weights[k] -= learningRate * v;
        }
    }
}
