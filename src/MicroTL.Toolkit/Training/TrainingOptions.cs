namespace MicroTL.Toolkit.Training;

/// <summary>Settings of <see cref="Trainer.Train"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per mini-batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Decoupled weight decay (AdamW); 0 for plain Adam.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Seed of the mini-batch shuffle (and, mixed, of <see cref="Transform"/>'s generator).</summary>
    public ulong ShuffleSeed { get; init; } = 1;

    /// <summary>Applied to every sample as its mini-batch is gathered (augmentation, normalisation); null trains on the samples as they are.</summary>
    public ISampleTransform? Transform { get; init; }
}

/// <summary>Progress after one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">Mean training loss over the epoch's mini-batches (weighted by batch size).</param>
/// <param name="Accuracy">Training accuracy over the epoch (each sample judged when its batch ran).</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record EpochProgress(int Epoch, float Loss, float Accuracy, TimeSpan Elapsed);
