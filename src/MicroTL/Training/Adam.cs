using System.Diagnostics;

namespace MicroTL.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction and weight decay, one plain loop: the optimizer of the
/// device's head and of the host's pretraining. Weight decay is L2 added to the gradient (coupled, the device's
/// default, as SGD's) or, with <see cref="OptimizerSettings.DecoupledWeightDecay"/>, AdamW's (Loshchilov and Hutter 2019).
/// </summary>
public static class Adam
{
    /// <summary>
    /// Multiply-adds per parameter per step: decay 1, m 2, v 3, update 2. Each step also takes one
    /// square root and one division per parameter, not counted here.
    /// </summary>
    public const int MultiplyAddsPerParameter = 8;

    /// <summary>
    /// One step t (1-based), with <c>p1 = β1^t</c> and <c>p2 = β2^t</c> the running products of the caller
    /// (<see cref="HeadOptimizer"/>: one double multiply a step, never <c>Math.Pow</c>):
    /// <c>g' = g + λw</c> (coupled) or <c>g' = g</c> (decoupled); <c>m = β1 m + (1-β1) g'</c>; <c>v = β2 v + (1-β2) g' g'</c>;
    /// <c>w = w - η (m / (1-p1)) / (sqrt(v / (1-p2)) + ε)</c>, decoupled also <c>- η λ w</c>.
    /// </summary>
    /// <remarks>
    /// Order (the float contract): the scalars once, in double then rounded to float:
    /// <c>a = (float)(η / (1.0 - p1))</c>, <c>s = (float)(1.0 / (1.0 - p2))</c>; <c>c1 = 1f - β1</c>, <c>c2 = 1f - β2</c>,
    /// <c>d = η * λ</c> in float. Then per parameter k ascending, in float: <c>g = g_k + λ * w_k</c> (coupled);
    /// <c>m_k = β1 * m_k + c1 * g</c>; <c>v_k = β2 * v_k + (c2 * g) * g</c>; <c>u = a * m_k / (Sqrt(v_k * s) + ε)</c> (that is
    /// <c>(a * m_k) / (...)</c>); coupled <c>w_k = w_k - u</c>, decoupled <c>w_k = w_k - (u + d * w_k)</c>.
    /// </remarks>
    public static void Step(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        OptimizerSettings settings, float learningRate, double beta1Power, double beta2Power)
    {
        Debug.Assert(beta1Power < 1 && beta2Power < 1);
        Debug.Assert(gradients.Length == weights.Length && m.Length == weights.Length && v.Length == weights.Length);
        float beta1 = settings.Beta1, beta2 = settings.Beta2, epsilon = settings.Epsilon, weightDecay = settings.WeightDecay;
        bool decoupled = settings.DecoupledWeightDecay;
        // Bias correction: m and v start at 0, so early averages are too small by (1 - β^t).
        // Computed once per step (a scalar), folded into the step size and the v scale.
        float stepSize = (float)(learningRate / (1.0 - beta1Power));
        float vScale = (float)(1.0 / (1.0 - beta2Power));
        float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
        float decay = learningRate * weightDecay;
        for (int k = 0; k < weights.Length; k++)
        {
            // L2 weight decay, as in SGD (added to the gradient), unless it is decoupled.
            float g = decoupled ? gradients[k] : gradients[k] + weightDecay * weights[k];
            // First moment: running mean of gradients.
            float mk = beta1 * m[k] + oneMinusBeta1 * g;
            // Second moment: running mean of squared gradients (per-parameter scale).
            float vk = beta2 * v[k] + oneMinusBeta2 * g * g;
            m[k] = mk;
            v[k] = vk;
            // Step: corrected mean over corrected root mean square (and, decoupled, the decay on the weight itself).
            float update = stepSize * mk / (DeviceMath.Sqrt(vk * vScale) + epsilon);
            weights[k] = decoupled ? weights[k] - (update + decay * weights[k]) : weights[k] - update;
        }
    }
}
