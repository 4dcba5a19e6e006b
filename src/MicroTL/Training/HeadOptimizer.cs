namespace MicroTL.Training;

/// <summary>
/// Applies <see cref="OptimizerSettings"/> to a head's buffer: reads the gradients, updates the
/// parameters and the state blocks in place. Its only own state is the step count (Adam's t) and
/// the current learning rate (the trainer halves it on a divergence retry).
/// </summary>
public sealed class HeadOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public HeadOptimizer(OptimizerSettings settings)
    {
        settings.Validate();
        Settings = settings;
        LearningRate = settings.LearningRate;
    }

    /// <summary>The hyperparameters.</summary>
    public OptimizerSettings Settings { get; }

    /// <summary>The learning rate in use (starts at <see cref="OptimizerSettings.LearningRate"/>).</summary>
    public float LearningRate { get; set; }

    /// <summary>Steps taken so far (Adam's t after the last step).</summary>
    public long StepCount { get; set; }

    /// <summary>Multiply-adds of one step over P parameters: <c>P * (3 for SGD, 8 for Adam)</c>.</summary>
    public static long MultiplyAddsPerStep(HeadShape shape, OptimizerKind kind) =>
        (long)shape.ParameterCount * (kind == OptimizerKind.Adam ? Adam.MultiplyAddsPerParameter : SgdMomentum.MultiplyAddsPerParameter);

    /// <summary>One update from the gradients currently in <paramref name="head"/>'s buffer.</summary>
    /// <exception cref="ArgumentException">The head reserves fewer state blocks than the optimizer needs.</exception>
    public void Step(HeadParameters head)
    {
        if (head.StateSlots < Settings.StateSlots)
            TrainingThrow.Argument(nameof(head), $"head has {head.StateSlots} optimizer state blocks; {Settings.Kind} needs {Settings.StateSlots}");
        StepCount++;
        OptimizerSettings s = Settings;
        if (s.Kind == OptimizerKind.Adam)
            Adam.Step(head.Values, head.Gradients, head.State(0), head.State(1), StepCount, LearningRate,
                s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay);
        else
            SgdMomentum.Step(head.Values, head.Gradients, head.State(0), LearningRate, s.Momentum, s.WeightDecay);
    }
}
