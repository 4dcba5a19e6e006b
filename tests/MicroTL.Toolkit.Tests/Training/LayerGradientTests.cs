using MicroTL.TfLite;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Toolkit.Tests.Training;

public class LayerGradientTests
{
    [Theory]
    [InlineData(5, 6, 3, 4, 3, 3, 1, 1, Padding.Valid, false)]
    [InlineData(5, 6, 3, 4, 3, 3, 1, 1, Padding.Same, false)]
    [InlineData(7, 6, 2, 3, 3, 2, 2, 2, Padding.Same, true)]
    [InlineData(6, 7, 2, 3, 2, 3, 2, 3, Padding.Valid, true)]
    [InlineData(1, 20, 3, 4, 1, 5, 1, 1, Padding.Valid, true)]
    [InlineData(1, 9, 3, 2, 1, 4, 1, 2, Padding.Same, false)]
    public void Conv2D_Backward_MatchesFiniteDifferences(int h, int w, int c, int filters, int kh, int kw, int sh, int sw, Padding padding, bool relu) =>
        GradientCheck.CheckLayer(new Conv2DLayer(new FeatureShape(h, w, c), filters, kh, kw, sh, sw, padding, relu), 11);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dense_Backward_MatchesFiniteDifferences(bool relu) =>
        GradientCheck.CheckLayer(new DenseLayer(new FeatureShape(2, 3, 4), 7, relu), 21);

    [Theory]
    [InlineData(6, 6, 3, 2, 2, 2, 2, Padding.Valid)]
    [InlineData(5, 7, 2, 3, 3, 2, 2, Padding.Same)]
    [InlineData(1, 12, 3, 1, 4, 1, 4, Padding.Valid)]
    // Max's derivative jumps where two inputs of a window tie: distinct inputs, further apart than the difference step.
    public void MaxPool2D_Backward_MatchesFiniteDifferences(int h, int w, int c, int kh, int kw, int sh, int sw, Padding padding) =>
        GradientCheck.CheckLayer(new MaxPool2DLayer(new FeatureShape(h, w, c), kh, kw, sh, sw, padding), 31, distinctInputs: true);

    [Theory]
    [InlineData(6, 6, 3, 2, 2, 2, 2, Padding.Valid)]
    [InlineData(5, 7, 2, 3, 3, 2, 2, Padding.Same)]
    public void AveragePool2D_Backward_MatchesFiniteDifferences(int h, int w, int c, int kh, int kw, int sh, int sw, Padding padding) =>
        GradientCheck.CheckLayer(new AveragePool2DLayer(new FeatureShape(h, w, c), kh, kw, sh, sw, padding), 41);

    [Fact]
    public void Relu_Backward_MatchesFiniteDifferences() => GradientCheck.CheckLayer(new ReluLayer(new FeatureShape(3, 4, 5)), 51);

    [Fact]
    public void Flatten_Backward_MatchesFiniteDifferences() => GradientCheck.CheckLayer(new FlattenLayer(new FeatureShape(3, 4, 5)), 61);

    [Fact]
    public void SoftmaxCrossEntropy_Backward_MatchesFiniteDifferences()
    {
        const int Classes = 5;
        int[] labels = [0, 3, 4];
        float[] logits = GradientCheck.RandomValues(labels.Length * Classes, 71, 3f);
        var probabilities = new float[logits.Length];
        SoftmaxCrossEntropy.Forward(logits, probabilities, labels, Classes);
        var gradient = new float[logits.Length];
        SoftmaxCrossEntropy.Backward(probabilities, labels, gradient, Classes, 1f / labels.Length);
        GradientCheck.Compare(logits, gradient, () => SoftmaxCrossEntropy.Forward(logits, new float[logits.Length], labels, Classes), "logit");
    }

    [Fact]
    public void SoftmaxCrossEntropy_Forward_IsMeanNegativeLogLikelihood()
    {
        float[] logits = [0f, 0f, 1000f, 0f];
        var p = new float[4];
        float loss = SoftmaxCrossEntropy.Forward(logits, p, [0, 0], 2);
        Assert.Equal(MathF.Log(2) / 2, loss, 5);
        Assert.Equal(0.5f, p[0], 6);
        Assert.Equal(1f, p[2], 6);
    }

    [Fact]
    public void Conv2D_Forward_SamePaddingStride2_MatchesDirectFormula()
    {
        // 1 x 5 x 1 input, 1 x 3 kernel, stride 2, SAME: out 3, total padding 2 -> 1 before, 1 after.
        var layer = new Conv2DLayer(new FeatureShape(1, 5, 1), 1, 1, 3, 1, 2, Padding.Same, relu: false);
        float[] parameters = [1f, 10f, 100f, 0.5f];
        var output = new float[3];
        layer.Forward(parameters, [1f, 2f, 3f, 4f, 5f], output, 1);
        Assert.Equal(new FeatureShape(1, 3, 1), layer.OutputShape);
        Assert.Equal([0 * 1 + 1 * 10 + 2 * 100 + 0.5f, 2 * 1 + 3 * 10 + 4 * 100 + 0.5f, 4 * 1 + 5 * 10 + 0 * 100 + 0.5f], output);
    }
}
