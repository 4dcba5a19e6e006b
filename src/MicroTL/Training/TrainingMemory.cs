namespace MicroTL.Training;

/// <summary>
/// Every byte <see cref="HeadTrainer"/> allocates, by component, computed before allocating.
/// With P = <c>H*I + H + C*H + C</c>, S = optimizer state slots (SGD 1, Adam 2), B = batch size,
/// N = max training records, floats and ints 4 bytes:
/// <code>
/// parameters      4 P
/// gradients       4 P
/// optimizer state 4 S P
/// snapshot        4 (1 + S) P      if KeepSnapshot (parameters + optimizer state)
/// best weights    4 P              if the stopping rule restores best
/// activations     4 B (3H + 2C)    hiddenPre, hidden, probabilities, dLogits, dHidden
/// batch inputs    4 B I            one dequantized mini-batch
/// batch labels    4 B
/// shuffle order   4 N
/// </code>
/// </summary>
/// <param name="ParameterBytes">W1, b1, W2, b2.</param>
/// <param name="GradientBytes">Their gradients.</param>
/// <param name="OptimizerStateBytes">Velocity (SGD) or m and v (Adam).</param>
/// <param name="SnapshotBytes">Rollback copy of the last good epoch.</param>
/// <param name="BestParameterBytes">Copy of the best epoch's parameters.</param>
/// <param name="ActivationBytes">Workspace of the forward and backward passes.</param>
/// <param name="BatchInputBytes">The dequantized mini-batch.</param>
/// <param name="BatchLabelBytes">Its labels.</param>
/// <param name="ShuffleOrderBytes">The per-epoch permutation of record indices.</param>
public sealed record TrainingMemory(
    long ParameterBytes,
    long GradientBytes,
    long OptimizerStateBytes,
    long SnapshotBytes,
    long BestParameterBytes,
    long ActivationBytes,
    long BatchInputBytes,
    long BatchLabelBytes,
    long ShuffleOrderBytes)
{
    /// <summary>Sum of all components.</summary>
    public long TotalBytes => ParameterBytes + GradientBytes + OptimizerStateBytes + SnapshotBytes + BestParameterBytes
        + ActivationBytes + BatchInputBytes + BatchLabelBytes + ShuffleOrderBytes;

    /// <summary>The plan for a head shape and trainer settings.</summary>
    /// <param name="shape">The head.</param>
    /// <param name="settings">Batch size, optimizer, record cap, snapshot.</param>
    /// <param name="keepBest">True when the stopping rule restores the best epoch.</param>
    public static TrainingMemory For(HeadShape shape, TrainerSettings settings, bool keepBest) =>
        For(shape, settings.BatchSize, settings.Optimizer.Kind, settings.MaxTrainingRecords, settings.KeepSnapshot, keepBest);

    /// <summary>The plan from its raw inputs (see the table on the type).</summary>
    public static TrainingMemory For(HeadShape shape, int batchSize, OptimizerKind kind, int maxTrainingRecords,
        bool snapshot, bool keepBest)
    {
        shape.Validate();
        long p = shape.ParameterCount;
        int slots = kind == OptimizerKind.Adam ? 2 : 1;
        const int F = sizeof(float);
        return new TrainingMemory(
            ParameterBytes: F * p,
            GradientBytes: F * p,
            OptimizerStateBytes: F * slots * p,
            SnapshotBytes: snapshot ? F * (1 + slots) * p : 0,
            BestParameterBytes: keepBest ? F * p : 0,
            ActivationBytes: F * HeadWorkspace.FloatCount(shape, batchSize),
            BatchInputBytes: F * (long)batchSize * shape.Inputs,
            BatchLabelBytes: sizeof(int) * (long)batchSize,
            ShuffleOrderBytes: sizeof(int) * (long)maxTrainingRecords);
    }

    /// <summary>One line per component, for reports and budget errors.</summary>
    public override string ToString() =>
        $"parameters {ParameterBytes} B, gradients {GradientBytes} B, optimizer state {OptimizerStateBytes} B, " +
        $"snapshot {SnapshotBytes} B, best weights {BestParameterBytes} B, activations {ActivationBytes} B, " +
        $"batch inputs {BatchInputBytes} B, batch labels {BatchLabelBytes} B, shuffle order {ShuffleOrderBytes} B; " +
        $"total {TotalBytes} B";
}
