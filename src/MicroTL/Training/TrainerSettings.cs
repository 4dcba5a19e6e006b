using MicroTL.Kernels;

namespace MicroTL.Training;

/// <summary>How <see cref="HeadTrainer"/> trains. Sizes here fix its memory (see <see cref="TrainingMemory"/>).</summary>
/// <param name="Optimizer">Update rule and hyperparameters.</param>
/// <param name="BatchSize">Mini-batch size B (the last batch of an epoch may be smaller).</param>
/// <param name="MaxEpochs">Hard cap on epochs, whatever the stopping rule says.</param>
/// <param name="MaxTrainingRecords">Largest training set (sizes the shuffle order, 4 bytes a record).</param>
/// <param name="ShuffleSeed">Seed of the per-run <see cref="Pcg32"/> (stream <see cref="RandomStreams.Shuffle"/>) that shuffles each epoch.</param>
/// <param name="MaxGradientNorm">A step whose gradient L2 norm exceeds this (or is NaN) counts as divergence.</param>
/// <param name="KeepSnapshot">Roll a diverging run back to its last good state: the good-weights copy when the stopping rule keeps
/// the best epoch, else the head's start (re-initialised by the caller's restart, see <see cref="HeadTrainer.Train"/>). Costs no RAM
/// of its own. Without it a divergence stops training and the head is left as it was when it blew up.</param>
/// <param name="RetryWithHalfLearningRate">On the first divergence, roll back and train on at half the learning rate;
/// a second divergence stops with <see cref="StopReason.Diverged"/>.</param>
/// <param name="Simd">The lanes the head computes with (default: the CPU's best). Every level gives the same bits; tests and benchmarks compare them.</param>
public sealed record TrainerSettings(
    OptimizerSettings Optimizer,
    int BatchSize,
    int MaxEpochs,
    int MaxTrainingRecords,
    ulong ShuffleSeed = 1,
    float MaxGradientNorm = 1e4f,
    bool KeepSnapshot = true,
    bool RetryWithHalfLearningRate = false,
    SimdLevel? Simd = null)
{
    /// <summary>Throws unless every value is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        Optimizer.Validate();
        if (BatchSize <= 0) TrainingThrow.OutOfRange(nameof(BatchSize), $"batch size {BatchSize}; must be positive");
        if (MaxEpochs <= 0) TrainingThrow.OutOfRange(nameof(MaxEpochs), $"max epochs {MaxEpochs}; must be positive");
        if (MaxTrainingRecords <= 0)
            TrainingThrow.OutOfRange(nameof(MaxTrainingRecords), $"max training records {MaxTrainingRecords}; must be positive");
        if (!(MaxGradientNorm > 0))
            TrainingThrow.OutOfRange(nameof(MaxGradientNorm), $"max gradient norm {MaxGradientNorm}; must be > 0");
    }
}
