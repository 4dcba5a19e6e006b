using System.Diagnostics;
using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>SGD with momentum and L2 weight decay (PyTorch semantics, no dampening), elementwise over the parameters.</summary>
public static class SgdMomentum
{
    /// <summary>Multiply-adds per parameter per step: decay, velocity, update.</summary>
    public const int MultiplyAddsPerParameter = 3;

    /// <summary>
    /// One step: <c>g' = g + λw;  v = μv + g';  w = w - ηv</c>.
    /// </summary>
    /// <remarks>Order (the float contract): per parameter, in float, <c>g = g_k + λ * w_k</c>,
    /// <c>v_k = μ * v_k + g</c>, <c>w_k = w_k - η * v_k</c>. Elementwise, so the vector width does not change a bit.
    /// <paramref name="simd"/> picks the lanes to compute with (default: the CPU's best).
    /// </remarks>
    public static void Step(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> velocity,
        float learningRate, float momentum, float weightDecay, SimdLevel? simd = null)
    {
        Debug.Assert(gradients.Length == weights.Length && velocity.Length == weights.Length);
        UpdateRules.Apply(TrainingLanes.PathOf(simd), new SgdUpdate(learningRate, momentum, weightDecay), weights, gradients, velocity, Span<float>.Empty);
    }
}
