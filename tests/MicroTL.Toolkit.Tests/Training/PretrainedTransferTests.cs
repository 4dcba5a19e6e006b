using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Training;

/// <summary>The pretrained int8 model is what the device side expects: a transfer session adds a class for a new user.</summary>
public class PretrainedTransferTests
{
    [Fact]
    public void TransferSession_PretrainedModel_LearnsNewActivityForNewUser()
    {
        var data = new WisdmDataset(WisdmPack.ReadEmbedded());
        PretrainResult pretrained = Pretrainer.Pretrain(data, ['A', 'B', 'D'], [1600, 1601, 1602, 1603, 1604, 1605], seed: 1, epochs: 4);
        TfLiteModel model = TfLiteReader.Read(pretrained.Quantized.Bytes);

        char[] activities = ['A', 'B', 'D', 'E'];
        IReadOnlyList<WisdmWindow> windows = data.Select([1610], activities).Windows(200, 100);
        var training = new List<LabelledInput>();
        var test = new List<LabelledInput>();
        for (int i = 0; i < windows.Count; i++)
        {
            var bytes = new byte[600];
            QuantizedModel.QuantizeInput(model, windows[i].Values, bytes);
            var input = new LabelledInput(bytes, Array.IndexOf(activities, windows[i].Activity));
            (i % 3 == 0 ? test : training).Add(input);
        }

        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 4, MaxEpochs: 15, Seed: 3));
        TransferOutcome outcome = session.Run(training);
        TransferEvaluation measured = TransferEvaluation.Measure(model, outcome, test);

        // The head takes the CNN features and the window statistics the pretrained model computes beside them.
        Assert.NotNull(outcome.HeadFeatures);
        Assert.Equal(pretrained.Network.Layers[^2].InputShape.Size + MicroTL.Toolkit.Baselines.WindowStatistics.ExtendedCount, outcome.Head.Inputs);
        Assert.True(measured.CandidateAccuracy >= 0.7, $"accuracy before {measured.AccuracyBefore}, after transfer {measured.CandidateAccuracy}");
        Assert.True(measured.CandidateAccuracy > measured.AccuracyBefore);
    }
}

public class BaseNetworkBudgetTests
{
    // Both base networks, quantized, must leave a head the device can train in 256 KB with the default settings.
    [Theory]
    [InlineData("motion", 6)]
    [InlineData("image", 10)]
    public void TransferSession_BaseNetwork_FitsNrf52840(string kind, int classes)
    {
        FloatNetwork network = kind == "motion" ? BaseNetworks.Motion(classes) : BaseNetworks.Image(classes);
        var samples = new SampleSet(network.InputShape, GradientCheck.RandomValues(4 * network.InputShape.Size, 1, 10f), [0, 1, 0, 1]);
        var session = new TransferSession(Int8Quantizer.Quantize(network, samples).Model, new TransferSettings(TestDevices.Nrf52840));
        Assert.Equal(BaseNetworks.HiddenUnits, session.Head.Hidden);
        Assert.True(session.Memory.TotalBytes <= 256 * 1024, $"{session.Memory.TotalBytes} bytes");
    }
}
