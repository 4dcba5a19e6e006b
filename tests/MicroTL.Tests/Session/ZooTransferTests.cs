// Transfer on a real LSTM: features are its last hidden state; since the model's own head reads the whole sequence, it
// cannot be judged on those features, so with the classes unchanged the model stays, and with new classes the head goes.
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Training;
using static MicroTL.TestSupport.TransferTestData;

namespace MicroTL.Tests.Session;

public class ZooTransferTests
{
    private static TfLiteModel Lstm => TestFixtures.ReadModel(Path.Combine(TestFixtures.Folder("zoo"), "models", "trained_lstm_int8.tflite"));

    /// <summary>Noisy copies of the two MNIST samples of the zoo fixtures (digits 0 and 3), labelled by class.</summary>
    private static List<LabelledInput> Digits(int perClass, int seed)
    {
        var random = new Random(seed);
        var samples = new List<LabelledInput>();
        foreach ((string name, int label) in new[] { ("sample0", 0), ("sample3", 1) })
        {
            byte[] image = File.ReadAllBytes(Path.Combine(TestFixtures.Folder("zoo"), "golden", "trained_lstm_int8", name, "input.bin"));
            for (int i = 0; i < perClass; i++)
            {
                byte[] noisy = [.. image.Select(b => (byte)(sbyte)Math.Clamp((sbyte)b + random.Next(-6, 7), -128, 127))];
                samples.Add(new LabelledInput(noisy, label));
            }
        }
        return samples;
    }

    [Fact]
    public void Run_LstmStateCutWithTheModelsClasses_KeepsTheModel()
    {
        var settings = new TransferSettings(TestDevices.Nrf52840, CutTensor: "tfl.pseudo_qconst", Classes: 10, MaxEpochs: 3);
        var session = new TransferSession(Lstm, settings);
        List<LabelledInput> data = Digits(10, 1);
        data = [.. data.Select(s => s with { Label = s.Label == 0 ? 0 : 3 })];

        TransferOutcome outcome = session.Run(data);

        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Equal(20, session.Head.Inputs);
    }

    [Fact]
    public void Run_LstmStateCutWithNewClasses_DeploysAModelThatRunsTheStatePerSample()
    {
        var settings = new TransferSettings(TestDevices.Nrf52840, CutTensor: "tfl.pseudo_qconst", Classes: 2, MaxEpochs: 20);
        var session = new TransferSession(Lstm, settings);

        TransferOutcome outcome = session.Run(Digits(10, 1));

        Assert.Equal(DeploymentDecision.AcceptedClassesChanged, outcome.Decision);
        double accuracy = Accuracy(outcome.DeployedModel, Digits(5, 2));
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }
}
