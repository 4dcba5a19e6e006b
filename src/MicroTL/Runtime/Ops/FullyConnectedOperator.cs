// FULLY_CONNECTED: input [B, D] (any shape of B·D elements), weights [O, D], optional bias [O],
// output [B, O]. int8 (per-tensor or per-channel weights, int32 bias) or float32, as TFLM's
// fully_connected.cc / fully_connected_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared FULLY_CONNECTED operator. It owns its scratch (biased input row), so one instance must not
/// run Eval on two threads at once.</summary>
public sealed class FullyConnectedOperator : PreparedOperator
{
    private readonly int[] multipliers, shifts, foldedBias;
    private readonly byte[] scratch;
    private readonly int activationMin, activationMax;
    private readonly float floatMin, floatMax;

    private FullyConnectedOperator(Layout l, bool isQuantized, (int Input, int Filter, int Output) zeroPoints,
        int[] multipliers, int[] shifts, int[] foldedBias, (int Min, int Max) clamp, (float Min, float Max) floatClamp)
    {
        (InputIndex, WeightsIndex, BiasIndex, OutputIndex) = (l.Input, l.Weights, l.Bias, l.Output);
        (Batches, AccumDepth, OutputDepth) = (l.Batches, l.Depth, l.OutputDepth);
        IsQuantized = isQuantized;
        (InputZeroPoint, FilterZeroPoint, OutputZeroPoint) = zeroPoints;
        this.multipliers = multipliers;
        this.shifts = shifts;
        this.foldedBias = foldedBias;
        scratch = isQuantized ? new byte[FullyConnectedInt8.ScratchBytes(l.Depth)] : [];
        (activationMin, activationMax) = clamp;
        (floatMin, floatMax) = floatClamp;
    }

    private readonly record struct Layout(int Input, int Weights, int Bias, int Output, int Batches, int Depth, int OutputDepth);

    /// <summary>Tensor indices of the input, weights, bias (-1 when absent) and output.</summary>
    public int InputIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int WeightsIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int BiasIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int OutputIndex { get; }

    /// <summary>B, the rows processed per Eval.</summary>
    public int Batches { get; }

    /// <summary>D, the input features per row.</summary>
    public int AccumDepth { get; }

    /// <summary>O, the output features per row.</summary>
    public int OutputDepth { get; }

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized { get; }

    /// <summary>Zero points of the int8 path (0 for float).</summary>
    public int InputZeroPoint { get; }

    /// <inheritdoc cref="InputZeroPoint"/>
    public int FilterZeroPoint { get; }

    /// <inheritdoc cref="InputZeroPoint"/>
    public int OutputZeroPoint { get; }

    /// <summary>The requantization multipliers: one (per tensor) or O (per channel); empty for float.</summary>
    public ReadOnlySpan<int> OutputMultipliers => multipliers;

    /// <summary>The shifts matching <see cref="OutputMultipliers"/>.</summary>
    public ReadOnlySpan<int> OutputShifts => shifts;

    /// <inheritdoc/>
    public override long MacCount => (long)Batches * OutputDepth * AccumDepth;

    internal static FullyConnectedOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 3, 1);
        var options = ctx.Options<FullyConnectedOptions>();
        if (options.WeightsFormat != 0) throw ctx.Fail($"weights format {options.WeightsFormat} is not supported (supported: 0 = DEFAULT)");
        int input = ctx.Input(0, "input"), weights = ctx.Input(1, "weights"), bias = ctx.OptionalInput(2, "bias");
        int output = ctx.Output(0, "output");

        ctx.RequireRank(weights, "weights", 2);
        int[] wShape = ctx.Tensor(weights).Shape;
        int outputDepth = wShape[0], depth = wShape[1];
        long inputElements = ctx.Tensor(input).ElementCount;
        if (inputElements % depth != 0)
            throw ctx.Fail($"input {ctx.Describe(input)} has {inputElements} elements, not a multiple of the weights' depth {depth}");
        int batches = (int)(inputElements / depth);
        int[] outShape = ctx.Tensor(output).Shape;
        if (outShape.Length == 0 || outShape[^1] != outputDepth)
            throw ctx.Fail($"output {ctx.Describe(output)} has shape {PrepareContext.ShapeText(outShape)}, expected last dimension {outputDepth} (weights rows)");
        ctx.RequireElements(output, "output", (long)batches * outputDepth, $"{batches} x {outputDepth}");
        if (bias >= 0) ctx.RequireElements(bias, "bias", outputDepth, $"{outputDepth} (weights rows)");
        var layout = new Layout(input, weights, bias, output, batches, depth, outputDepth);

        TensorType inType = ctx.Tensor(input).Type;
        if (inType == TensorType.Float32)
        {
            ctx.RequireType(weights, "weights", TensorType.Float32);
            ctx.RequireType(output, "output", TensorType.Float32);
            ctx.ConstantData(weights, "weights");
            if (bias >= 0)
            {
                ctx.RequireType(bias, "bias", TensorType.Float32);
                ctx.ConstantData(bias, "bias");
            }
            return new FullyConnectedOperator(layout, false, default, [], [], [], default, ctx.FloatActivation(options.Activation));
        }
        if (inType != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        return PrepareInt8(ctx, options, layout);
    }

    private static FullyConnectedOperator PrepareInt8(PrepareContext ctx, FullyConnectedOptions options, Layout s)
    {
        ctx.RequireType(s.Weights, "weights", TensorType.Int8);
        ctx.RequireType(s.Output, "output", TensorType.Int8);
        (float inScale, int inZp) = ctx.PerTensorQuantization(s.Input, "input");
        (float outScale, int outZp) = ctx.PerTensorQuantization(s.Output, "output");
        QuantizationParams? wq = ctx.Tensor(s.Weights).Quantization;
        bool perChannel = wq is { Scale.Length: > 1 };
        float[] wScales;
        int filterZp = 0;
        if (perChannel) wScales = ctx.FilterScales(s.Weights, "weights", s.OutputDepth, 0);
        else
        {
            (float scale, filterZp) = ctx.PerTensorQuantization(s.Weights, "weights");
            wScales = [scale];
        }
        ReadOnlySpan<sbyte> weights = MemoryMarshal.Cast<byte, sbyte>(ctx.ConstantData(s.Weights, "weights").Span);
        ReadOnlySpan<int> bias = default;
        if (s.Bias >= 0)
        {
            ctx.RequireType(s.Bias, "bias", TensorType.Int32);
            bias = MemoryMarshal.Cast<byte, int>(ctx.ConstantData(s.Bias, "bias").Span);
        }

        var multipliers = new int[wScales.Length];
        var shifts = new int[wScales.Length];
        if (perChannel)
        {
            for (int i = 0; i < wScales.Length; i++)
                (multipliers[i], shifts[i]) = QuantizationMath.QuantizeMultiplier((double)inScale * wScales[i] / outScale);
        }
        else
        {
            if (s.Bias >= 0)
            {
                // TFLM's bias check takes the product in double; a bias without quantization counts as scale 0.
                double product = (double)inScale * wScales[0];
                double biasScale = ctx.Tensor(s.Bias).Quantization is { Scale.Length: > 0 } bq ? bq.Scale[0] : 0.0;
                if (Math.Abs(product - biasScale) / outScale > 0.02)
                    throw ctx.Fail($"bias {ctx.Describe(s.Bias)} has scale {biasScale}, expected input x weights scale {product} " +
                        $"within 2% of the output scale {outScale}");
            }
            // The multiplier itself multiplies the two scales in single precision (GetQuantizedConvolutionMultipler).
            float inputProductScale = inScale * wScales[0];
            (multipliers[0], shifts[0]) = QuantizationMath.QuantizeMultiplier((double)inputProductScale / outScale);
        }
        (int min, int max) = ctx.QuantizedActivation(options.Activation, s.Output, outScale, outZp);
        var folded = new int[s.OutputDepth];
        FullyConnectedInt8.ComputeFoldedBias(weights, bias, s.OutputDepth, s.Depth, -inZp, -filterZp, folded);
        return new FullyConnectedOperator(s, true, (inZp, filterZp, outZp), multipliers, shifts, folded, (min, max), default);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        if (IsQuantized)
        {
            var q = new Int8Requantization(multipliers, shifts, -InputZeroPoint, OutputZeroPoint, activationMin, activationMax, -FilterZeroPoint);
            FullyConnectedInt8.Run(q, Batches, AccumDepth, OutputDepth,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(InputIndex)),
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(WeightsIndex)),
                foldedBias, MemoryMarshal.Cast<byte, sbyte>(tensors.Write(OutputIndex)), scratch);
            return;
        }
        FullyConnectedFloat.Run(Batches, AccumDepth, OutputDepth, floatMin, floatMax,
            MemoryMarshal.Cast<byte, float>(tensors.Read(InputIndex)),
            MemoryMarshal.Cast<byte, float>(tensors.Read(WeightsIndex)),
            BiasIndex >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(BiasIndex)) : default,
            MemoryMarshal.Cast<byte, float>(tensors.Write(OutputIndex)));
    }
}
