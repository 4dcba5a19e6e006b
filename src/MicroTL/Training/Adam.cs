using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>Adam (Kingma and Ba 2015) with bias correction and L2 weight decay, one plain loop.</summary>
public static class Adam
{
    /// <summary>
    /// Multiply-adds per parameter per step: decay 1, m 2, v 3, update 2. Each step also takes one
    /// square root and one division per parameter, not counted here.
    /// </summary>
    public const int MultiplyAddsPerParameter = 8;

    /// <summary>
    /// One step t (1-based):
    /// <c>g' = g + λw;  m = β1 m + (1-β1) g';  v = β2 v + (1-β2) g'^2;</c>
    /// <c>w = w - η (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)</c>.
    /// </summary>
    public static void Step(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        long step, float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
    {
        Debug.Assert(step >= 1);
        Debug.Assert(gradients.Length == weights.Length && m.Length == weights.Length && v.Length == weights.Length);
        // Bias correction: m and v start at 0, so early averages are too small by (1 - β^t).
        // Computed once per step (a scalar), folded into the step size and the v scale.
        float stepSize = (float)(learningRate / (1.0 - Math.Pow(beta1, step)));
        float vScale = (float)(1.0 / (1.0 - Math.Pow(beta2, step)));
        float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
        for (int k = 0; k < weights.Length; k++)
        {
            // L2 weight decay, as in SGD (added to the gradient, not decoupled).
            float g = gradients[k] + weightDecay * weights[k];
            // First moment: running mean of gradients.
            float mk = beta1 * m[k] + oneMinusBeta1 * g;
            // Second moment: running mean of squared gradients (per-parameter scale).
            float vk = beta2 * v[k] + oneMinusBeta2 * g * g;
            m[k] = mk;
            v[k] = vk;
            // Step: corrected mean over corrected root mean square.
            weights[k] -= stepSize * mk / (MathF.Sqrt(vk * vScale) + epsilon);
        }
    }
}
