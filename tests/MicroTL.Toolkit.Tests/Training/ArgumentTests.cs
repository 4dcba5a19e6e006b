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
    public void Train_NonPositiveLearningRate_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Train(SyntheticData.SmallNetwork(3, 1), SyntheticData.Waves(6, 3, 1),
            new TrainingOptions { Epochs = 1, LearningRate = 0f }));

    [Fact]
    public void Train_OneStep_MovesEachParameterByAtMostTheLearningRate()
    {
        // Pretraining's optimizer is the device's Adam (decoupled decay 0 here): its first step moves every weight by at most η.
        FloatNetwork network = SyntheticData.SmallNetwork(3, 1);
        float[] before = [.. network.Parameters];
        Trainer.Train(network, SyntheticData.Waves(4, 3, 1), new TrainingOptions { Epochs = 1, BatchSize = 4, LearningRate = 0.1f });
        for (int i = 0; i < before.Length; i++) Assert.True(Math.Abs(network.Parameters[i] - before[i]) <= 0.1f + 1e-6f, $"parameter {i} moved {network.Parameters[i] - before[i]}");
        Assert.Contains(network.Parameters.Select((p, i) => Math.Abs(p - before[i])), d => d > 0.099f);
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
    public void Build_SameSeed_SameBits_OtherSeed_OtherBits()
    {
        // Initialisation draws from the device's generator (PCG32): a seed means the same network on every runtime.
        Assert.Equal(SyntheticData.SmallNetwork(3, 7).Parameters, SyntheticData.SmallNetwork(3, 7).Parameters);
        Assert.NotEqual(SyntheticData.SmallNetwork(3, 7).Parameters, SyntheticData.SmallNetwork(3, 8).Parameters);
    }
}
