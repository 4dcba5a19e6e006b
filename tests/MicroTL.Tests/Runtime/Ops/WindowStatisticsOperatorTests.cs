using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.Runtime;
using MicroTL.Runtime.Ops;
using MicroTL.TfLite;
using static MicroTL.Tests.Runtime.Ops.TinyModel;

namespace MicroTL.Tests.Runtime.Ops;

/// <summary>MICROTL_WINDOW_STATISTICS: its checks at Prepare, its output, its scratch in the arena.</summary>
public class WindowStatisticsOperatorTests
{
    private const int Steps = 16;

    private static TfLiteModel Statistics(int[]? window = null, TensorType type = TensorType.Int8, int statistics = 30, int[]? outShape = null,
        float sd = 1.5f, int[]? constantsShape = null, TensorType outType = TensorType.Int8)
    {
        var m = new TinyModel();
        int x = m.Add("window", type, window ?? [1, 1, Steps, 3], type == TensorType.Int8 ? Q(0.2f, 1) : null);
        int[] shape = constantsShape ?? [2, statistics];
        int count = shape.Aggregate(1, (a, b) => a * b);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = i < count / 2 ? 0.5f * i : sd;
        int c = m.Constant("constants", TensorType.Float32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        int y = m.Add("statistics", outType, outShape ?? [1, statistics], Q(1f / 16, 0));
        return m.BuildCustom(WindowStatisticsOperator.CustomCode, [x, c], [y]);
    }

    private static string PrepareMessage(TfLiteModel model) =>
        Assert.ThrowsAny<InvalidModelException>(() => OperatorResolver.Prepare(model, 0)).Message;

    [Theory]
    [InlineData(30)]
    [InlineData(46)]
    public void Prepare_ValidModel_KnowsTheWindowAndTheStatistics(int statistics)
    {
        var op = Assert.IsType<WindowStatisticsOperator>(OperatorResolver.Prepare(Statistics(statistics: statistics), 0));

        Assert.Equal((Steps, statistics), (op.Steps, op.Statistics));
        Assert.Equal(WindowStatisticsFloat.OperationCount(Steps, statistics), op.FloatOperationCount);
        Assert.Equal(0, op.MacCount); // float work, priced apart from the int8 MACs
    }

    [Fact]
    public void Invoke_Int8Window_WritesTheStandardisedQuantizedStatistics()
    {
        TfLiteModel model = Statistics(statistics: 46);
        var interpreter = new Interpreter(model);
        var random = new Random(5);
        Span<byte> input = interpreter.InputBytes();
        for (int i = 0; i < input.Length; i++) input[i] = (byte)random.Next(256);

        interpreter.Invoke();

        var window = new MotionWindow(MemoryMarshal.Cast<byte, sbyte>(input), 0.2f, 1);
        var statistics = new float[46];
        WindowStatisticsFloat.Compute(window, new float[Steps], statistics);
        var expected = new sbyte[46];
        for (int j = 0; j < 46; j++)
            expected[j] = (sbyte)Math.Clamp(MathF.Round((statistics[j] - 0.5f * j) / 1.5f / (1f / 16), MidpointRounding.AwayFromZero), -128, 127);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, sbyte>(interpreter.OutputBytes()).ToArray());
        Assert.Contains(expected, q => q != 0 && q != 127 && q != -128); // not all clamped
    }

    [Fact]
    public void Invoke_FloatWindow_EqualsTheInt8WindowOfTheSameValues()
    {
        var int8 = new Interpreter(Statistics());
        var float32 = new Interpreter(Statistics(type: TensorType.Float32));
        Span<float> values = MemoryMarshal.Cast<byte, float>(float32.InputBytes());
        for (int i = 0; i < values.Length; i++)
        {
            sbyte q = (sbyte)((i * 53 % 200) - 100);
            int8.InputBytes()[i] = (byte)q;
            values[i] = 0.2f * (q - 1);
        }

        int8.Invoke();
        float32.Invoke();

        Assert.Equal(int8.OutputBytes().ToArray(), float32.OutputBytes().ToArray());
    }

    [Fact]
    public void Plan_Scratch_HoldsOneChannelAndTheStatistics()
    {
        var interpreter = new Interpreter(Statistics(statistics: 46));

        ArenaEntry scratch = Assert.Single(interpreter.Plan.Entries, e => e.Kind == ArenaEntryKind.Scratch);
        Assert.Equal((Steps + 46) * sizeof(float), scratch.Bytes);
        Assert.Equal(0, scratch.Operator);
    }

    [Fact]
    public void Prepare_LastDimensionNotThree_Throws() =>
        Assert.Contains("window tensor 0 'window' has shape [1, 1, 24, 2], expected 3 values (x, y, z) in its last dimension",
            PrepareMessage(Statistics(window: [1, 1, 24, 2])));

    [Fact]
    public void Prepare_OneSamplePerAxis_Throws() =>
        Assert.Contains("has 1 sample(s) per axis, expected at least 2", PrepareMessage(Statistics(window: [1, 3])));

    [Fact]
    public void Prepare_OtherStatisticsCount_Throws() =>
        Assert.Contains("statistics tensor 2 'statistics' has 20 elements, expected 30 or 46", PrepareMessage(Statistics(statistics: 20)));

    [Fact]
    public void Prepare_OutputNotOneRow_Throws() =>
        Assert.Contains("has shape [30], expected [1, 30]", PrepareMessage(Statistics(outShape: [30])));

    [Fact]
    public void Prepare_ConstantsOfAnotherShape_Throws() =>
        Assert.Contains("constants tensor 1 'constants' has shape [3, 30], expected [2, 30]", PrepareMessage(Statistics(constantsShape: [3, 30])));

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Prepare_StandardDeviationNotPositive_ThrowsNamingTheStatistic(float sd) =>
        Assert.Contains($"standard deviation {sd} for statistic 0, expected a finite value > 0", PrepareMessage(Statistics(sd: sd)));

    [Fact]
    public void Prepare_Int16Window_ThrowsListingTheTypes() =>
        Assert.Contains("INT8 or FLOAT32 window", PrepareMessage(Statistics(type: TensorType.Int16)));

    [Fact]
    public void Prepare_FloatOutput_Throws() =>
        Assert.Contains("statistics tensor 2 'statistics' is FLOAT32, expected INT8", PrepareMessage(Statistics(outType: TensorType.Float32)));

    [Fact]
    public void Prepare_OtherCustomOperator_ThrowsNamingItAndTheOneSupported()
    {
        var m = new TinyModel();
        int x = m.Add("x", TensorType.Int8, [1, 4], Q(1f));
        int y = m.Add("y", TensorType.Int8, [1, 4], Q(1f));

        string message = PrepareMessage(m.BuildCustom("SOMETHING_ELSE", [x], [y]));

        Assert.Contains("CUSTOM 'SOMETHING_ELSE' is not supported", message);
        Assert.Contains(WindowStatisticsOperator.CustomCode, message);
    }
}
