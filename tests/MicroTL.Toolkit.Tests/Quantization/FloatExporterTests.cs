using System.Runtime.InteropServices;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Tests.Training;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Quantization;

public class FloatExporterTests
{
    // Every layer kind, SAME and VALID, strides: the float interpreter (TFLM semantics) must agree with the trainer's forward pass.
    [Fact]
    public void Export_EveryLayerKind_InterpreterMatchesForwardPass()
    {
        FloatNetwork network = new NetworkBuilder(new FeatureShape(9, 8, 2))
            .Conv2D(4, 3, 3, 2, 1, Padding.Same).MaxPool2D(2, 3, 1, 2, Padding.Same)
            .Conv2D(3, 2, 2, relu: false).Relu().AveragePool2D(2, 2, 1, 1, Padding.Same)
            .Flatten().Dense(6).Dense(3, relu: false).Build(seed: 7);
        var interpreter = new Interpreter(TfLiteReader.Read(TfLiteWriter.Write(FloatExporter.Export(network))));
        var expected = new float[3];
        for (int n = 0; n < 5; n++)
        {
            float[] x = GradientCheck.RandomValues(network.InputShape.Size, (ulong)(100 + n), 3f);
            SoftmaxCrossEntropy.Forward(network.Forward(x, 1), expected, [0], 3); // the probabilities; the loss is not needed
            MemoryMarshal.AsBytes(x.AsSpan()).CopyTo(interpreter.InputBytes());
            interpreter.Invoke();
            float[] actual = MemoryMarshal.Cast<byte, float>(interpreter.OutputBytes()).ToArray();
            for (int k = 0; k < 3; k++) Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5f, $"sample {n} class {k}: {expected[k]} vs {actual[k]}");
        }
    }

    [Fact]
    public void Export_MotionNetwork_HasTfLiteLayouts()
    {
        FloatNetwork network = BaseNetworks.Motion(4);
        TfLiteModel model = FloatExporter.Export(network);
        Subgraph graph = model.MainSubgraph;
        Assert.Equal([1, 1, 200, 3], graph.Tensors[graph.Inputs[0]].Shape);
        Assert.Equal([16, 1, 5, 3], graph.Tensors[graph.Operators[0].Inputs[1]].Shape);
        Assert.Equal([32, 96], graph.Tensors[graph.Operators[7].Inputs[1]].Shape);
        Assert.Equal([1, 4], graph.Tensors[graph.Outputs[0]].Shape);
    }
}
