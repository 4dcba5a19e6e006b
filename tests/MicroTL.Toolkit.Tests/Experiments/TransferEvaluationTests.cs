using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Training;
using static MicroTL.TestSupport.TransferTestData;

namespace MicroTL.Toolkit.Tests.Experiments;

/// <summary>The host's measurement of a device run: the models on a test set, and the exported model against the trained head.</summary>
public class TransferEvaluationTests
{
    [Fact]
    public void Measure_DeployedHybridHead_AfterIsTheCandidateAndTheExportAgreesEverywhere()
    {
        TfLiteModel model = HelloWorld;
        TransferOutcome outcome = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 5)).Run(SineSign(200, 8));
        List<LabelledInput> test = SineSign(200, 9);

        TransferEvaluation measured = TransferEvaluation.Measure(model, outcome, test);

        Assert.True(outcome.Deployed);
        Assert.Equal(test.Count, measured.TestSamples);
        Assert.Equal(test.Count, measured.ExportAgreements); // the hybrid model's logits differ from the head's in the last bits at most (summation order)
        Assert.Equal(measured.HeadAccuracy, measured.CandidateAccuracy);
        Assert.Equal(measured.CandidateAccuracy, measured.AccuracyAfter);
        Assert.Equal(Accuracy(model, test), measured.AccuracyBefore);
        Assert.Equal(Accuracy(outcome.CandidateModel, test), measured.CandidateAccuracy);
        // And the file form of the deployed model behaves the same: write, read back, run.
        Assert.Equal(measured.AccuracyAfter, Accuracy(TfLiteReader.Read(TfLiteWriter.Write(outcome.DeployedModel)), test));
        Assert.True(measured.AccuracyAfter >= 0.9, $"after {measured.AccuracyAfter}");
        Assert.True(measured.AccuracyAfter > measured.AccuracyBefore + 0.3, $"before {measured.AccuracyBefore}, after {measured.AccuracyAfter}");
    }

    [Fact]
    public void Measure_RejectedHead_AfterIsBefore()
    {
        TfLiteModel model = HelloWorld;
        var settings = new TransferSettings(TestDevices.Nrf52840, Classes: 2, Optimizer: OptimizerSettings.Sgd(1e30f), KeepSnapshot: false, Seed: 2);
        TransferOutcome outcome = new TransferSession(model, settings).Run(SineSign(60, 1));

        TransferEvaluation measured = TransferEvaluation.Measure(model, outcome, SineSign(40, 2));

        Assert.False(outcome.Deployed);
        Assert.Equal(measured.AccuracyBefore, measured.AccuracyAfter);
        Assert.Equal(Accuracy(outcome.CandidateModel, SineSign(40, 2)), measured.CandidateAccuracy);
    }

    [Fact]
    public void Measure_Int8Head_AgreesWithTheFloatHeadOnNearlyEveryInput()
    {
        TfLiteModel model = HelloWorld;
        TransferOutcome outcome = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 5, Int8Head: true)).Run(SineSign(200, 8));

        TransferEvaluation measured = TransferEvaluation.Measure(model, outcome, SineSign(200, 9));

        // Requantization rounds, so agreement is not guaranteed to be total; it must stay close.
        Assert.True(measured.ExportAgreements >= 0.95 * measured.TestSamples, $"{measured.ExportAgreements} of {measured.TestSamples} agree");
        Assert.True(measured.CandidateAccuracy >= 0.85, $"int8 candidate accuracy {measured.CandidateAccuracy}, float head {measured.HeadAccuracy}");
    }

    [Fact]
    public void Measure_CutAtGraphInput_TheExportAgreesEverywhere()
    {
        TfLiteModel model = HelloWorld;
        var settings = new TransferSettings(TestDevices.Nrf52840, CutTensor: "0", Classes: 2, Hidden: 8);
        TransferOutcome outcome = new TransferSession(model, settings).Run(SineSign(200, 1));

        TransferEvaluation measured = TransferEvaluation.Measure(model, outcome, SineSign(100, 2));

        Assert.Equal(100, measured.ExportAgreements);
    }

    [Fact]
    public void Measure_EmptyTestSet_Throws()
    {
        TransferOutcome outcome = SmallRun(out TfLiteModel model);
        var error = Assert.Throws<TransferDataException>(() => TransferEvaluation.Measure(model, outcome, []));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Measure_LabelOutsideTheHeadsClasses_ThrowsNamingTheSample()
    {
        TransferOutcome outcome = SmallRun(out TfLiteModel model);
        List<LabelledInput> test = SineSign(5, 2);
        test[3] = test[3] with { Label = 2 };

        var error = Assert.Throws<TransferDataException>(() => TransferEvaluation.Measure(model, outcome, test));
        Assert.Contains("test sample 3 has label 2", error.Message);
    }

    [Fact]
    public void Measure_InputOfTheWrongSize_ThrowsNamingTheSample()
    {
        TransferOutcome outcome = SmallRun(out TfLiteModel model);
        List<LabelledInput> test = SineSign(5, 2);
        test[1] = new LabelledInput([1, 2], 0);

        var error = Assert.Throws<TransferDataException>(() => TransferEvaluation.Measure(model, outcome, test));
        Assert.Contains("test sample 1 has 2 input bytes, the model takes 1", error.Message);
    }

    [Fact]
    public void Measure_NonFiniteFloatInput_ThrowsNamingSampleAndValue()
    {
        TfLiteModel model = WithFloatInput(HelloWorld);
        List<LabelledInput> train = [.. Enumerable.Range(0, 20).Select(i => FloatSample(i * 0.3f, i % 2))];
        TransferOutcome outcome = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, MaxEpochs: 2)).Run(train);

        var error = Assert.Throws<TransferDataException>(() => TransferEvaluation.Measure(model, outcome, [FloatSample(1f, 0), FloatSample(float.NaN, 1)]));
        Assert.Contains("test sample 1 value 0 is NaN", error.Message);
        Assert.Equal(1, TransferEvaluation.Measure(model, outcome, [FloatSample(1f, 0)]).TestSamples);
    }

    private static TransferOutcome SmallRun(out TfLiteModel model)
    {
        model = HelloWorld;
        return new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, MaxEpochs: 2)).Run(SineSign(40, 1));
    }

    private static LabelledInput FloatSample(float x, int label) => new(BitConverter.GetBytes(x), label);

    /// <summary>The model behind a float32 input and a QUANTIZE into its int8 input, as converters emit for float callers.</summary>
    private static TfLiteModel WithFloatInput(TfLiteModel model)
    {
        Subgraph graph = model.MainSubgraph;
        TensorInfo int8Input = graph.Tensors[graph.Inputs[0]];
        var floatInput = new TensorInfo("float_input", TensorType.Float32, int8Input.Shape, 0);
        int quantize = model.OperatorCodes.Count;
        return model with
        {
            OperatorCodes = [.. model.OperatorCodes, new OperatorCode(BuiltinOperator.Quantize)],
            Subgraphs = [graph with
            {
                Tensors = [.. graph.Tensors, floatInput],
                Operators = [new OperatorInfo(quantize, [graph.Tensors.Count], [graph.Inputs[0]], null), .. graph.Operators],
                Inputs = [graph.Tensors.Count],
            }],
        };
    }
}
