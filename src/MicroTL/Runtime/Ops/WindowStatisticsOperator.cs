// MICROTL_WINDOW_STATISTICS (a CUSTOM operator of MicroTL): the statistics of a 3-axis motion window
// (WindowStatisticsFloat), standardised with constants the model carries and quantized to int8. A motion base model
// computes them from its input beside the CNN, as a second graph output (microtl_head_features) that the device's head
// takes next to the cut features. Inputs: 0 the window, int8 or float32, T x 3 values with the last dimension 3 (e.g.
// [1, 1, T, 3]); 1 the constants, float32 [2, S]: row 0 the means, row 1 the standard deviations (> 0). Output: int8
// [1, S], S = 30 or 46, per-tensor quantized. Scratch: one channel of T floats and the S statistics.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared MICROTL_WINDOW_STATISTICS operator.</summary>
/// <remarks>
/// <c>q[j] = clamp(round_half_away((s[j] - mean[j]) / sd[j] / scale) + zeroPoint, -128, 127)</c> for statistic s[j] of
/// <see cref="WindowStatisticsFloat"/>, in float32 in that order (C: <c>roundf</c>, exact); a NaN statistic (NaN input)
/// gives the zero point.
/// </remarks>
public sealed class WindowStatisticsOperator : PreparedOperator
{
    /// <summary>The operator's custom code in a model's operator-code table.</summary>
    public const string CustomCode = "MICROTL_WINDOW_STATISTICS";

    /// <summary>The builtin code of its operator-code entry: CUSTOM (32).</summary>
    public const BuiltinOperator BuiltinCode = (BuiltinOperator)32;

    private readonly PersistentBlock data;

    private WindowStatisticsOperator(PrepareContext ctx, in WindowStatisticsData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly WindowStatisticsData D => ref Arena.Read<WindowStatisticsData>(data);

    /// <summary>T, the samples of each axis of the window.</summary>
    public int Steps => D.Steps;

    /// <summary>S, the statistics computed (30 or 46).</summary>
    public int Statistics => D.Statistics;

    /// <summary>Float operations of one Eval (<see cref="WindowStatisticsFloat.OperationCount"/> and the standardisation).</summary>
    public long FloatOperationCount => WindowStatisticsFloat.OperationCount(D.Steps, D.Statistics);

    internal static WindowStatisticsOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        int input = ctx.Input(0, "window"), constants = ctx.Input(1, "constants"), output = ctx.Output(0, "statistics");
        TensorInfo window = ctx.Tensor(input);
        if (window.Shape.Length == 0 || window.Shape[^1] != 3)
            throw ctx.Fail($"window {ctx.Describe(input)} has shape {PrepareContext.ShapeText(window.Shape)}, expected 3 values (x, y, z) in its last dimension");
        int steps = (int)(window.ElementCount / 3);
        if (steps < 2) throw ctx.Fail($"window {ctx.Describe(input)} has {steps} sample(s) per axis, expected at least 2");
        var d = new WindowStatisticsData { Input = input, Output = output, Steps = steps };
        if (window.Type == TensorType.Int8)
        {
            d.IsQuantized = true;
            (d.InputScale, d.InputZeroPoint) = ctx.PerTensorQuantization(input, "window");
        }
        else if (window.Type != TensorType.Float32) throw ctx.UnsupportedTypes("INT8 or FLOAT32 window, FLOAT32 constants -> INT8");

        ctx.RequireType(output, "statistics", TensorType.Int8);
        int statistics = (int)ctx.Tensor(output).ElementCount;
        if (statistics != WindowStatisticsFloat.CheapCount && statistics != WindowStatisticsFloat.ExtendedCount)
            throw ctx.Fail($"statistics {ctx.Describe(output)} has {statistics} elements, expected {WindowStatisticsFloat.CheapCount} or {WindowStatisticsFloat.ExtendedCount}");
        ctx.RequireShape(output, "statistics", [1, statistics]);
        d.Statistics = statistics;
        (d.OutputScale, d.OutputZeroPoint) = ctx.PerTensorQuantization(output, "statistics");

        ctx.RequireType(constants, "constants", TensorType.Float32);
        ctx.RequireShape(constants, "constants", [2, statistics]);
        ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(ctx.ConstantData(constants, "constants").Span);
        for (int j = 0; j < statistics; j++)
        {
            if (!float.IsFinite(values[j]))
                throw ctx.Fail($"constants {ctx.Describe(constants)} hold mean {values[j]} for statistic {j}, expected a finite value");
            if (!float.IsFinite(values[statistics + j]) || values[statistics + j] <= 0f)
                throw ctx.Fail($"constants {ctx.Describe(constants)} hold standard deviation {values[statistics + j]} for statistic {j}, expected a finite value > 0");
        }

        d.Constants = constants;
        d.Scratch = ctx.RequestScratch((long)(WindowStatisticsFloat.ScratchFloats(steps) + statistics) * sizeof(float), "window channel and statistics");
        return new WindowStatisticsOperator(ctx, d);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly WindowStatisticsData d = ref D;
        Span<float> scratch = Arena.Scratch<float>(d.Scratch);
        Span<float> statistics = scratch.Slice(WindowStatisticsFloat.ScratchFloats(d.Steps), d.Statistics);
        ReadOnlySpan<byte> input = tensors.Read(d.Input);
        var window = d.IsQuantized
            ? new MotionWindow(MemoryMarshal.Cast<byte, sbyte>(input), d.InputScale, d.InputZeroPoint)
            : new MotionWindow(MemoryMarshal.Cast<byte, float>(input));
        WindowStatisticsFloat.Compute(window, scratch, statistics);
        Quantize(statistics, MemoryMarshal.Cast<byte, float>(tensors.Read(d.Constants)), d.OutputScale, d.OutputZeroPoint,
            MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)));
    }

    /// <summary>Standardises and quantizes the statistics (see the type's remarks).</summary>
    public static void Quantize(ReadOnlySpan<float> statistics, ReadOnlySpan<float> constants, float scale, int zeroPoint, Span<sbyte> output)
    {
        int n = statistics.Length;
        for (int j = 0; j < n; j++)
        {
            float z = (statistics[j] - constants[j]) / constants[n + j];
            float steps = MathF.Round(z / scale, MidpointRounding.AwayFromZero);
            float q = float.IsNaN(steps) ? zeroPoint : Math.Clamp(steps + zeroPoint, -128f, 127f);
            output[j] = (sbyte)q;
        }
    }
}

/// <summary>Everything a MICROTL_WINDOW_STATISTICS Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct WindowStatisticsData
{
    public int Input, Constants, Output, Steps, Statistics;
    public bool IsQuantized;
    public float InputScale;
    public int InputZeroPoint;
    public float OutputScale;
    public int OutputZeroPoint;
    public ScratchBuffer Scratch;
}
