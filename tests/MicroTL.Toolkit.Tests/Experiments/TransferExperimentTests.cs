using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class TransferExperimentTests
{
    // Digits-shaped samples: class k lights row k. Enough for the run to train; accuracy is not what these tests check.
    private static SampleSet Images(int perClass, ulong seed)
    {
        var random = new Pcg32(seed);
        FeatureShape shape = BaseNetworks.ImageInput;
        var values = new float[2 * perClass * shape.Size];
        var labels = new int[2 * perClass];
        for (int n = 0; n < labels.Length; n++)
        {
            labels[n] = n % 2;
            for (int p = 0; p < shape.Size; p++) values[n * shape.Size + p] = (p / 28 % 2 == labels[n] ? 0.8f : 0f) + random.NextSymmetric(0.1f);
        }

        return new SampleSet(shape, values, labels);
    }

    [Fact]
    public void Run_Images_HasNoClassicalBaseline()
    {
        SampleSet train = Images(4, 1), test = Images(3, 2);
        FloatNetwork network = BaseNetworks.Image(2, seed: 1);
        TfLiteModel model = TfLiteReader.Read(Int8Quantizer.Quantize(network, train).Bytes);

        TransferExperimentResult result = TransferExperiment.Run(model, network, train, test, 2,
            new TransferSettings(TestDevices.Nrf52840, MaxEpochs: 2, FreshHead: true), rawBytesPerSample: 785, cloudEpochs: 2);

        Assert.Null(result.Classical);
        var run = new ScenarioRun(1, 4, null, 0, 0, result);
        Assert.True(double.IsNaN(run.ClassicalAccuracy));
        Assert.Equal(0, ScenarioResult.Summarise([run], [4])[0].Classical.Count);
    }
}
