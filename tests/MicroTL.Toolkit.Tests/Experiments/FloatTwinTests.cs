using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Tests.Training;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Experiments;

public class FloatTwinTests
{
    [Fact]
    public void FromModel_Float32Export_ReproducesTheNetworksLogits()
    {
        FloatNetwork network = BaseNetworks.Motion(4, seed: 7);
        float[] input = GradientCheck.RandomValues(network.InputShape.Size, 3, 10f);
        float[] expected = network.Forward(input, 1).ToArray();
        FloatNetwork twin = FloatTwin.FromModel(FloatExporter.Export(network));
        Assert.Equal(expected, twin.Forward(input, 1).ToArray());
    }

    [Fact]
    public void FromModel_Int8Model_DequantizedWeightsStayClose()
    {
        FloatNetwork network = BaseNetworks.Image(3, seed: 2);
        float[] values = GradientCheck.RandomValues(8 * network.InputShape.Size, 5, 1f);
        for (int i = 0; i < values.Length; i++) values[i] = Math.Abs(values[i]);
        var samples = new SampleSet(network.InputShape, values, [0, 1, 2, 0, 1, 2, 0, 1]);
        FloatNetwork twin = FloatTwin.FromModel(Int8Quantizer.Quantize(network, samples).Model);
        float[] a = network.Parameters, b = twin.Parameters;
        Assert.Equal(a.Length, b.Length);
        float maxAbs = a.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= maxAbs / 127f, $"parameter {i}: {a[i]} vs {b[i]}");
        Assert.NotEqual(a, b); // rounding did happen
    }
}
