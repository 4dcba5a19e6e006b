using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>
/// Applies <see cref="OptimizerSettings"/> to a parameter buffer: reads the gradients, updates the
/// parameters and the state blocks in place. The device's head uses it on its <see cref="HeadParameters"/>,
/// the host's pretraining on a whole network's buffer. Its only own state is the step count t, Adam's running
/// products <c>β1^t</c> and <c>β2^t</c>, and the current learning rate (the trainer halves it on a divergence retry).
/// </summary>
public sealed class HeadOptimizer
{
    private long _stepCount;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public HeadOptimizer(OptimizerSettings settings)
    {
        settings.Validate();
        Settings = settings;
        LearningRate = settings.LearningRate;
        StepCount = 0;
    }

    /// <summary>The hyperparameters.</summary>
    public OptimizerSettings Settings { get; }

    /// <summary>The learning rate in use (starts at <see cref="OptimizerSettings.LearningRate"/>).</summary>
    public float LearningRate { get; set; }

    /// <summary>
    /// Steps taken so far (Adam's t after the last step). Setting it (a new run: 0; a rollback: the snapshot's t) sets
    /// <see cref="Beta1Power"/> and <see cref="Beta2Power"/> to what t steps of the running products give: the same
    /// t double multiplications from 1, so a rolled-back run continues with the same bits as one that never diverged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public long StepCount
    {
        get => _stepCount;
        set
        {
            if (value < 0) TrainingThrow.OutOfRange(nameof(StepCount), $"step count {value}; must be >= 0");
            _stepCount = value;
            Beta1Power = 1;
            Beta2Power = 1;
            for (long t = 0; t < value; t++) AdvancePowers();
        }
    }

    /// <summary><c>β1^t</c> after <see cref="StepCount"/> steps, a running product in double (1 before the first step).</summary>
    public double Beta1Power { get; private set; }

    /// <summary><c>β2^t</c> after <see cref="StepCount"/> steps, a running product in double.</summary>
    public double Beta2Power { get; private set; }

    /// <summary>Multiply-adds of one step over P parameters: <c>P * (3 for SGD, 8 for Adam)</c>.</summary>
    public static long MultiplyAddsPerStep(HeadShape shape, OptimizerKind kind) =>
        (long)shape.ParameterCount * (kind == OptimizerKind.Adam ? Adam.MultiplyAddsPerParameter : SgdMomentum.MultiplyAddsPerParameter);

    /// <summary>Square roots and divisions of one step over P parameters: <c>P * 2</c> for Adam, none for SGD.</summary>
    public static long RootsAndDivisionsPerStep(HeadShape shape, OptimizerKind kind) =>
        kind == OptimizerKind.Adam ? (long)shape.ParameterCount * Adam.RootsAndDivisionsPerParameter : 0;

    /// <summary>
    /// One update of a head's parameters and optimizer state from a whole gradient buffer (P floats, the parameters'
    /// layout): the reference the trainer's fused step (<see cref="FloatHead.TrainStep"/>) gives the same bits as.
    /// </summary>
    /// <exception cref="ArgumentException">The head reserves fewer state blocks than the optimizer needs, or the gradients are not P floats.</exception>
    public void Step(HeadParameters head, ReadOnlySpan<float> gradients)
    {
        CheckStateSlots(head);
        Step(head.Values, gradients, head.State(0), Settings.StateSlots > 1 ? head.State(1) : Span<float>.Empty);
    }

    /// <summary>
    /// One update of any parameter buffer: <paramref name="firstState"/> is SGD's velocity or Adam's m,
    /// <paramref name="secondState"/> Adam's v (empty for SGD); each as long as the parameters.
    /// </summary>
    /// <remarks><paramref name="simd"/>: the lanes to compute with (default: the CPU's best); elementwise, so every level gives the same bits.</remarks>
    /// <exception cref="ArgumentException">A span's length is not the parameters'.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstState, Span<float> secondState, SimdLevel? simd = null)
    {
        int p = parameters.Length;
        int secondLength = Settings.Kind == OptimizerKind.Adam ? p : 0;
        if (gradients.Length != p || firstState.Length != p || secondState.Length != secondLength)
            TrainingThrow.Argument(nameof(gradients), $"{p} parameters need as many gradients and state values ({Settings.Kind}); " +
                $"got {gradients.Length} gradients, {firstState.Length} and {secondState.Length} state values");
        Advance();
        LanePath path = TrainingLanes.PathOf(simd);
        if (Settings.Kind == OptimizerKind.Adam) UpdateRules.Apply(path, AdamRule(), parameters, gradients, firstState, secondState);
        else UpdateRules.Apply(path, SgdRule(), parameters, gradients, firstState, secondState);
    }

    /// <summary>Counts one more step (t + 1, the running products one factor further): called once per step, before its rule.</summary>
    internal void Advance()
    {
        _stepCount++;
        AdvancePowers();
    }

    /// <summary>The SGD rule of the current step.</summary>
    internal SgdUpdate SgdRule() => new(LearningRate, Settings.Momentum, Settings.WeightDecay);

    /// <summary>The Adam rule of the current step t (its bias corrections from <see cref="Beta1Power"/>, <see cref="Beta2Power"/>).</summary>
    internal AdamUpdate AdamRule() => new(Settings, LearningRate, Beta1Power, Beta2Power);

    /// <exception cref="ArgumentException">The head reserves fewer state blocks than the optimizer needs.</exception>
    internal void CheckStateSlots(HeadParameters head)
    {
        if (head.StateSlots < Settings.StateSlots)
            TrainingThrow.Argument(nameof(head), $"head has {head.StateSlots} optimizer state blocks; {Settings.Kind} needs {Settings.StateSlots}");
    }

    private void AdvancePowers()
    {
        Beta1Power *= Settings.Beta1;
        Beta2Power *= Settings.Beta2;
    }
}
