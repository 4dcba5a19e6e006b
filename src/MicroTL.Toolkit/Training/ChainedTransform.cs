// Augmentation followed by normalisation, as pretraining and the cloud baseline apply them.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>Several transforms applied one after the other.</summary>
/// <param name="Steps">The transforms, in order.</param>
public sealed record ChainedTransform(IReadOnlyList<ISampleTransform> Steps) : ISampleTransform
{
    /// <inheritdoc/>
    public void Apply(Span<float> sample, ref Pcg32 random)
    {
        foreach (ISampleTransform step in Steps) step.Apply(sample, ref random);
    }
}
