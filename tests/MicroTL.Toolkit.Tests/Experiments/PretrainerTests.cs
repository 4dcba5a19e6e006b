using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class PretrainerTests
{
    private static readonly Lazy<WisdmDataset> Data = new(() => new WisdmDataset(WisdmPack.ReadEmbedded()));
    private static readonly char[] WalkJogSit = ['A', 'B', 'D'];
    private static readonly int[] Subjects = [1600, 1601, 1602, 1603, 1604, 1605];

    [Fact]
    public void Pretrain_SixSubjects_FloatAndInt8AccurateAndAgree()
    {
        PretrainResult result = Pretrainer.Pretrain(Data.Value, WalkJogSit, Subjects, seed: 1, epochs: 4);
        Assert.Single(result.TestSubjects);
        Assert.Equal(4, result.History.Count);
        // One held-out user is a hard, noisy test: ask for well above chance (1/3) there, and a fit on the training windows
        // (as the trainer saw them: rotated and scaled by the default augmentation, so below a plain fit).
        Assert.True(result.History[^1].Accuracy >= 0.75f, $"training accuracy {result.History[^1].Accuracy}");
        Assert.True(result.FloatAccuracy >= 0.6f, $"float accuracy {result.FloatAccuracy}");
        Assert.True(result.Agreement >= 0.9f, $"agreement {result.Agreement}");
        Assert.True(Math.Abs(result.FloatAccuracy - result.Int8Accuracy) <= 0.05f, $"float {result.FloatAccuracy}, int8 {result.Int8Accuracy}");
        var interpreter = new Interpreter(TfLiteReader.Read(result.Quantized.Bytes));
        Assert.Equal(200 * 3, interpreter.InputBytes().Length);
        Assert.Equal(3, interpreter.OutputBytes().Length);
    }

    [Fact]
    public void Pretrain_PerClassAccuracies_AverageToTheOverallAccuracy()
    {
        PretrainResult result = Pretrainer.Pretrain(Data.Value, WalkJogSit, Subjects, seed: 2, epochs: 2);
        Assert.Equal(3, result.FloatPerClass.Count);
        Assert.Equal(3, result.Int8PerClass.Count);
        SampleSet test = WisdmSamples.Create(Data.Value.Select(result.TestSubjects, WalkJogSit).Windows(), WalkJogSit);
        double weighted = 0;
        for (int c = 0; c < 3; c++) weighted += result.Int8PerClass[c] * test.Labels.ToArray().Count(l => l == c);
        Assert.Equal(result.Int8Accuracy, weighted / test.Count, 4);
    }

    [Fact]
    public void Pretrain_NormalisedInputs_ModelStillTakesRawValues()
    {
        // Trained on standardised inputs, folded back: the float network and its int8 model agree on raw windows.
        PretrainResult result = Pretrainer.Pretrain(Data.Value, WalkJogSit, Subjects, seed: 3, epochs: 2,
            new PretrainOptions { NormalizeInput = true });
        Assert.True(result.Agreement >= 0.9f, $"agreement {result.Agreement}");
        Assert.True(result.FloatAccuracy > 0.4f, $"float accuracy {result.FloatAccuracy}");
    }

    [Fact]
    public void Pretrain_SameSeed_SameModelBytes()
    {
        PretrainResult a = Pretrainer.Pretrain(Data.Value, WalkJogSit, Subjects[..3], seed: 5, epochs: 1);
        PretrainResult b = Pretrainer.Pretrain(Data.Value, WalkJogSit, Subjects[..3], seed: 5, epochs: 1);
        Assert.Equal(a.Quantized.Bytes, b.Quantized.Bytes);
        Assert.Equal(a.TestSubjects, b.TestSubjects);
    }

    [Fact]
    public void Pretrain_OneSubject_SplitsWindows()
    {
        PretrainResult result = Pretrainer.Pretrain(Data.Value, WalkJogSit, [1600], seed: 1, epochs: 1);
        Assert.Empty(result.TestSubjects);
        Assert.True(result.TestWindows > 0 && result.TrainWindows > result.TestWindows);
    }

    [Fact]
    public void Pretrain_OneActivity_Throws() =>
        Assert.Throws<ArgumentException>(() => Pretrainer.Pretrain(Data.Value, ['A'], Subjects, seed: 1, epochs: 1));

    [Fact]
    public void Pretrain_UnknownSubject_Throws() =>
        Assert.Throws<DataFormatException>(() => Pretrainer.Pretrain(Data.Value, WalkJogSit, [42], seed: 1, epochs: 1));

    [Fact]
    public void WisdmSamples_ActivityNotListed_Throws()
    {
        IReadOnlyList<WisdmWindow> windows = Data.Value.Select([1600], ['A']).Windows();
        var e = Assert.Throws<ArgumentException>(() => WisdmSamples.Create(windows, ['B']));
        Assert.Contains("activity A", e.Message);
    }
}
