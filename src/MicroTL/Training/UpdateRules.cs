using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroTL.Training;

/// <summary>
/// One optimizer step on a block of parameters, elementwise: <see cref="SgdUpdate"/> and <see cref="AdamUpdate"/>
/// carry the step's scalars. A block's update comes in two parts, <see cref="Begin{T}"/> (read the block, update its
/// state) and <see cref="Finish{T}"/> (write its weights), so that a loop can begin several blocks before it finishes
/// the first (<see cref="AdamLanes{T}"/> in the fused backward pass, <see cref="FloatHead.TrainStep"/>);
/// <see cref="UpdateRules.ApplyBlock{T, TRule}"/> does both at once. No reduction, so every lane width gives the same bits.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>
    /// Reads <c>T.Count</c> parameters at <paramref name="weight"/> into <paramref name="w"/>, updates their state at
    /// <paramref name="first"/> (and <paramref name="second"/>) from their gradient, and leaves in <paramref name="a"/>
    /// and <paramref name="b"/> what <see cref="Finish{T}"/> needs.
    /// </summary>
    void Begin<T>(ref float weight, ref float first, ref float second, T gradient, out T w, out T a, out T b) where T : struct, ILanes<T>;

    /// <summary>Writes the updated parameters of the block <see cref="Begin{T}"/> read at <paramref name="weight"/>.</summary>
    void Finish<T>(ref float weight, T w, T a, T b) where T : struct, ILanes<T>;
}

/// <summary>SGD with momentum and L2 weight decay, in <see cref="SgdMomentum"/>'s order; <c>first</c> is the velocity, <c>second</c> unused.</summary>
internal readonly struct SgdUpdate(float learningRate, float momentum, float weightDecay) : IUpdateRule
{
    /// <summary>The velocity (a: the velocity, b unused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin<T>(ref float weight, ref float first, ref float second, T gradient, out T w, out T a, out T b) where T : struct, ILanes<T>
    {
        w = T.Load(ref weight);
        T g = gradient + T.Create(weightDecay) * w;
        a = T.Create(momentum) * T.Load(ref first) + g;
        a.Store(ref first);
        b = T.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish<T>(ref float weight, T w, T a, T b) where T : struct, ILanes<T> => (w - T.Create(learningRate) * a).Store(ref weight);
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

    /// <inheritdoc cref="AdamLanes{T}.Begin"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin<T>(ref float weight, ref float first, ref float second, T gradient, out T w, out T a, out T b) where T : struct, ILanes<T> =>
        Broadcast<T>().Begin(ref weight, ref first, ref second, gradient, out w, out a, out b);

    /// <inheritdoc cref="AdamLanes{T}.Finish"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish<T>(ref float weight, T w, T a, T b) where T : struct, ILanes<T> => Broadcast<T>().Finish(ref weight, w, a, b);
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
            ApplyBlock(rule, ref Unsafe.Add(ref w, k), ref Unsafe.Add(ref s1, k), ref Unsafe.Add(ref s2, k), T.Load(ref Unsafe.Add(ref g, k)));
        for (int k = blocked; k < length; k++)
            ApplyBlock(rule, ref Unsafe.Add(ref w, k), ref Unsafe.Add(ref s1, k), ref Unsafe.Add(ref s2, k), new Lane1(Unsafe.Add(ref g, k)));
    }

    /// <summary>Updates <c>T.Count</c> parameters and their state from their gradient: both parts of the rule at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyBlock<T, TRule>(in TRule rule, ref float weight, ref float first, ref float second, T gradient)
        where T : struct, ILanes<T> where TRule : struct, IUpdateRule
    {
        rule.Begin(ref weight, ref first, ref second, gradient, out T w, out T a, out T b);
        rule.Finish(ref weight, w, a, b);
    }
}

/// <summary>
/// <see cref="AdamUpdate"/>'s scalars in lanes and its two parts over them: the one place Adam's update is written.
/// A loop over many blocks broadcasts the scalars once (<see cref="AdamUpdate.Broadcast{T}"/>) instead of once a block:
/// fused with four blocks' gradients (<see cref="FusedHeadStep"/>), the broadcasts a block took had outgrown the JIT's
/// inlining budget, which then left the lanes' operators as calls.
/// </summary>
internal readonly struct AdamLanes<T>(T beta1, T beta2, T oneMinusBeta1, T oneMinusBeta2, T epsilon, T weightDecay, T stepSize, T vScale, T decay, bool decoupled)
    where T : struct, ILanes<T>
{
    private readonly T _beta1 = beta1, _beta2 = beta2, _oneMinusBeta1 = oneMinusBeta1, _oneMinusBeta2 = oneMinusBeta2, _epsilon = epsilon;
    private readonly T _weightDecay = weightDecay, _stepSize = stepSize, _vScale = vScale, _decay = decay;
    private readonly bool _decoupled = decoupled;

    /// <summary>The moments, then the step's numerator (a) and the square root of its denominator (b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin(ref float weight, ref float first, ref float second, T gradient, out T w, out T a, out T b)
    {
        w = T.Load(ref weight);
        // L2 weight decay, as in SGD (added to the gradient), unless it is decoupled.
        T g = _decoupled ? gradient : gradient + _weightDecay * w;
        // First moment: running mean of gradients. Second: of squared gradients (a per-parameter scale).
        T m = _beta1 * T.Load(ref first) + _oneMinusBeta1 * g;
        T v = _beta2 * T.Load(ref second) + _oneMinusBeta2 * g * g;
        m.Store(ref first);
        v.Store(ref second);
        a = _stepSize * m;
        b = T.Sqrt(v * _vScale);
    }

    /// <summary>Step: corrected mean over corrected root mean square (and, decoupled, the decay on the weight itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(ref float weight, T w, T a, T b)
    {
        T update = a / (b + _epsilon);
        (_decoupled ? w - (update + _decay * w) : w - update).Store(ref weight);
    }
}
