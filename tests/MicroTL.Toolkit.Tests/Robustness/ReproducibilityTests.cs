using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Robustness;

/// <summary>The same command with the same seed gives the same bytes: pretraining, quantization and transfer.</summary>
public class ReproducibilityTests
{
    private static readonly Lazy<WisdmDataset> Data = new(() => new WisdmDataset(WisdmPack.ReadEmbedded()));

    [Fact]
    public void Pretrain_SameSeedTwice_GivesByteIdenticalInt8Models()
    {
        byte[] first = Pretrain(seed: 5), second = Pretrain(seed: 5);

        Assert.Equal(first, second);
        Assert.NotEqual(first, Pretrain(seed: 6)); // the seed matters, so equal bytes are not a constant
    }

    [Fact]
    public void Transfer_SameSeedTwice_GivesByteIdenticalAdaptedModels()
    {
        TfLiteModel model = TfLiteReader.Read(Pretrain(seed: 5));
        byte[] first = Transfer(model, seed: 3), second = Transfer(model, seed: 3);

        Assert.Equal(first, second);
        Assert.NotEqual(first, Transfer(model, seed: 4));
    }

    private static byte[] Pretrain(ulong seed) =>
        Pretrainer.Pretrain(Data.Value, ['A', 'B', 'D'], [1600, 1601, 1602, 1603], seed, epochs: 1).Quantized.Bytes;

    private static byte[] Transfer(TfLiteModel model, ulong seed)
    {
        IReadOnlyList<WisdmWindow> windows = Data.Value.Select([1610], ['A', 'B', 'D', 'E']).Windows(200, 200);
        var inputs = new List<LabelledInput>();
        foreach (WisdmWindow window in windows)
        {
            var bytes = new byte[600];
            QuantizedModel.QuantizeInput(model, window.Values, bytes);
            inputs.Add(new LabelledInput(bytes, "ABDE".IndexOf(window.Activity, StringComparison.Ordinal)));
        }

        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 4, MaxEpochs: 4, Seed: seed));
        return TfLiteWriter.Write(session.Run([.. inputs.Where((_, i) => i % 3 != 0)]).DeployedModel);
    }
}
