namespace MicroTL.Training;

/// <summary>
/// Every byte <see cref="HeadTrainer"/> allocates, by component, computed before allocating.
/// With P = <c>H*I + H + C*H + C</c>, S = optimizer state slots (SGD 1, Adam 2), B = batch size,
/// N = max training records, floats and ints 4 bytes:
/// <code>
/// parameters      4 P
/// optimizer state 4 S P
/// good weights    4 P              if the stopping rule restores the best epoch (the copy also serves the divergence rollback)
/// activations     4 B (2H + C)     hidden, probabilities / dLogits, dHidden
/// batch inputs    4 B I            one dequantized mini-batch
/// batch labels    4 B
/// shuffle order   4 N
/// </code>
/// No gradient buffer: each row's update is applied as soon as its gradient is computed (<see cref="FloatHead.TrainStep"/>).
/// No copy of the optimizer state: a rollback restarts it from zero. Without a best epoch to keep, no copy of the
/// weights either: a rollback re-initialises the head (<see cref="HeadTrainer.Train"/>).
/// </summary>
/// <param name="ParameterBytes">W1, b1, W2, b2.</param>
/// <param name="OptimizerStateBytes">Velocity (SGD) or m and v (Adam).</param>
/// <param name="GoodWeightBytes">The copy of the best epoch's parameters, which a divergence rolls back to; 0 when the rule keeps no best.</param>
/// <param name="ActivationBytes">Workspace of the forward and backward passes.</param>
/// <param name="BatchInputBytes">The dequantized mini-batch.</param>
/// <param name="BatchLabelBytes">Its labels.</param>
/// <param name="ShuffleOrderBytes">The per-epoch permutation of record indices.</param>
public sealed record TrainingMemory(
    long ParameterBytes,
    long OptimizerStateBytes,
    long GoodWeightBytes,
    long ActivationBytes,
    long BatchInputBytes,
    long BatchLabelBytes,
    long ShuffleOrderBytes)
{
    /// <summary>Sum of all components.</summary>
    public long TotalBytes => ParameterBytes + OptimizerStateBytes + GoodWeightBytes + ActivationBytes + BatchInputBytes
        + BatchLabelBytes + ShuffleOrderBytes;

    /// <summary>The plan for a head shape and trainer settings.</summary>
    /// <param name="shape">The head.</param>
    /// <param name="settings">Batch size, optimizer, record cap.</param>
    /// <param name="keepBest">True when the stopping rule restores the best epoch (<see cref="IStoppingRule.RestoresBest"/>).</param>
    public static TrainingMemory For(HeadShape shape, TrainerSettings settings, bool keepBest) =>
        For(shape, settings.BatchSize, settings.Optimizer.Kind, settings.MaxTrainingRecords, keepBest);

    /// <summary>The plan from its raw inputs (see the table on the type).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The shape is invalid, or the batch size or record cap is not positive.</exception>
    public static TrainingMemory For(HeadShape shape, int batchSize, OptimizerKind kind, int maxTrainingRecords, bool keepBest)
    {
        shape.Validate();
        if (batchSize <= 0) TrainingThrow.OutOfRange(nameof(batchSize), $"batch size {batchSize}; must be positive");
        if (maxTrainingRecords <= 0) TrainingThrow.OutOfRange(nameof(maxTrainingRecords), $"max training records {maxTrainingRecords}; must be positive");
        long p = shape.ParameterCount;
        int slots = kind == OptimizerKind.Adam ? 2 : 1;
        const int F = sizeof(float);
        return new TrainingMemory(
            ParameterBytes: F * p,
            OptimizerStateBytes: F * slots * p,
            GoodWeightBytes: keepBest ? F * p : 0,
            ActivationBytes: F * HeadWorkspace.FloatCount(shape, batchSize),
            BatchInputBytes: F * (long)batchSize * shape.Inputs,
            BatchLabelBytes: sizeof(int) * (long)batchSize,
            ShuffleOrderBytes: sizeof(int) * (long)maxTrainingRecords);
    }

    /// <summary>One line per component, for reports and budget errors.</summary>
    public override string ToString() =>
        $"parameters {ParameterBytes} B, optimizer state {OptimizerStateBytes} B, good weights {GoodWeightBytes} B, " +
        $"activations {ActivationBytes} B, batch inputs {BatchInputBytes} B, batch labels {BatchLabelBytes} B, " +
        $"shuffle order {ShuffleOrderBytes} B; total {TotalBytes} B";
}
