using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Tests.Export;

public class Int8HeadExporterTests
{
    [Fact]
    public void Build_HeadWhoseHiddenLayerIsDeadOnTheData_GivesAModelTheInterpreterLoadsAndRuns()
    {
        // Every ReLU of the hidden layer is off on the calibration data: the layer's output range is empty. Its output step must
        // still be no finer than its accumulator's, or the model fails TFLite's bias-scale check (scale difference / output scale <= 2 %).
        TfLiteModel model = TestFixtures.ReadModel(TestFixtures.Model("hello_world_int8.tflite"));
        CutPoint cut = CutPoint.Default(model);
        int inputs = cut.FeatureLength(model), hidden = 4, classes = 2;
        var head = new HeadWeights(inputs, hidden, classes, Filled(hidden * inputs, 0.25f), Filled(hidden, -1000f),
            Filled(classes * hidden, 0.5f), [0.1f, -0.2f]);

        TfLiteModel exported = Int8HeadExporter.Build(model, cut, head, new ConstantRecords(inputs, 3, 0.5f));

        var interpreter = new Interpreter(exported);
        interpreter.InputBytes()[0] = 17;
        interpreter.Invoke();
        Assert.Equal(0, FeatureExtractor.OutputArgMax(interpreter)); // logits are b2 alone: 0.1 > -0.2
        TensorInfo dense1 = exported.MainSubgraph.Tensors.Single(t => t.Name == "microtl/dense_1");
        TensorInfo bias1 = exported.MainSubgraph.Tensors.Single(t => t.Name == "microtl/dense_1/bias");
        Assert.True(dense1.Quantization!.Scale[0] >= bias1.Quantization!.Scale[0], $"output step {dense1.Quantization.Scale[0]}, accumulator step {bias1.Quantization.Scale[0]}");
    }

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();

    private sealed class ConstantRecords(int featureLength, int count, float value) : ITrainingData
    {
        public int Count => count;
        public int FeatureLength => featureLength;
        public int LabelOf(int index) => index % 2;
        public void Dequantize(int index, Span<float> destination) => destination[..featureLength].Fill(value);
    }
}
