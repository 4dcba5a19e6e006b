using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Baselines;

public class ClassicalBaselineTests
{
    private static readonly FeatureShape Shape = new(1, 40, 3);

    // Class k shakes with amplitude 1 + 3k around gravity on axis k % 3: a forest on window statistics separates them.
    private static SampleSet Windows(int perClass, int classes, ulong seed)
    {
        var random = new Pcg32(seed);
        var values = new float[perClass * classes * Shape.Size];
        var labels = new int[perClass * classes];
        for (int n = 0; n < labels.Length; n++)
        {
            int label = n % classes;
            labels[n] = label;
            for (int t = 0; t < Shape.Width; t++)
            for (int axis = 0; axis < 3; axis++)
                values[n * Shape.Size + 3 * t + axis] = (axis == label % 3 ? 9.8f : 0f) + (1 + 3 * label) * random.NextSymmetric(1f);
        }

        return new SampleSet(Shape, values, labels);
    }

    [Fact]
    public void Run_SeparableWindows_HighAccuracy()
    {
        ClassicalResult result = ClassicalBaseline.Run(Windows(10, 4, 1), Windows(10, 4, 2), 4, seed: 1);
        Assert.True(result.Accuracy >= 0.9, $"accuracy {result.Accuracy}");
        Assert.Equal(WindowStatistics.ExtendedCount, result.Features);
    }

    [Fact]
    public void Run_SameSeed_SameAccuracy()
    {
        // Noisy classes (amplitudes close together) so the forest's choices show in the accuracy.
        SampleSet train = Windows(6, 6, 3), test = Windows(20, 6, 4);
        var options = new ClassicalOptions { ExtendedStatistics = false, Trees = 20 };
        double a = ClassicalBaseline.Run(train, test, 6, seed: 5, options).Accuracy;
        double b = ClassicalBaseline.Run(train, test, 6, seed: 5, options).Accuracy;
        Assert.Equal(a, b);
        Assert.InRange(a, 1.0 / 6, 1.0);
    }

    [Fact]
    public void Run_EmptyTest_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassicalBaseline.Run(Windows(2, 2, 1), new SampleSet(Shape, [], []), 2, seed: 1));
        Assert.Contains("0 test", e.Message);
    }

    [Fact]
    public void Run_NotMotionWindows_Throws()
    {
        var images = new SampleSet(new FeatureShape(2, 2, 1), new float[8], [0, 1]);
        var e = Assert.Throws<ArgumentException>(() => ClassicalBaseline.Run(images, images, 2, seed: 1));
        Assert.Contains("3-axis", e.Message);
    }
}
