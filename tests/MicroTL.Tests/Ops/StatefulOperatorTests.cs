// The operators with state (UNIDIRECTIONAL_SEQUENCE_LSTM, SVDF): their refusals, their state kept from one run to the
// next as TFLM keeps it, and ResetVariableTensors bringing a run back to TFLM's first one.
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using MicroTL.Tests.Zoo;

namespace MicroTL.Tests.Ops;

public class StatefulOperatorTests
{
    private static TfLiteModel Lstm => TestFixtures.ReadModel(Path.Combine(TestFixtures.Folder("zoo"), "models", "trained_lstm_int8.tflite"));

    private static TfLiteModel WithLstmOperator(TfLiteModel model, Func<OperatorInfo, OperatorInfo> change)
    {
        OperatorInfo[] ops = [.. model.MainSubgraph.Operators];
        ops[0] = change(ops[0]);
        return model with { Subgraphs = [model.MainSubgraph with { Operators = ops }] };
    }

    private static TfLiteModel WithTensor(TfLiteModel model, int index, Func<TensorInfo, TensorInfo> change)
    {
        TensorInfo[] tensors = [.. model.MainSubgraph.Tensors];
        tensors[index] = change(tensors[index]);
        return model with { Subgraphs = [model.MainSubgraph with { Tensors = tensors }] };
    }

    private static string Refusal(TfLiteModel model) => Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 0)).Message;

    [Fact]
    public void Lstm_PeepholeInput_IsUnsupported()
    {
        TfLiteModel model = WithLstmOperator(Lstm, op => op with { Inputs = [.. op.Inputs[..9], 4, .. op.Inputs[10..]] });
        var error = Assert.Throws<UnsupportedOperatorException>(() => OperatorResolver.Prepare(model, 0));
        Assert.Contains("input 9 is a peephole tensor; only the standard LSTM runs", error.Message);
    }

    [Fact]
    public void Lstm_TwentyThreeInputs_Throws() =>
        Assert.Contains("has 23 inputs, expected 24", Refusal(WithLstmOperator(Lstm, op => op with { Inputs = op.Inputs[..23] })));

    [Fact]
    public void Lstm_StateNotVariable_Throws() =>
        Assert.Contains("output state tensor 16 'tfl.pseudo_qconst' is not a variable tensor",
            Refusal(WithTensor(Lstm, 16, t => t with { IsVariable = false })));

    [Fact]
    public void Lstm_ReluCellGate_IsUnsupported() =>
        Assert.Contains("cell gate activation Relu; TFLM's kernel squashes the cell gate by TANH only",
            Assert.Throws<UnsupportedOperatorException>(() => OperatorResolver.Prepare(
                WithLstmOperator(Lstm, op => op with { Options = new UnidirectionalSequenceLstmOptions(ActivationFunction.Relu) }), 0)).Message);

    [Fact]
    public void Lstm_PerChannelWeights_IsUnsupported() =>
        Assert.Contains("has 20 per-channel scales; TFLM's LSTM requantizes each layer with one scale",
            Assert.Throws<UnsupportedOperatorException>(() => OperatorResolver.Prepare(
                WithTensor(Lstm, 8, t => t with { Quantization = new QuantizationParams(Enumerable.Repeat(0.01f, 20).ToArray(), new long[20], 0) }), 0)).Message);

    [Fact]
    public void Lstm_WeightsWithZeroPoint_Throws() =>
        Assert.Contains("has zero point 3, expected 0 (symmetric int8 weights)",
            Refusal(WithTensor(Lstm, 8, t => t with { Quantization = t.Quantization! with { ZeroPoint = [3] } })));

    [Fact]
    public void Lstm_StateSizeUnlikeTheWeights_Throws() =>
        Assert.Contains("has shape [20, 28], expected [21, 28]",
            Refusal(WithTensor(Lstm, 16, t => t with { Shape = [1, 21] })));

    [Fact]
    public void Invoke_LstmTwice_StateCarriesOverUntilReset()
    {
        ZooCase golden = ZooCase.Parse("trained_lstm_int8/sample3");
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath));
        golden.WriteInputs(interpreter);
        interpreter.Invoke();
        Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());

        // TFLM keeps the LSTM's state: a second run of the same input starts from the first run's last state.
        golden.WriteInputs(interpreter);
        interpreter.Invoke();
        Assert.NotEqual(golden.Output, interpreter.OutputBytes().ToArray());

        interpreter.ResetVariableTensors();
        golden.WriteInputs(interpreter);
        interpreter.Invoke();
        Assert.Equal(golden.Output, interpreter.OutputBytes().ToArray());
    }

    [Fact]
    public void ResetVariableTensors_Int8State_FilledWithItsZeroPoint()
    {
        var interpreter = new Interpreter(Lstm);
        (int hidden, int cell) = ((UnidirectionalSequenceLstmOperator)interpreter.Operators[0]).StateTensors;
        long zeroPoint = Lstm.MainSubgraph.Tensors[hidden].Quantization!.ZeroPoint[0];
        interpreter.Invoke();

        interpreter.ResetVariableTensors();

        Assert.All(interpreter.TensorBytes(hidden).ToArray(), b => Assert.Equal(unchecked((byte)zeroPoint), b));
        Assert.All(interpreter.TensorBytes(cell).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal([hidden, cell], interpreter.VariableTensorIndices);
    }

    [Fact]
    public void Invoke_SvdfTwice_StateShiftsAsTflm()
    {
        ZooCase golden = ZooCase.Parse("keyword_scrambled_8bit/random");
        var interpreter = new Interpreter(TestFixtures.ReadModel(golden.ModelPath));
        golden.WriteInputs(interpreter);
        interpreter.Invoke();
        byte[] first = interpreter.OutputBytes().ToArray();

        golden.WriteInputs(interpreter);
        interpreter.ResetVariableTensors();
        interpreter.Invoke();

        Assert.Equal(golden.Output, first);
        Assert.Equal(first, interpreter.OutputBytes().ToArray());
    }

    [Fact]
    public void Svdf_StateNotVariable_Throws()
    {
        TfLiteModel model = TestFixtures.ReadModel(Path.Combine(TestFixtures.Folder("zoo"), "models", "keyword_scrambled_8bit.tflite"));
        model = WithTensor(model, 4, t => t with { IsVariable = false });
        Assert.Contains("activation state tensor 4 '' is not a variable tensor",
            Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 1)).Message);
    }

    [Fact]
    public void Svdf_RankNotDividingFilters_Throws()
    {
        TfLiteModel model = TestFixtures.ReadModel(Path.Combine(TestFixtures.Folder("zoo"), "models", "keyword_scrambled_8bit.tflite"));
        OperatorInfo[] ops = [.. model.MainSubgraph.Operators];
        ops[1] = ops[1] with { Options = new SvdfOptions(5, ActivationFunction.Relu) };
        model = model with { Subgraphs = [model.MainSubgraph with { Operators = ops }] };
        Assert.Contains("rank 5 does not divide the 64 filters",
            Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 1)).Message);
    }
}
