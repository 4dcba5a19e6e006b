using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Tests.Training;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Quantization;

public class Int8QuantizerTests
{
    // One trained network shared by the tests of this class (training takes ~0.3 s).
    private static readonly Lazy<(FloatNetwork Network, SampleSet Train, SampleSet Test)> Trained = new(() =>
    {
        SampleSet train = SyntheticData.Waves(300, 3, seed: 1);
        SampleSet test = SyntheticData.Waves(200, 3, seed: 2);
        FloatNetwork network = SyntheticData.SmallNetwork(3, seed: 1);
        Trainer.Train(network, train, new TrainingOptions { Epochs = 8, BatchSize = 16, LearningRate = 3e-3f, ShuffleSeed = 4 });
        return (network, train, test);
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quantize_TrainedNetwork_RunsInInterpreterCloseToFloat(bool perChannelDense)
    {
        (FloatNetwork network, SampleSet train, SampleSet test) = Trained.Value;
        QuantizedModel model = Int8Quantizer.Quantize(network, train, new Int8QuantizationOptions { PerChannelDense = perChannelDense });
        int[] predictions = model.PredictAll(test);
        int agree = 0;
        for (int i = 0; i < test.Count; i++)
            if (predictions[i] == network.Predict(test.Sample(i))) agree++;
        float floatAccuracy = network.Evaluate(test), int8Accuracy = model.Evaluate(test);
        Assert.True(agree >= 0.9 * test.Count, $"int8 and float agree on {agree} of {test.Count}");
        Assert.True(Math.Abs(floatAccuracy - int8Accuracy) <= 0.03f, $"float {floatAccuracy}, int8 {int8Accuracy}");
    }

    [Fact]
    public void Quantize_WrittenFile_ReadsBackAndGivesSameOutputs()
    {
        (FloatNetwork network, SampleSet train, SampleSet test) = Trained.Value;
        QuantizedModel model = Int8Quantizer.Quantize(network, train);
        var fromFile = new Interpreter(TfLiteReader.Read(model.Bytes));
        Interpreter inMemory = model.CreateInterpreter();
        for (int i = 0; i < 10; i++)
        {
            model.QuantizeInput(test.Sample(i), fromFile.InputBytes());
            model.QuantizeInput(test.Sample(i), inMemory.InputBytes());
            fromFile.Invoke();
            inMemory.Invoke();
            Assert.Equal(inMemory.OutputBytes().ToArray(), fromFile.OutputBytes().ToArray());
        }
    }

    [Fact]
    public void Quantize_Model_FollowsInt8Spec()
    {
        (FloatNetwork network, SampleSet train, _) = Trained.Value;
        TfLiteModel model = Int8Quantizer.Quantize(network, train).Model;
        Subgraph graph = model.MainSubgraph;
        BuiltinOperator[] codes = graph.Operators.Select(model.CodeOf).ToArray();
        Assert.Equal([BuiltinOperator.Conv2D, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape,
            BuiltinOperator.FullyConnected, BuiltinOperator.FullyConnected, BuiltinOperator.Softmax], codes);
        TensorInfo input = graph.Tensors[graph.Inputs[0]];
        Assert.Equal(TensorType.Int8, input.Type);
        Assert.Equal([1, 1, 32, 2], input.Shape);
        OperatorInfo conv = graph.Operators[0];
        TensorInfo filter = graph.Tensors[conv.Inputs[1]], bias = graph.Tensors[conv.Inputs[2]], convOut = graph.Tensors[conv.Outputs[0]];
        Assert.Equal(4, filter.Quantization!.Scale.Length);
        Assert.Equal(0, filter.Quantization.QuantizedDimension);
        Assert.Equal(TensorType.Int32, bias.Type);
        for (int o = 0; o < 4; o++) Assert.Equal(input.Quantization!.Scale[0] * filter.Quantization.Scale[o], bias.Quantization!.Scale[o], 1e-12f);
        Assert.Equal(ActivationFunction.Relu, ((Conv2DOptions)conv.Options!).Activation);
        Assert.Equal(-128, convOut.Quantization!.ZeroPoint[0]);
        Assert.Equal(convOut.Quantization, graph.Tensors[graph.Operators[1].Outputs[0]].Quantization);
        Assert.Equal(convOut.Quantization, graph.Tensors[graph.Operators[2].Outputs[0]].Quantization);
        TensorInfo output = graph.Tensors[graph.Outputs[0]];
        Assert.Equal(1f / 256, output.Quantization!.Scale[0]);
        Assert.Equal(-128, output.Quantization.ZeroPoint[0]);
    }

    [Fact]
    public void Quantize_Model_DefaultCutIsFlattenedFeatures()
    {
        (FloatNetwork network, SampleSet train, _) = Trained.Value;
        TfLiteModel model = Int8Quantizer.Quantize(network, train).Model;
        CutPoint cut = CutPoint.Default(model);
        Assert.Equal(3, cut.BodyOperatorCount);
        Assert.Equal(model.MainSubgraph.Operators[2].Outputs[0], cut.Tensor);
        Assert.NotNull(ModelHead.TryDequantize(model, cut, out _));
    }

    [Fact]
    public void QuantizeInput_RoundsHalfAwayAndClamps()
    {
        (FloatNetwork network, SampleSet train, _) = Trained.Value;
        QuantizedModel model = Int8Quantizer.Quantize(network, train);
        float s = model.InputScale;
        int z = model.InputZeroPoint;
        var bytes = new byte[4];
        model.QuantizeInput([0f, 2.5f * s, 1e6f, -1e6f], bytes);
        Assert.Equal([(sbyte)z, (sbyte)Math.Clamp(z + 3, -128, 127), (sbyte)127, (sbyte)-128], MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray());
        Assert.Throws<ArgumentException>(() => model.QuantizeInput([1f, 2f], new byte[1]));
    }

    [Fact]
    public void Quantize_StandaloneRelu_NotAfterConv_Throws()
    {
        FloatNetwork network = new NetworkBuilder(new FeatureShape(1, 8, 1)).MaxPool2D(1, 2).Relu().Flatten().Dense(2, relu: false).Build(1);
        var samples = new SampleSet(network.InputShape, new float[8], [0]);
        Assert.Throws<NotSupportedException>(() => Int8Quantizer.Quantize(network, samples));
    }

    [Fact]
    public void Quantize_SeparateRelu_FusedIntoConv()
    {
        FloatNetwork network = new NetworkBuilder(new FeatureShape(4, 4, 1)).Conv2D(2, 3, 3, padding: Padding.Same, relu: false).Relu()
            .AveragePool2D(2, 2).Flatten().Dense(2, relu: false).Build(1);
        SampleSet samples = new(network.InputShape, GradientCheck.RandomValues(16 * 4, 3), [0, 1, 0, 1]);
        QuantizedModel model = Int8Quantizer.Quantize(network, samples);
        Assert.Equal(ActivationFunction.Relu, ((Conv2DOptions)model.Model.MainSubgraph.Operators[0].Options!).Activation);
        Assert.Equal(4, model.PredictAll(samples).Length);
    }

    [Fact]
    public void Calibration_Ranges_IncludeZero()
    {
        FloatNetwork network = SyntheticData.SmallNetwork(3, seed: 1);
        var samples = new SampleSet(network.InputShape, Enumerable.Repeat(5f, network.InputShape.Size).ToArray(), [0]);
        Calibration calibration = Calibration.Run(network, samples);
        Assert.Equal(new ActivationRange(0f, 5f), calibration.Input);
        Assert.All(calibration.LayerOutputs, r => Assert.True(r.Min <= 0f && r.Max >= 0f));
    }

    [Fact]
    public void Int8Parameters_ReluRange_ZeroPointMinus128()
    {
        (float scale, int zero) = new ActivationRange(0f, 2.55f).Int8Parameters();
        Assert.Equal(0.01f, scale, 1e-7f);
        Assert.Equal(-128, zero);
        (scale, zero) = new ActivationRange(-1f, 1f).Int8Parameters();
        Assert.Equal(2f / 255, scale, 1e-7f);
        Assert.Equal(-1, zero); // -128 + 127.5 rounds half away from zero, as std::round in TFLite's converter
        (_, zero) = new ActivationRange(-3f, -1f).Int8Parameters();
        Assert.Equal(127, zero); // widened to [-3, 0]
    }
}
