namespace MicroTL.Training;

/// <summary>Which update rule trains the head.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum and L2 weight decay; state: velocity (1 block of P floats).</summary>
    Sgd,

    /// <summary>Adam with bias correction; state: first and second moments m, v (2 blocks).</summary>
    Adam,
}

/// <summary>
/// Optimizer hyperparameters. The learning rate is applied to the batch MEAN gradient
/// (<see cref="FloatHead.Backward"/>). Weight decay is L2, added to the gradient:
/// <c>g' = g + WeightDecay * w</c>, applied to weights and biases alike (as the authors' PyTorch-style SGD);
/// Adam can take it decoupled instead (AdamW: <c>w -= η λ w</c> beside the step, the host's pretraining option).
/// </summary>
/// <param name="Kind">SGD or Adam.</param>
/// <param name="LearningRate">Step size η.</param>
/// <param name="Momentum">SGD momentum μ (ignored by Adam).</param>
/// <param name="WeightDecay">L2 coefficient λ.</param>
/// <param name="Beta1">Adam first-moment decay β1.</param>
/// <param name="Beta2">Adam second-moment decay β2.</param>
/// <param name="Epsilon">Adam denominator guard ε.</param>
/// <param name="DecoupledWeightDecay">Adam only: apply the weight decay to the weights beside the step (AdamW) instead of adding it to the gradient.</param>
public sealed record OptimizerSettings(
    OptimizerKind Kind,
    float LearningRate,
    float Momentum = 0.9f,
    float WeightDecay = 2e-4f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-8f,
    bool DecoupledWeightDecay = false)
{
    /// <summary>SGD with the authors' defaults: momentum 0.9, weight decay 2e-4, learning rate 1e-4.</summary>
    public static OptimizerSettings Sgd(float learningRate = 1e-4f, float momentum = 0.9f, float weightDecay = 2e-4f) =>
        new(OptimizerKind.Sgd, learningRate, momentum, weightDecay);

    /// <summary>Adam with the usual defaults: β1 0.9, β2 0.999, ε 1e-8, no weight decay (L2, or decoupled as AdamW).</summary>
    public static OptimizerSettings Adam(float learningRate = 1e-3f, float weightDecay = 0f, bool decoupledWeightDecay = false) =>
        new(OptimizerKind.Adam, learningRate, 0f, weightDecay, DecoupledWeightDecay: decoupledWeightDecay);

    /// <summary>Optimizer state blocks of P floats: SGD 1 (velocity), Adam 2 (m, v).</summary>
    public int StateSlots => Kind == OptimizerKind.Adam ? 2 : 1;

    /// <summary>Throws unless every value is finite and in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
            TrainingThrow.OutOfRange(nameof(LearningRate), $"learning rate {LearningRate}; must be finite and > 0");
        if (!(Momentum >= 0f && Momentum < 1f))
            TrainingThrow.OutOfRange(nameof(Momentum), $"momentum {Momentum}; must be in [0, 1)");
        if (!(WeightDecay >= 0f) || !float.IsFinite(WeightDecay))
            TrainingThrow.OutOfRange(nameof(WeightDecay), $"weight decay {WeightDecay}; must be finite and >= 0");
        if (!(Beta1 >= 0f && Beta1 < 1f) || !(Beta2 >= 0f && Beta2 < 1f))
            TrainingThrow.OutOfRange(nameof(Beta1), $"betas {Beta1}, {Beta2}; each must be in [0, 1)");
        if (!(Epsilon > 0f))
            TrainingThrow.OutOfRange(nameof(Epsilon), $"epsilon {Epsilon}; must be > 0");
        if (DecoupledWeightDecay && Kind != OptimizerKind.Adam)
            TrainingThrow.OutOfRange(nameof(DecoupledWeightDecay), $"decoupled weight decay is Adam's (AdamW); {Kind}'s weight decay is L2 on the gradient");
    }
}
