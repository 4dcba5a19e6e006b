using MicroTL.Session;
using MicroTL.Store;
using MicroTL.TfLite;
using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Benchmarking;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;
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
        Assert.Equal(0, t.HeadFeatureLength);
        // The recipe's batch and optimizer, every record training (transfer's defaults).
        Assert.Equal((16, 3, TransferSettings.DefaultBatchSize), (t.Hidden, t.Classes, t.BatchSize));
        Assert.Equal((40, 0), (t.TrainingRecords, t.ValidationRecords));
        Assert.Equal(0, t.AllocatedBytesPerStep);
        var shape = new HeadShape(4000, 16, 3);
        Assert.Equal(OpCounts.TrainingStep(shape, TransferSettings.DefaultBatchSize, TransferSettings.DefaultOptimizer.Kind), t.StepOps);
        Assert.Equal(t.TrainingRecords, t.EpochOps.Samples);
        Assert.Equal((40 + 15) / 16, t.EpochOps.Steps);
        Assert.True(t.TrainEpoch.MinMicroseconds > 0 && t.CollectSample.MinMicroseconds > 0 && t.TrainStep.MinMicroseconds > 0);
    }

    [Fact]
    public void Run_Defaults_TheHeadTransferWouldTrain()
    {
        // micro_speech: its 4 classes, its single FULLY_CONNECTED no hidden layer to take, so the recipe's width.
        TransferTimings t = TransferBenchmark.Run(MicroSpeech, cut: null, classes: null, hidden: null, samples: null, runs: 1);

        Assert.Equal((TransferSettings.DefaultHidden, 4), (t.Hidden, t.Classes));
        Assert.Equal(10 * 4 + 20, t.TrainingRecords);
    }

    [Fact]
    public void Run_ModelWithHeadFeatures_TheHeadReadsThemBesideTheCut()
    {
        var data = new WisdmDataset(WisdmPack.ReadEmbedded());
        SampleSet windows = WisdmSamples.Create(data.Select([1600], ['A', 'B', 'D', 'E']).Windows(), ['A', 'B', 'D', 'E']);
        TfLiteModel motion = Int8Quantizer.Quantize(BaseNetworks.Motion(4), windows,
            new Int8QuantizationOptions { HeadStatistics = StatisticsScaling.Of(windows) }).Model;

        TransferTimings t = TransferBenchmark.Run(motion, cut: null, classes: null, hidden: null, samples: null, runs: 1, warmupRuns: 1);

        Assert.True(t.HeadFeatureLength > 0);
        Assert.Equal(96 + t.HeadFeatureLength, t.FeatureLength);
        Assert.Equal(4, t.Classes);
        Assert.True(t.BodyFloatOperations > 0, "the window statistics are float work of each collection");
        Assert.Equal(TransferSettings.DefaultHidden, t.Hidden); // its own head reads the cut alone: head features widen it
        Assert.Equal(OpCounts.TrainingStep(new HeadShape(t.FeatureLength, t.Hidden, 4), t.BatchSize, OptimizerKind.Adam), t.StepOps);
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
