using System.Diagnostics;
using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction and weight decay, elementwise over the parameters: the optimizer of
/// the device's head and of the host's pretraining. Weight decay is L2 added to the gradient (coupled, the device's
/// default, as SGD's) or, with <see cref="OptimizerSettings.DecoupledWeightDecay"/>, AdamW's (Loshchilov and Hutter 2019).
/// </summary>
public static class Adam
{
    /// <summary>
    /// Multiply-adds per parameter per step: decay 1, m 2, v 3, update 2 (the square root and the division are
    /// <see cref="RootsAndDivisionsPerParameter"/>).
    /// </summary>
    public const int MultiplyAddsPerParameter = 8;

    /// <summary>Square roots and divisions per parameter per step: <c>sqrt(v·s)</c> and the update's quotient.</summary>
    public const int RootsAndDivisionsPerParameter = 2;

    /// <summary>
    /// One step t (1-based), with <c>p1 = β1^t</c> and <c>p2 = β2^t</c> the running products of the caller
    /// (<see cref="HeadOptimizer"/>: one double multiply a step, never <c>Math.Pow</c>):
    /// <c>g' = g + λw</c> (coupled) or <c>g' = g</c> (decoupled); <c>m = β1 m + (1-β1) g'</c>; <c>v = β2 v + (1-β2) g' g'</c>;
    /// <c>w = w - η (m / (1-p1)) / (sqrt(v / (1-p2)) + ε)</c>, decoupled also <c>- η λ w</c>.
    /// </summary>
    /// <remarks>
    /// Order (the float contract): the scalars once, in double then rounded to float:
    /// <c>a = (float)(η / (1.0 - p1))</c>, <c>s = (float)(1.0 / (1.0 - p2))</c>; <c>c1 = 1f - β1</c>, <c>c2 = 1f - β2</c>,
    /// <c>d = η * λ</c> in float. Then per parameter, in float: <c>g = g_k + λ * w_k</c> (coupled);
    /// <c>m_k = β1 * m_k + c1 * g</c>; <c>v_k = β2 * v_k + (c2 * g) * g</c>; <c>u = (a * m_k) / (Sqrt(v_k * s) + ε)</c>;
    /// coupled <c>w_k = w_k - u</c>, decoupled <c>w_k = w_k - (u + d * w_k)</c>. Elementwise, so the vector width does
    /// not change a bit.
    ///
    /// <paramref name="simd"/> picks the lanes to compute with (default: the CPU's best).
    /// </remarks>
    public static void Step(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        OptimizerSettings settings, float learningRate, double beta1Power, double beta2Power, SimdLevel? simd = null)
    {
        Debug.Assert(beta1Power < 1 && beta2Power < 1);
        Debug.Assert(gradients.Length == weights.Length && m.Length == weights.Length && v.Length == weights.Length);
        UpdateRules.Apply(TrainingLanes.PathOf(simd), new AdamUpdate(settings, learningRate, beta1Power, beta2Power), weights, gradients, m, v);
    }
}
