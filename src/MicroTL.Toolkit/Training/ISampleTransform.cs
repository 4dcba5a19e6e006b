// A change applied to each training sample as its mini-batch is gathered: augmentation (rotation,
// scale) and input normalisation during pretraining. The samples in the SampleSet stay untouched.
using MicroTL.Training;

namespace MicroTL.Toolkit.Training;

/// <summary>Transforms one training sample in place, drawing any randomness from the trainer's seeded generator.</summary>
public interface ISampleTransform
{
    /// <summary>Transforms <paramref name="sample"/> (one sample of the network's input shape) in place.</summary>
    void Apply(Span<float> sample, ref Pcg32 random);
}
