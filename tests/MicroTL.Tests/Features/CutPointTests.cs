using MicroTL.Export;
using MicroTL.Features;
using MicroTL.Tests.Session;
using MicroTL.TfLite;

namespace MicroTL.Tests.Features;

public class CutPointTests
{
    [Fact]
    public void Default_ThreeFullyConnectedLayers_CutsBeforeTheLastTwo()
    {
        CutPoint cut = CutPoint.Default(TransferTestData.HelloWorld);

        Assert.Equal(7, cut.Tensor);
        Assert.Equal(1, cut.BodyOperatorCount);
        Assert.Equal(new[] { 1, 2 }, cut.HeadFullyConnected);
    }

    [Fact]
    public void Default_OneFullyConnectedLayer_CutsBeforeIt()
    {
        CutPoint cut = CutPoint.Default(TransferTestData.MicroSpeech);

        Assert.Equal(2, cut.Tensor); // the depthwise conv's ReLU output, 4000 int8 values
        Assert.Equal(4000, cut.FeatureLength(TransferTestData.MicroSpeech));
    }

    [Fact]
    public void Parse_ByName_FindsTheTensor()
    {
        Assert.Equal(2, CutPoint.Parse(TransferTestData.MicroSpeech, "Relu").Tensor);
    }

    [Theory]
    [InlineData("99", "does not exist")]
    [InlineData("no such tensor", "no tensor named")]
    [InlineData("7", "neither computed by an operator nor a graph input")]
    public void Parse_BadCut_ThrowsInvalidModel(string cut, string expected)
    {
        var error = Assert.Throws<InvalidModelException>(() => CutPoint.Parse(TransferTestData.MicroSpeech, cut));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_GraphInput_CutsWithNoBody()
    {
        CutPoint cut = CutPoint.Parse(TransferTestData.HelloWorld, "0");

        Assert.Equal(0, cut.BodyOperatorCount);
        Assert.Equal(new[] { 0, 1, 2 }, cut.HeadFullyConnected);
    }

    [Fact]
    public void Default_AdaptedModel_CutsAtTheInt8FeaturesBeforeDequantize()
    {
        TfLiteModel model = TransferTestData.HelloWorld;
        CutPoint cut = CutPoint.Default(model);
        HeadWeights head = ModelHead.TryDequantize(model, cut, out _)!;
        TfLiteModel adapted = HybridModelExporter.Build(model, cut, head);

        CutPoint again = CutPoint.Default(adapted);

        Assert.Equal(TensorType.Int8, adapted.MainSubgraph.Tensors[again.Tensor].Type);
        Assert.Equal(16, again.FeatureLength(adapted));
    }
}
