using MicroTL.TfLite;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Training;

public class ArgumentTests
{
    [Fact]
    public void Conv2DLayer_WindowLargerThanInput_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Conv2DLayer(new FeatureShape(1, 4, 1), 2, 1, 5, 1, 1, Padding.Valid, true));
        Assert.Contains("does not fit", e.Message);
    }

    [Fact]
    public void Conv2DLayer_ZeroStride_Throws() =>
        Assert.Throws<ArgumentException>(() => new Conv2DLayer(new FeatureShape(4, 4, 1), 2, 3, 3, 0, 1, Padding.Same, true));

    [Fact]
    public void Conv2DLayer_SamePadding_KeepsSizeOverStride() =>
        Assert.Equal(new FeatureShape(3, 4, 5), new Conv2DLayer(new FeatureShape(5, 7, 2), 5, 3, 3, 2, 2, Padding.Same, true).OutputShape);

    [Fact]
    public void AdamOptimizer_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new AdamOptimizer(3).Step(new float[3], new float[2]));

    [Fact]
    public void AdamOptimizer_NonPositiveRate_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(3, learningRate: 0f));

    [Fact]
    public void AdamOptimizer_FirstStep_MovesEachParameterByLearningRate()
    {
        var adam = new AdamOptimizer(2, learningRate: 0.1f);
        float[] parameters = [1f, 1f];
        adam.Step(parameters, [5f, -0.01f]);
        Assert.Equal(0.9f, parameters[0], 5);
        Assert.Equal(1.1f, parameters[1], 4);
    }

    [Fact]
    public void ComputeGradients_WrongInputLength_Throws() =>
        Assert.Throws<ArgumentException>(() => SyntheticData.SmallNetwork(3, 1).ComputeGradients(new float[5], [0]));

    [Fact]
    public void Calibration_NoSamples_Throws() =>
        Assert.Throws<ArgumentException>(() => Calibration.Run(SyntheticData.SmallNetwork(3, 1), new SampleSet(SyntheticData.Shape, [], [])));

    [Fact]
    public void QuantizeInput_FloatModel_Throws() =>
        Assert.Throws<ArgumentException>(() => QuantizedModel.QuantizeInput(FloatExporter.Export(SyntheticData.SmallNetwork(3, 1)), [1f], new byte[1]));

    [Fact]
    public void TrainingRandom_SameSeed_SameSequence()
    {
        var a = new TrainingRandom(7);
        var b = new TrainingRandom(7);
        for (int i = 0; i < 10; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
        for (int i = 0; i < 1000; i++) Assert.InRange(a.NextBelow(10), 0, 9);
    }
}
