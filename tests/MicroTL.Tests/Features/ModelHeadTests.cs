using System.Runtime.InteropServices;
using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Training;

namespace MicroTL.Tests.Features;

public class ModelHeadTests
{
    [Fact]
    public void TryDequantize_HelloWorld_FloatHeadReproducesTheInt8Head()
    {
        TfLiteModel model = TransferTestData.HelloWorld;
        CutPoint cut = CutPoint.Default(model);
        HeadWeights weights = ModelHead.TryDequantize(model, cut, out string reason)!;
        Assert.True(weights is not null, reason);
        var head = new FloatHead(new HeadShape(weights.Inputs, weights.Hidden, weights.Classes), 1);
        head.Parameters.Load(weights.W1, weights.B1, weights.W2, weights.B2);
        var extractor = new FeatureExtractor(model, cut);
        var interpreter = new Interpreter(model);
        QuantizationParams outQ = model.MainSubgraph.Tensors[9].Quantization!;
        var features = new sbyte[16];
        var input = new float[16];
        var logits = new float[1];

        for (int q = -128; q < 128; q += 8)
        {
            extractor.Extract([(byte)(sbyte)q], features);
            for (int i = 0; i < 16; i++) input[i] = extractor.Quantization.Dequantize(features[i]);
            head.ForwardLogits(input, 1).CopyTo(logits);
            interpreter.InputBytes()[0] = (byte)(sbyte)q;
            interpreter.Invoke();
            float int8Output = outQ.Scale[0] * ((sbyte)interpreter.OutputBytes()[0] - outQ.ZeroPoint[0]);

            // The int8 head rounds its hidden layer and output: agree within a few output steps.
            Assert.InRange(logits[0], int8Output - 4 * outQ.Scale[0] - 0.02f, int8Output + 4 * outQ.Scale[0] + 0.02f);
        }
    }

    [Fact]
    public void TryDequantize_OneFullyConnectedLayer_ReturnsNullWithReason()
    {
        TfLiteModel model = TransferTestData.MicroSpeech;

        Assert.Null(ModelHead.TryDequantize(model, CutPoint.Default(model), out string reason));
        Assert.Contains("1 FULLY_CONNECTED", reason);
    }
}
