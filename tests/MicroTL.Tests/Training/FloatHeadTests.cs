using MicroTL.Training;

namespace MicroTL.Tests.Training;

public class FloatHeadTests
{
    // Float32 analytic gradients against double central differences (ε = 1e-6 on a double
    // reference of the same loss): the numeric side is accurate to ~1e-9, so the tolerance only has
    // to absorb float32 rounding in the head's sums (~1e-6 relative).
    private const double GradientTolerance = 1e-4;
    private static readonly HeadShape Shape = new(Inputs: 7, Hidden: 5, Classes: 4);

    private static (FloatHead head, float[] inputs, int[] labels) MakeBatch(int batch, ulong seed)
    {
        var head = new FloatHead(Shape, maxBatch: batch);
        head.Parameters.InitializeHe(seed);
        var random = new Pcg32(seed + 1);
        // Non-zero biases so that the bias gradients are checked away from the initial value.
        foreach (ref float b in head.Parameters.B1) b = (float)(0.1 * random.NextGaussian());
        foreach (ref float b in head.Parameters.B2) b = (float)(0.1 * random.NextGaussian());
        var inputs = new float[batch * Shape.Inputs];
        for (int k = 0; k < inputs.Length; k++) inputs[k] = (float)random.NextGaussian();
        var labels = new int[batch];
        for (int n = 0; n < batch; n++) labels[n] = (int)random.NextUInt32((uint)Shape.Classes);
        return (head, inputs, labels);
    }

    [Theory]
    [InlineData("W1")]
    [InlineData("b1")]
    [InlineData("W2")]
    [InlineData("b2")]
    public void Backward_EveryParameterBlock_MatchesCentralDifferences(string block)
    {
        var (head, inputs, labels) = MakeBatch(batch: 6, seed: 42);
        head.Forward(inputs, labels);
        var analytic = new float[head.Parameters.Layout.Count];
        head.Backward(inputs, labels, analytic);

        double[] theta = Array.ConvertAll(head.Parameters.Values.ToArray(), v => (double)v);
        double[] numeric = ReferenceHead.NumericGradient(t => ReferenceHead.MeanLoss(Shape, t, inputs, labels), theta, 1e-6);
        ParameterLayout layout = head.Parameters.Layout;
        (int offset, int length) = block switch
        {
            "W1" => (layout.W1Offset, layout.W1Length),
            "b1" => (layout.B1Offset, layout.B1Length),
            "W2" => (layout.W2Offset, layout.W2Length),
            _ => (layout.B2Offset, layout.B2Length),
        };
        for (int k = offset; k < offset + length; k++)
            Assert.True(ReferenceHead.RelativeError(analytic[k], numeric[k]) < GradientTolerance,
                $"{block}[{k - offset}]: analytic {analytic[k]}, numeric {numeric[k]}");
    }

    [Fact]
    public void Forward_RandomBatch_EqualsDoubleReferenceLoss()
    {
        var (head, inputs, labels) = MakeBatch(batch: 6, seed: 7);
        double[] theta = Array.ConvertAll(head.Parameters.Values.ToArray(), v => (double)v);

        float loss = head.Forward(inputs, labels);

        Assert.Equal(ReferenceHead.MeanLoss(Shape, theta, inputs, labels), loss, 5);
    }

    [Fact]
    public void ForwardLogits_RandomBatch_SoftmaxEqualsForwardProbabilities()
    {
        var (head, inputs, labels) = MakeBatch(batch: 3, seed: 9);
        float[] logits = head.ForwardLogits(inputs, 3).ToArray();
        head.Forward(inputs, labels);

        for (int n = 0; n < 3; n++)
        {
            double[] row = Array.ConvertAll(logits[(n * 4)..(n * 4 + 4)], v => (double)v);
            for (int c = 0; c < 4; c++)
            {
                double expected = Math.Exp(-ReferenceHead.CrossEntropy(row, c)); // p_c = exp(-CE(z, c))
                Assert.Equal(expected, head.Probabilities(3)[n * 4 + c], 3e-7); // a few float ulps of a probability
            }
        }
    }

    [Fact]
    public void Predict_SingleAndBatch_AgreeWithForwardArgMax()
    {
        var (head, inputs, labels) = MakeBatch(batch: 6, seed: 3);
        head.Forward(inputs, labels);
        var expected = new int[6];
        for (int n = 0; n < 6; n++) expected[n] = SoftmaxCrossEntropy.ArgMax(head.Probabilities(6).Slice(n * 4, 4));

        var batchPredictions = new int[6];
        head.Predict(inputs, batchPredictions);

        Assert.Equal(expected, batchPredictions);
        for (int n = 0; n < 6; n++) Assert.Equal(expected[n], head.Predict(inputs.AsSpan(n * 7, 7)));
    }

    [Fact]
    public void Forward_BatchLargerThanWorkspace_Throws()
    {
        var head = new FloatHead(Shape, maxBatch: 2);
        Assert.Throws<ArgumentException>(() => head.Forward(new float[3 * 7], new int[3]));
    }

    [Fact]
    public void Forward_InputLengthMismatch_Throws()
    {
        var head = new FloatHead(Shape, maxBatch: 2);
        Assert.Throws<ArgumentException>(() => head.Forward(new float[13], new int[2]));
    }

    [Fact]
    public void Backward_GradientBufferOfWrongLength_ThrowsNamingBoth()
    {
        var (head, inputs, labels) = MakeBatch(batch: 2, seed: 4);
        head.Forward(inputs, labels);

        var error = Assert.Throws<ArgumentException>(() => head.Backward(inputs, labels, new float[10]));
        Assert.Contains("10 floats", error.Message);
        Assert.Contains(head.Parameters.Layout.Count.ToString(), error.Message);
    }

    [Fact]
    public void TrainStep_HeadWithoutOptimizerState_Throws()
    {
        var (head, inputs, labels) = MakeBatch(batch: 2, seed: 4);
        head.Forward(inputs, labels);

        var error = Assert.Throws<ArgumentException>(() => head.TrainStep(inputs, labels, new HeadOptimizer(OptimizerSettings.Sgd())));
        Assert.Contains("0 optimizer state blocks", error.Message);
    }

    [Fact]
    public void Load_WrongLength_Throws()
    {
        var head = new FloatHead(Shape, maxBatch: 1);
        Assert.Throws<ArgumentException>(() => head.Parameters.Load(new float[34], new float[5], new float[20], new float[4]));
    }

    [Fact]
    public void InitializeHe_SameSeed_IdenticalBitsAndZeroBiases()
    {
        var a = new HeadParameters(Shape, 0);
        var b = new HeadParameters(Shape, 0);
        a.InitializeHe(11);
        b.InitializeHe(11);

        Assert.True(a.Values.SequenceEqual(b.Values));
        Assert.All(a.B1.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(a.B2.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void InitializeHe_LargeLayer_StandardDeviationIsSqrtTwoOverFanIn()
    {
        var p = new HeadParameters(new HeadShape(200, 100, 3), 0);
        p.InitializeHe(5);
        double sumSquares = 0;
        foreach (float w in p.W1) sumSquares += w * w;
        double std = Math.Sqrt(sumSquares / p.W1.Length);

        Assert.InRange(std, Math.Sqrt(2.0 / 200) * 0.97, Math.Sqrt(2.0 / 200) * 1.03); // 20,000 draws: ~0.5% sampling error
    }
}
