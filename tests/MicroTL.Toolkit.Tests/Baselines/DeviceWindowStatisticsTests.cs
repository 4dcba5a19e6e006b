// The device's window statistics (the MICROTL_WINDOW_STATISTICS kernel, float32 in a fixed order) against the host's
// (WindowStatistics, double sums) on real WISDM windows, and the op as the pretrained motion base carries it.
using MicroTL.Features;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Baselines;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Tests.Baselines;

public class DeviceWindowStatisticsTests
{
    private static readonly Lazy<WisdmDataset> Data = new(() => new WisdmDataset(WisdmPack.ReadEmbedded()));

    [Fact]
    public void Kernel_RealWindows_AgreesWithTheHostsStatistics()
    {
        SampleSet windows = WisdmSamples.Create(Data.Value.Select([1631, 1635], ['A', 'B', 'C', 'D', 'E', 'M']).Windows(), ['A', 'B', 'C', 'D', 'E', 'M']);
        var host = new float[WindowStatistics.ExtendedCount];
        var device = new float[WindowStatisticsFloat.ExtendedCount];
        var scratch = new float[WindowStatisticsFloat.ScratchFloats(200)];
        double worst = 0;
        for (int i = 0; i < windows.Count; i++)
        {
            WindowStatistics.Compute(windows.Sample(i), host, extended: true);
            WindowStatisticsFloat.Compute(new MotionWindow(windows.Sample(i)), scratch, device);
            for (int j = 0; j < host.Length; j++)
                worst = Math.Max(worst, Math.Abs(host[j] - device[j]) / (1e-3 + Math.Abs(host[j])));
        }

        Assert.True(windows.Count > 50, $"{windows.Count} windows");
        Assert.True(worst < 1e-4, $"largest relative difference {worst}"); // float sums of 200 values against double ones
    }

    [Fact]
    public void Pretrain_MotionBase_ComputesTheStatisticsAsASecondOutputAndKeepsItsOwnPredictions()
    {
        char[] activities = ['A', 'B', 'D'];
        int[] subjects = [1600, 1601, 1602, 1603, 1604, 1605];
        PretrainResult with = Pretrainer.Pretrain(Data.Value, activities, subjects, seed: 1, epochs: 2);
        PretrainResult without = Pretrainer.Pretrain(Data.Value, activities, subjects, seed: 1, epochs: 2, Pretrainer.MotionDefaults with { HeadStatistics = false });
        TfLiteModel model = TfLiteReader.Read(with.Quantized.Bytes);

        Assert.Equal(2, model.MainSubgraph.Outputs.Length);
        TensorInfo statistics = model.MainSubgraph.Tensors[model.MainSubgraph.Outputs[1]];
        Assert.Equal(HeadFeatures.TensorName, statistics.Name);
        Assert.Equal([1, WindowStatistics.ExtendedCount], statistics.Shape);
        Assert.Equal(StatisticsScaling.Int8Scale, statistics.Quantization!.Scale[0]);
        Assert.Single(TfLiteReader.Read(without.Quantized.Bytes).MainSubgraph.Outputs);
        // The network's own output is the same model's: same accuracies, same predictions.
        Assert.Equal(without.Int8Accuracy, with.Int8Accuracy);
        SampleSet test = WisdmSamples.Create(Data.Value.Select(with.TestSubjects, activities).Windows(), activities);
        Assert.Equal(without.Quantized.PredictAll(test), with.Quantized.PredictAll(test));
    }

    [Fact]
    public void Model_StatisticsOutput_IsTheStandardisedQuantizedHostStatistics()
    {
        FloatNetwork network = BaseNetworks.Motion(4);
        SampleSet windows = WisdmSamples.Create(Data.Value.Select([1600, 1601], ['A', 'B', 'D', 'E']).Windows(), ['A', 'B', 'D', 'E']);
        StatisticsScaling scaling = StatisticsScaling.Of(windows);
        QuantizedModel quantized = Int8Quantizer.Quantize(network, windows, new Int8QuantizationOptions { HeadStatistics = scaling });
        var interpreter = quantized.CreateInterpreter();
        var host = new float[WindowStatistics.ExtendedCount];
        var expected = new sbyte[WindowStatistics.ExtendedCount];
        var dequantized = new float[600];
        var input = new byte[600];
        int steps = 0, within = 0;
        for (int i = 0; i < Math.Min(40, windows.Count); i++)
        {
            quantized.QuantizeInput(windows.Sample(i), input);
            input.CopyTo(interpreter.InputBytes());
            interpreter.Invoke(); // later operators reuse the input's arena slice
            // The op sees the int8 window: the host's statistics of the same dequantized values, standardised and quantized.
            for (int v = 0; v < 600; v++) dequantized[v] = quantized.InputScale * ((sbyte)input[v] - quantized.InputZeroPoint);
            WindowStatistics.Compute(dequantized, host, extended: true);
            scaling.Quantize(host, expected);
            ReadOnlySpan<byte> actual = interpreter.OutputBytes(1);
            for (int j = 0; j < expected.Length; j++, steps++)
                if (Math.Abs((sbyte)actual[j] - expected[j]) <= 1) within++;
        }

        Assert.Equal(steps, within); // at most one quantization step apart (a float sum rounding across a step's edge)
        Assert.Equal(scaling.Mean, StatisticsScaling.FromModel(quantized.Model)!.Mean);
        Assert.Equal(scaling.Sd, StatisticsScaling.FromModel(quantized.Model)!.Sd);
    }

    [Fact]
    public void FromModel_ModelWithoutStatistics_IsNull() =>
        Assert.Null(StatisticsScaling.FromModel(Int8Quantizer.Quantize(BaseNetworks.Motion(3), new SampleSet(BaseNetworks.MotionInput, new float[1200], [0, 1])).Model));

    [Fact]
    public void Quantize_ImageNetworkWithStatistics_RefusedNamingTheInput()
    {
        FloatNetwork network = BaseNetworks.Image(3);
        var samples = new SampleSet(network.InputShape, new float[2 * network.InputShape.Size], [0, 1]);
        var scaling = new StatisticsScaling(new float[46], Enumerable.Repeat(1f, 46).ToArray());

        var error = Assert.Throws<ArgumentException>(() => Int8Quantizer.Quantize(network, samples, new Int8QuantizationOptions { HeadStatistics = scaling }));

        Assert.Contains("need a 3-axis window input [1, 1, T, 3]", error.Message);
    }

    [Fact]
    public void FloatTwin_ModelWithTheStatisticsOp_SkipsIt()
    {
        FloatNetwork network = BaseNetworks.Motion(4);
        SampleSet windows = WisdmSamples.Create(Data.Value.Select([1600], ['A', 'B', 'D', 'E']).Windows(), ['A', 'B', 'D', 'E']);
        QuantizedModel quantized = Int8Quantizer.Quantize(network, windows, new Int8QuantizationOptions { HeadStatistics = StatisticsScaling.Of(windows) });

        FloatNetwork twin = FloatTwin.FromModel(quantized.Model);

        Assert.Equal(network.Layers.Count, twin.Layers.Count);
    }
}
