using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Training;

/// <summary>A small separable problem: class k is a sine of k + 1 cycles (random phase, amplitude ~3) plus noise on channel 0, noise on channel 1.</summary>
internal static class SyntheticData
{
    public static readonly FeatureShape Shape = new(1, 32, 2);

    public static SampleSet Waves(int count, int classes, ulong seed)
    {
        var random = new Pcg32(seed);
        var values = new float[count * Shape.Size];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % classes;
            labels[n] = label;
            float phase = random.NextFloat() * 2 * MathF.PI;
            float amplitude = 2f + 2f * random.NextFloat();
            for (int t = 0; t < Shape.Width; t++)
            {
                values[n * Shape.Size + 2 * t] = amplitude * MathF.Sin(phase + 2 * MathF.PI * (label + 1) * t / Shape.Width) + random.NextSymmetric(0.5f);
                values[n * Shape.Size + 2 * t + 1] = random.NextSymmetric(1f) + 1f;
            }
        }

        return new SampleSet(Shape, values, labels);
    }

    public static FloatNetwork SmallNetwork(int classes, ulong seed) =>
        new NetworkBuilder(Shape).Conv2D(4, 1, 5).MaxPool2D(1, 2).Flatten().Dense(16).Dense(classes, relu: false).Build(seed);
}
