namespace MicroTL.Training;

/// <summary>
/// The <see cref="Pcg32"/> stream of each random choice a transfer run makes, all from the run's one seed:
/// <c>new Pcg32(seed, stream)</c>. Separate streams keep the choices independent (the split does not
/// replay the reservoir's draws, nor the shuffle the initialisation's).
/// </summary>
public static class RandomStreams
{
    /// <summary>The feature store's class-balanced reservoir (which record a sample replaces, or whether it is kept).</summary>
    public const ulong Reservoir = 1;

    /// <summary>The stratified train/validation split.</summary>
    public const ulong Split = 2;

    /// <summary>The head's He initialisation.</summary>
    public const ulong Initialisation = 3;

    /// <summary>The trainer's per-epoch shuffle of the training records.</summary>
    public const ulong Shuffle = 4;

    /// <summary>The perturbed copies of each labelled window (<c>MicroTL.Features.WindowAugmentation</c>).</summary>
    public const ulong Augmentation = 5;
}
