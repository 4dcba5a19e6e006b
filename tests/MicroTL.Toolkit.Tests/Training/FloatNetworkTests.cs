using MicroTL.TestSupport;
using MicroTL.TfLite;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Training;

public class FloatNetworkTests
{
    private static FloatNetwork EveryLayerNetwork() =>
        new NetworkBuilder(new FeatureShape(6, 7, 2))
            .Conv2D(3, 3, 3, 2, 1, Padding.Same, relu: false).Relu()
            .MaxPool2D(2, 2, 1, 1).AveragePool2D(1, 2, 1, 1)
            .Flatten().Dense(5).Dense(3, relu: false).Build(seed: 3);

    [Fact]
    public void ComputeGradients_WholeNetwork_MatchesFiniteDifferences()
    {
        FloatNetwork network = EveryLayerNetwork();
        network.Chunks = 1;
        int[] labels = [0, 2, 1];
        float[] inputs = GradientCheck.RandomValues(labels.Length * network.InputShape.Size, 5);
        network.ComputeGradients(inputs, labels);
        float[] analytic = (float[])network.Gradients.Clone();
        GradientCheck.Compare(network.Parameters, analytic, () => network.ComputeGradients(inputs, labels).Loss, "parameter");
    }

    [Fact]
    public void ComputeGradients_InChunks_MatchesOneChunk()
    {
        FloatNetwork network = EveryLayerNetwork();
        var labels = new int[32];
        for (int i = 0; i < labels.Length; i++) labels[i] = i % 3;
        float[] inputs = GradientCheck.RandomValues(labels.Length * network.InputShape.Size, 6);
        network.Chunks = 1;
        (float loss1, int correct1) = network.ComputeGradients(inputs, labels);
        float[] single = (float[])network.Gradients.Clone();
        network.Chunks = 4;
        (float loss4, int correct4) = network.ComputeGradients(inputs, labels);
        Assert.True(Math.Abs(loss1 - loss4) <= 1e-5f, $"loss {loss1} vs {loss4}");
        Assert.Equal(correct1, correct4);
        for (int i = 0; i < single.Length; i++) Assert.True(Math.Abs(single[i] - network.Gradients[i]) <= 1e-5f * Math.Max(1f, Math.Abs(single[i])), $"gradient {i}: {single[i]} vs {network.Gradients[i]}");
    }

    [Fact]
    public void Build_SameSeed_SameParameters()
    {
        Assert.Equal(BaseNetworks.Motion(4, seed: 9).Parameters, BaseNetworks.Motion(4, seed: 9).Parameters);
        Assert.NotEqual(BaseNetworks.Motion(4, seed: 9).Parameters, BaseNetworks.Motion(4, seed: 10).Parameters);
    }

    [Fact]
    public void BaseNetworks_Shapes_EndInTwoDenseLayers()
    {
        FloatNetwork motion = BaseNetworks.Motion(4);
        Assert.Equal(new FeatureShape(1, 200, 3), motion.InputShape);
        Assert.Equal(4, motion.Classes);
        Assert.IsType<DenseLayer>(motion.Layers[^1]);
        Assert.True(((DenseLayer)motion.Layers[^2]).Relu);
        Assert.Equal(96, motion.Layers[^2].InputShape.Size);
        FloatNetwork image = BaseNetworks.Image(10);
        Assert.Equal(144, image.Layers[^2].InputShape.Size);
        Assert.Equal(10, image.Classes);
    }

    [Fact]
    public void BaseNetworks_OneClass_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => BaseNetworks.Motion(1));
}

public class FloatNetworkMemoryTests
{
    [Fact]
    public void ComputeGradients_SteadyStateOneChunk_AllocatesNothing()
    {
        FloatNetwork network = SyntheticData.SmallNetwork(3, seed: 1);
        network.Chunks = 1;
        SampleSet samples = SyntheticData.Waves(16, 3, seed: 1);
        float[] inputs = samples.Values.ToArray();
        int[] labels = samples.Labels.ToArray();
        network.ComputeGradients(inputs, labels);
        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            for (int i = 0; i < 5; i++) network.ComputeGradients(inputs, labels);
            network.Forward(inputs, labels.Length);
        });
        Assert.Equal(0, allocated);
    }
}
