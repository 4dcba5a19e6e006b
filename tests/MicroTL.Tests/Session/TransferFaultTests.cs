using MicroTL.Features;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Training;
using static MicroTL.TestSupport.TransferTestData;

namespace MicroTL.Tests.Session;

/// <summary>Training faults: whatever goes wrong, a broken head is never the model to deploy, and the outcome says why.</summary>
public class TransferFaultTests
{
    [Fact]
    public void Run_DivergingLearningRateWithoutSnapshot_RejectsHeadAndDeploysOriginalModel()
    {
        TfLiteModel model = HelloWorld;
        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Optimizer: OptimizerSettings.Sgd(1e30f), KeepSnapshot: false, Seed: 2));

        TransferOutcome outcome = session.Run(SineSign(60, 1));

        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Same(model, outcome.DeployedModel);
        Assert.Contains("no snapshot", outcome.DecisionReason);
    }

    [Fact]
    public void Run_DivergingLearningRateWithSnapshot_DeploysOnlyFiniteRolledBackHead()
    {
        var session = new TransferSession(HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Optimizer: OptimizerSettings.Sgd(1e30f), Seed: 2, KeepSnapshot: true));

        TransferOutcome outcome = session.Run(SineSign(60, 1));

        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        // Whatever was deployed must run and give finite outputs: the rollback restored a finite head.
        var interpreter = new MicroTL.Runtime.Interpreter(outcome.DeployedModel);
        interpreter.Invoke();
        foreach (float p in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(interpreter.OutputBytes())) Assert.True(float.IsFinite(p));
    }

    [Fact]
    public void Run_DivergingInTheFirstEpochWithSnapshot_KeepsTheOriginalModelThoughClassesChanged()
    {
        // The rollback can only go back to the initialisation: an untrained head, which must not replace the model.
        TfLiteModel model = HelloWorld;
        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Optimizer: OptimizerSettings.Sgd(1e30f), Seed: 2, KeepSnapshot: true));

        TransferOutcome outcome = session.Run(SineSign(60, 1));

        Assert.Equal(StopReason.Diverged, outcome.Training.Reason);
        Assert.Equal(0, outcome.Training.EpochsRun);
        Assert.True(outcome.ClassesChanged);
        Assert.Equal(DeploymentDecision.Rejected, outcome.Decision);
        Assert.Same(model, outcome.DeployedModel);
        Assert.Contains("no epoch was kept", outcome.DecisionReason);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Run_NonFiniteFloatInput_ThrowsNamingSampleAndValue(float bad)
    {
        TfLiteModel model = WithFloatInput(HelloWorld);
        var session = new TransferSession(model, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 2));
        List<LabelledInput> data = [.. Enumerable.Range(0, 20).Select(i => FloatSample(i * 0.3f, i % 2))];
        data[7] = FloatSample(bad, 1);

        var error = Assert.Throws<TransferDataException>(() => session.Run(data));

        Assert.Contains($"training sample 7 value 0 is {bad}", error.Message);
    }

    [Fact]
    public void Run_FiniteFloatInput_QuantizesAtTheModelsQuantizeOperatorAndTrains()
    {
        var session = new TransferSession(WithFloatInput(HelloWorld), new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 2, MaxEpochs: 2));

        TransferOutcome outcome = session.Run([.. Enumerable.Range(0, 20).Select(i => FloatSample(i * 0.3f, i % 2))]);

        Assert.Equal(20, outcome.SamplesOffered);
        Assert.Equal(20, outcome.StoredPerClass.Sum());
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

    [Fact]
    public void Run_StoreWithOneClassOnly_ThrowsNamingTheClassBeforeTraining()
    {
        var session = new TransferSession(HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 2));
        List<LabelledInput> onlyClassOne = [.. SineSign(80, 1).Where(s => s.Label == 1)];

        var error = Assert.Throws<TransferDataException>(() => session.Run(onlyClassOne));

        Assert.Contains("1 class only (class 1:", error.Message);
        Assert.Contains("nothing was trained", error.Message);
    }

    [Fact]
    public void Run_ClassWithOneRecordAndValidationSplit_ThrowsNamingTheClass()
    {
        var session = new TransferSession(HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 2, ValidationFraction: 0.2));
        List<LabelledInput> data = [.. SineSign(80, 1).Where(s => s.Label == 0), SineSign(80, 1).First(s => s.Label == 1)];

        var error = Assert.Throws<TransferDataException>(() => session.Run(data));

        Assert.Contains("class 1 has 1 record", error.Message);
    }

    [Fact]
    public void Run_ClassWithOneRecordWithoutValidation_Trains()
    {
        var session = new TransferSession(HelloWorld, new TransferSettings(TestDevices.Nrf52840, Classes: 2, Seed: 2, ValidationFraction: 0, Stopping: StoppingKind.FixedEpochs, MaxEpochs: 2));
        List<LabelledInput> data = [.. SineSign(80, 1).Where(s => s.Label == 0), SineSign(80, 1).First(s => s.Label == 1)];

        TransferOutcome outcome = session.Run(data);

        Assert.Equal([data.Count - 1, 1], outcome.StoredPerClass);
    }
}
