using MicroTL.Features;
using MicroTL.TfLite;

namespace MicroTL.Tests.Features;

public class HeadFeaturesTests
{
    [Fact]
    public void Find_MotionModel_TheStatisticsOutputComputedInTheBody()
    {
        TfLiteModel model = MotionTestModel.Build();
        CutPoint cut = CutPoint.Default(model);

        HeadFeatures? found = HeadFeatures.Find(model, cut, out string reason);

        Assert.NotNull(found);
        Assert.Equal("", reason);
        Assert.Equal(MotionTestModel.Statistics, found.Length);
        Assert.Equal(new FeatureQuantization(1f / 16, 0), found.Quantization);
        Assert.Equal(0, found.Producer);
        Assert.Equal(HeadFeatures.TensorName, model.MainSubgraph.Tensors[found.Tensor].Name);
    }

    [Fact]
    public void Find_ModelWithoutTheOutput_NullNamingIt()
    {
        TfLiteModel model = MotionTestModel.Build(headFeatures: false);

        Assert.Null(HeadFeatures.Find(model, CutPoint.Default(model), out string reason));
        Assert.Contains($"no graph output named '{HeadFeatures.TensorName}'", reason);
    }

    [Fact]
    public void Find_CutAtTheInput_NullAsTheStatisticsAreNotInTheBody()
    {
        TfLiteModel model = MotionTestModel.Build();

        Assert.Null(HeadFeatures.Find(model, CutPoint.Parse(model, "window"), out string reason));
        Assert.Contains("is computed by op 0, not inside the body", reason);
    }

    [Fact]
    public void Find_FloatOutput_NullNamingTheType()
    {
        TfLiteModel model = MotionTestModel.Build();
        int tensor = model.MainSubgraph.Outputs[1];
        TensorInfo[] tensors = [.. model.MainSubgraph.Tensors];
        tensors[tensor] = tensors[tensor] with { Type = TensorType.Float32, Quantization = null };
        TfLiteModel changed = model with { Subgraphs = [model.MainSubgraph with { Tensors = tensors }] };

        Assert.Null(HeadFeatures.Find(changed, CutPoint.Default(changed), out string reason));
        Assert.Contains("is Float32; head features must be a per-tensor quantized int8 tensor", reason);
    }

    [Fact]
    public void Extract_WithHeadFeatures_TheCutsFeaturesThenTheStatistics()
    {
        TfLiteModel model = MotionTestModel.Build();
        CutPoint cut = CutPoint.Default(model);
        HeadFeatures extra = HeadFeatures.Find(model, cut, out _)!;
        var extractor = new FeatureExtractor(model, cut, extra);
        var plain = new FeatureExtractor(model, cut);
        LabelledInput sample = MotionTestModel.Windows(1, 4)[0];
        var interpreter = new MicroTL.Runtime.Interpreter(model);
        sample.Input.CopyTo(interpreter.InputBytes());
        interpreter.Invoke();
        var both = new sbyte[extractor.FeatureLength];
        var cutOnly = new sbyte[plain.FeatureLength];

        extractor.Extract(sample.Input, both);
        plain.Extract(sample.Input, cutOnly);

        Assert.Equal(MotionTestModel.CutFeatures + MotionTestModel.Statistics, extractor.FeatureLength);
        Assert.Equal(MotionTestModel.CutFeatures, extractor.CutLength);
        Assert.Equal(cutOnly, both[..MotionTestModel.CutFeatures]);
        Assert.Equal(interpreter.OutputBytes(1).ToArray(), both[MotionTestModel.CutFeatures..].Select(b => (byte)b));
        Assert.Equal(2, extractor.Segments.Count);
        Assert.True(extractor.BodyFloatOperations > 0);
        Assert.Equal(0, plain.BodyFloatOperations); // the statistics op is not needed for the cut alone: not run, not counted
        Assert.Equal(plain.BodyMacsByOperator, extractor.BodyMacsByOperator);
    }
}
