using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Backward_RandomLogits_MatchesCentralDifferencesOfLoss()
    {
        float[] logits = [1.5f, -0.3f, 0.2f, 2.1f, -1.0f, 0.0f];
        int[] labels = [2, 1];
        var probabilities = new float[6];
        SoftmaxCrossEntropy.Forward(logits, probabilities, labels, classes: 3);
        var analytic = new float[6];
        SoftmaxCrossEntropy.Backward(probabilities, labels, analytic, classes: 3, scale: 1f);

        double Loss(double[] z) => ReferenceHead.CrossEntropy(z.AsSpan(0, 3), labels[0]) + ReferenceHead.CrossEntropy(z.AsSpan(3, 3), labels[1]);
        double[] numeric = ReferenceHead.NumericGradient(Loss, Array.ConvertAll(logits, v => (double)v), 1e-6);

        for (int k = 0; k < 6; k++)
            Assert.True(ReferenceHead.RelativeError(analytic[k], numeric[k]) < 1e-5, $"dz[{k}]: {analytic[k]} vs {numeric[k]}");
    }

    [Fact]
    public void Forward_TwoRows_ReturnsTheMeanOfTheRowLosses()
    {
        float[] logits = [1.5f, -0.3f, 0.2f, 2.1f, -1.0f, 0.0f];
        float loss = SoftmaxCrossEntropy.Forward(logits, new float[6], [2, 1], 3);

        double expected = (ReferenceHead.CrossEntropy(Array.ConvertAll(logits[..3], v => (double)v), 2)
            + ReferenceHead.CrossEntropy(Array.ConvertAll(logits[3..], v => (double)v), 1)) / 2;
        Assert.Equal(expected, loss, 6);
    }

    [Fact]
    public void Forward_InPlace_GivesTheSameBitsAsSeparateBuffers()
    {
        float[] logits = [1.5f, -0.3f, 0.2f, 2.1f, -1.0f, 0.0f];
        var separate = new float[6];
        float lossSeparate = SoftmaxCrossEntropy.Forward(logits, separate, [2, 1], 3);
        var inPlace = (float[])logits.Clone();

        float lossInPlace = SoftmaxCrossEntropy.Forward(inPlace, inPlace, [2, 1], 3);

        Assert.Equal(lossSeparate, lossInPlace);
        Assert.Equal(separate, inPlace);
    }

    [Fact]
    public void Forward_HugeLogits_StaysFinite()
    {
        float[] row = [1000f, -1000f, 999f];
        double loss = SoftmaxCrossEntropy.Forward(row, row, [2], 3);

        Assert.True(double.IsFinite(loss));
        Assert.Equal(Math.Log(1 + Math.Exp(-1)) + 1, loss, 5); // log(e^1000 + e^999) - 999
        Assert.Equal(1.0, row[0] + row[1] + row[2], 6);
    }

    [Fact]
    public void Forward_UniformLogits_LossIsLogClasses()
    {
        float[] row = [0.5f, 0.5f, 0.5f, 0.5f];
        Assert.Equal(Math.Log(4), SoftmaxCrossEntropy.Forward(row, row, [1], 4), 6);
    }
}
