using MicroTL.Export;
using MicroTL.Features;
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
    [InlineData("7", "is neither computed by an operator, a state an operator updates, nor a graph input")]
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

/// <summary>Cuts inside the zoo's real models: a MobileNet's classifier input, an LSTM's state.</summary>
public class ZooCutPointTests
{
    private static TfLiteModel Zoo(string name) => TestFixtures.ReadModel(Path.Combine(TestFixtures.Folder("zoo"), "models", name + ".tflite"));

    [Fact]
    public void AtTensor_PersonDetectorClassifierInput_BodyEndsAtThePoolAndTheHeadReadsOnlyTheCut()
    {
        TfLiteModel model = Zoo("person_detect");
        CutPoint cut = CutPoint.Parse(model, "27");

        Assert.Equal(28, cut.BodyOperatorCount);
        Assert.Equal(256, cut.FeatureLength(model));
        Assert.True(cut.ModelHeadReadsOnlyCut);
    }

    [Fact]
    public void AtTensor_LstmHiddenState_BodyIsTheLstmAndTheHeadReadsMore()
    {
        TfLiteModel model = Zoo("trained_lstm_int8");
        CutPoint cut = CutPoint.Parse(model, "tfl.pseudo_qconst");

        Assert.Equal(16, cut.Tensor);
        Assert.Equal(1, cut.BodyOperatorCount);
        Assert.Equal(20, cut.FeatureLength(model));
        Assert.False(cut.ModelHeadReadsOnlyCut);
    }

    [Fact]
    public void AtTensor_ConstantTensor_ThrowsNamingWhatACutCanBe()
    {
        TfLiteModel model = Zoo("trained_lstm_int8");
        var error = Assert.Throws<InvalidModelException>(() => CutPoint.Parse(model, "3"));
        Assert.Contains("is neither computed by an operator, a state an operator updates, nor a graph input", error.Message);
    }

    [Fact]
    public void Extract_LstmStateTwice_SameFeaturesAsEachSampleStandsAlone()
    {
        TfLiteModel model = Zoo("trained_lstm_int8");
        var extractor = new FeatureExtractor(model, CutPoint.Parse(model, "tfl.pseudo_qconst"));
        byte[] input = File.ReadAllBytes(Path.Combine(TestFixtures.Folder("zoo"), "golden", "trained_lstm_int8", "sample3", "input.bin"));
        var first = new sbyte[extractor.FeatureLength];
        var second = new sbyte[extractor.FeatureLength];

        extractor.Extract(input, first);
        extractor.Extract(input, second);

        Assert.Equal(first, second);
        Assert.Contains(first, f => f != first[0]);
        Assert.False(extractor.CanRunModelHead);
        Assert.Throws<InvalidOperationException>(() => extractor.PredictWithModelHead(first));
    }

    [Fact]
    public void PredictWithModelHead_PersonDetectorFeatures_GivesTheModelsOwnAnswer()
    {
        TfLiteModel model = Zoo("person_detect");
        var extractor = new FeatureExtractor(model, CutPoint.Parse(model, "27"));
        var features = new sbyte[extractor.FeatureLength];
        foreach ((string name, int expected) in new[] { ("person", 1), ("no_person", 0) })
        {
            extractor.Extract(File.ReadAllBytes(Path.Combine(TestFixtures.Folder("zoo"), "golden", "person_detect", name, "input.bin")), features);
            Assert.Equal(expected, extractor.PredictWithModelHead(features));
        }
    }
}
