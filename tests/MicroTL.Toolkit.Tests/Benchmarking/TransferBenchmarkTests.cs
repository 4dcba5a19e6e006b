using MicroTL.Toolkit.Benchmarking;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Benchmarking;

public class TransferBenchmarkTests
{
    private static MicroTL.TfLite.TfLiteModel MicroSpeech => TestFixtures.ReadModel(TestFixtures.Model("micro_speech_quantized.tflite"));

    [Fact]
    public void Run_MicroSpeech_TimesEveryStepWithoutAllocating()
    {
        TransferTimings t = TransferBenchmark.Run(MicroSpeech, cut: null, classes: 3, hidden: 16, samples: 40, runs: 3);

        Assert.Equal(4000, t.FeatureLength);
        Assert.Equal((16, 3, 8), (t.Hidden, t.Classes, t.BatchSize));
        Assert.Equal(40, t.TrainingRecords + t.ValidationRecords);
        Assert.Equal(0, t.AllocatedBytesPerStep);
        var shape = new HeadShape(4000, 16, 3);
        Assert.Equal(OpCounts.TrainingStep(shape, 8, OptimizerKind.Adam), t.StepOps);
        Assert.Equal(t.TrainingRecords + t.ValidationRecords, t.EpochOps.Samples);
        Assert.Equal((t.TrainingRecords + 7) / 8, t.EpochOps.Steps);
        Assert.True(t.TrainEpoch.MinMicroseconds > 0 && t.CollectSample.MinMicroseconds > 0 && t.TrainStep.MinMicroseconds > 0);
    }

    [Fact]
    public void Run_NamedCut_CutsThere()
    {
        // Tensor 1 of micro_speech is the reshape's output, the depthwise convolution's input (1960 int8 values).
        MicroTL.TfLite.TfLiteModel model = MicroSpeech;
        int reshapeOut = model.MainSubgraph.Operators[0].Outputs[0];

        TransferTimings t = TransferBenchmark.Run(model, reshapeOut.ToString(System.Globalization.CultureInfo.InvariantCulture), 2, 8, 20, 1);

        Assert.Equal(1960, t.FeatureLength);
        Assert.DoesNotContain(t.BodyMacsByOperator, p => p.Value > 0);
    }

    [Theory]
    [InlineData(0, 2, 8, 40)]
    [InlineData(1, 1, 8, 40)]
    [InlineData(1, 2, 0, 40)]
    [InlineData(1, 2, 8, 19)]
    public void Run_BadSettings_Throws(int runs, int classes, int hidden, int samples)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransferBenchmark.Run(MicroSpeech, null, classes, hidden, samples, runs));
    }

    [Fact]
    public void Run_NoFullyConnectedForTheDefaultCut_ThrowsInvalidModel()
    {
        MicroTL.TfLite.TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("simple_add_model.tflite"));

        Assert.Throws<InvalidModelException>(() => TransferBenchmark.Run(model, null, 2, 8, 20, 1));
    }
}
