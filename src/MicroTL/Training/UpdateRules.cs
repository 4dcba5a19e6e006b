using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Training;

/// <summary>
/// One optimizer step on a block of parameters, elementwise: <see cref="SgdUpdate"/> and <see cref="AdamUpdate"/>
/// carry the step's scalars. No reduction, so every lane width gives the same bits.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>
    /// Updates <c>T.Count</c> parameters at <paramref name="weight"/> and their state at <paramref name="first"/> (and
    /// <paramref name="second"/>) from their gradient.
    /// </summary>
    void Apply<T>(ref float weight, ref float first, ref float second, T gradient) where T : struct, ILanes<T>;
}

/// <summary>SGD with momentum and L2 weight decay, in <see cref="SgdMomentum"/>'s order; <c>first</c> is the velocity, <c>second</c> unused.</summary>
internal readonly struct SgdUpdate(float learningRate, float momentum, float weightDecay) : IUpdateRule
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<T>(ref float weight, ref float first, ref float second, T gradient) where T : struct, ILanes<T>
    {
        T w = T.Load(ref weight);
        T g = gradient + T.Create(weightDecay) * w;
        T velocity = T.Create(momentum) * T.Load(ref first) + g;
        velocity.Store(ref first);
        (w - T.Create(learningRate) * velocity).Store(ref weight);
    }
}

/// <summary>Adam, coupled L2 or decoupled (AdamW) weight decay, in <see cref="Adam"/>'s order; <c>first</c> is m, <c>second</c> v.</summary>
internal readonly struct AdamUpdate : IUpdateRule
{
    private readonly float _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon, _weightDecay, _stepSize, _vScale, _decay;
    private readonly bool _decoupled;

    /// <summary>The scalars of step t from the running products <c>p1 = β1^t</c>, <c>p2 = β2^t</c> (see <see cref="Adam.Step"/>).</summary>
    public AdamUpdate(OptimizerSettings settings, float learningRate, double beta1Power, double beta2Power)
    {
        _beta1 = settings.Beta1;
        _beta2 = settings.Beta2;
        _epsilon = settings.Epsilon;
        _weightDecay = settings.WeightDecay;
        _decoupled = settings.DecoupledWeightDecay;
        // Bias correction: m and v start at 0, so early averages are too small by (1 - β^t).
        // Computed once per step (a scalar), folded into the step size and the v scale.
        _stepSize = (float)(learningRate / (1.0 - beta1Power));
        _vScale = (float)(1.0 / (1.0 - beta2Power));
        _oneMinusBeta1 = 1f - _beta1;
        _oneMinusBeta2 = 1f - _beta2;
        _decay = learningRate * _weightDecay;
    }

    /// <summary>The step's scalars broadcast to lanes once, for a loop over many blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AdamLanes<T> Broadcast<T>() where T : struct, ILanes<T> => new(
        T.Create(_beta1), T.Create(_beta2), T.Create(_oneMinusBeta1), T.Create(_oneMinusBeta2), T.Create(_epsilon),
        T.Create(_weightDecay), T.Create(_stepSize), T.Create(_vScale), T.Create(_decay), _decoupled);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<T>(ref float weight, ref float first, ref float second, T gradient) where T : struct, ILanes<T> =>
        Broadcast<T>().Apply(ref weight, ref first, ref second, gradient);
}

/// <summary>An update rule applied over whole buffers of parameters, gradients and state.</summary>
internal static class UpdateRules
{
    /// <summary>Updates every parameter from its gradient; <paramref name="second"/> may be empty (SGD).</summary>
    public static void Apply<TRule>(LanePath path, in TRule rule, Span<float> weights, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where TRule : struct, IUpdateRule
    {
        switch (path)
        {
            case LanePath.Vector256: Apply<Vector256Lanes8, TRule>(rule, weights, gradients, first, second); break;
            case LanePath.Vector128: Apply<Vector128Lanes8, TRule>(rule, weights, gradients, first, second); break;
            default: Apply<Lane1, TRule>(rule, weights, gradients, first, second); break; // elementwise: one lane is the plain loop
        }
    }

    private static void Apply<T, TRule>(in TRule rule, Span<float> weights, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float s1 = ref MemoryMarshal.GetReference(first);
        ref float s2 = ref second.IsEmpty ? ref s1 : ref MemoryMarshal.GetReference(second);
        int length = weights.Length, blocked = length - length % T.Count;
        for (int k = 0; k < blocked; k += T.Count)
            rule.Apply(ref Unsafe.Add(ref w, k), ref Unsafe.Add(ref s1, k), ref Unsafe.Add(ref s2, k), T.Load(ref Unsafe.Add(ref g, k)));
        for (int k = blocked; k < length; k++)
            rule.Apply(ref Unsafe.Add(ref w, k), ref Unsafe.Add(ref s1, k), ref Unsafe.Add(ref s2, k), new Lane1(Unsafe.Add(ref g, k)));
    }
}

/// <summary>
/// <see cref="AdamUpdate"/>'s scalars in lanes, and its update in two parts over them: the one place Adam's update is
/// written. A loop over many blocks broadcasts the scalars once (<see cref="AdamUpdate.Broadcast{T}"/>), not once a
/// block (fused with four blocks' gradients in <see cref="FusedHeadStep"/>, those broadcasts outgrew the JIT's
/// inlining budget, which then left the lanes' operators as calls), and can begin several blocks' updates
/// (<see cref="Begin"/>) before it finishes the first (<see cref="Finish"/>), their square roots and divisions then
/// overlapping other work: a block's update waits on its square root, then on its division. Between the two parts a
/// block is two lane blocks (numerator, square root); Finish reads the weights again (the cheaper for registers).
/// </summary>
internal readonly struct AdamLanes<T>(T beta1, T beta2, T oneMinusBeta1, T oneMinusBeta2, T epsilon, T weightDecay, T stepSize, T vScale, T decay, bool decoupled)
    where T : struct, ILanes<T>
{
    private readonly T _beta1 = beta1, _beta2 = beta2, _oneMinusBeta1 = oneMinusBeta1, _oneMinusBeta2 = oneMinusBeta2, _epsilon = epsilon;
    private readonly T _weightDecay = weightDecay, _stepSize = stepSize, _vScale = vScale, _decay = decay;
    private readonly bool _decoupled = decoupled;

    /// <summary>Both parts at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref float weight, ref float first, ref float second, T gradient)
    {
        T root = Begin(ref weight, ref first, ref second, gradient, out T numerator);
        Finish(ref weight, numerator, root);
    }

    /// <summary>
    /// Updates the moments m (<paramref name="first"/>) and v (<paramref name="second"/>); returns the square root of
    /// the step's denominator, its numerator in <paramref name="numerator"/>. Writes no weight, so that
    /// <see cref="Finish"/> reads the weights Begin read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Begin(ref float weight, ref float first, ref float second, T gradient, out T numerator)
    {
        // L2 weight decay, as in SGD (added to the gradient), unless it is decoupled.
        T g = _decoupled ? gradient : gradient + _weightDecay * T.Load(ref weight);
        // First moment: running mean of gradients. Second: of squared gradients (a per-parameter scale).
        T m = _beta1 * T.Load(ref first) + _oneMinusBeta1 * g;
        T v = _beta2 * T.Load(ref second) + _oneMinusBeta2 * g * g;
        m.Store(ref first);
        v.Store(ref second);
        numerator = _stepSize * m;
        return T.Sqrt(v * _vScale);
    }

    /// <summary>Step: corrected mean over corrected root mean square (and, decoupled, the decay on the weight itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(ref float weight, T numerator, T root)
    {
        T w = T.Load(ref weight);
        T update = numerator / (root + _epsilon);
        (_decoupled ? w - (update + _decay * w) : w - update).Store(ref weight);
    }
}
