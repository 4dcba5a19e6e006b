// FULLY_CONNECTED: input [B, D] (any shape of B·D elements), weights [O, D], optional bias [O],
// output [B, O]. int8 (per-tensor or per-channel weights, int32 bias) or float32, as TFLM's
// fully_connected.cc / fully_connected_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared FULLY_CONNECTED operator.</summary>
public sealed class FullyConnectedOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private FullyConnectedOperator(PrepareContext ctx, in FullyConnectedData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly FullyConnectedData D => ref Arena.Read<FullyConnectedData>(data);

    /// <summary>Tensor indices of the input, weights, bias (-1 when absent) and output.</summary>
    public int InputIndex => D.Input;

    /// <inheritdoc cref="InputIndex"/>
    public int WeightsIndex => D.Weights;

    /// <inheritdoc cref="InputIndex"/>
    public int BiasIndex => D.Bias;

    /// <inheritdoc cref="InputIndex"/>
    public int OutputIndex => D.Output;

    /// <summary>B, the rows processed per Eval.</summary>
    public int Batches => D.Batches;

    /// <summary>D, the input features per row.</summary>
    public int AccumDepth => D.Depth;

    /// <summary>O, the output features per row.</summary>
    public int OutputDepth => D.OutputDepth;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>Zero points of the int8 path (0 for float).</summary>
    public int InputZeroPoint => D.InputZeroPoint;

    /// <inheritdoc cref="InputZeroPoint"/>
    public int FilterZeroPoint => D.FilterZeroPoint;

    /// <inheritdoc cref="InputZeroPoint"/>
    public int OutputZeroPoint => D.OutputZeroPoint;

    /// <summary>The requantization multipliers: one (per tensor) or O (per channel); empty for float.</summary>
    public ReadOnlySpan<int> OutputMultipliers => Arena.Values<int>(D.Multipliers);

    /// <summary>The shifts matching <see cref="OutputMultipliers"/>.</summary>
    public ReadOnlySpan<int> OutputShifts => Arena.Values<int>(D.Shifts);

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
        var layout = new FullyConnectedData
        {
            Input = input, Weights = weights, Bias = bias, Output = output, Batches = batches, Depth = depth, OutputDepth = outputDepth,
        };

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
            (layout.FloatMin, layout.FloatMax) = ctx.FloatActivation(options.Activation);
            return new FullyConnectedOperator(ctx, layout);
        }
        if (inType != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        return PrepareInt8(ctx, options, layout);
    }

    private static FullyConnectedOperator PrepareInt8(PrepareContext ctx, FullyConnectedOptions options, FullyConnectedData s)
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
        s.IsQuantized = true;
        (s.InputZeroPoint, s.FilterZeroPoint, s.OutputZeroPoint, s.ActivationMin, s.ActivationMax) = (inZp, filterZp, outZp, min, max);
        s.Multipliers = ctx.StorePersistent<int>(multipliers, "output multipliers");
        s.Shifts = ctx.StorePersistent<int>(shifts, "output shifts");
        s.FoldedBias = ctx.StorePersistent<int>(folded, "folded bias");
        s.BiasedRow = ctx.RequestScratch(FullyConnectedInt8.ScratchBytes(s.Depth), "biased input row");
        return new FullyConnectedOperator(ctx, s);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly FullyConnectedData d = ref D;
        if (d.IsQuantized)
        {
            var q = new Int8Requantization(Arena.Values<int>(d.Multipliers), Arena.Values<int>(d.Shifts), -d.InputZeroPoint, d.OutputZeroPoint,
                d.ActivationMin, d.ActivationMax, -d.FilterZeroPoint);
            FullyConnectedInt8.Run(q, d.Batches, d.Depth, d.OutputDepth,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)),
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Weights)),
                Arena.Values<int>(d.FoldedBias), MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)), Arena.Scratch<byte>(d.BiasedRow), Simd);
            return;
        }
        FullyConnectedFloat.Run(d.Batches, d.Depth, d.OutputDepth, d.FloatMin, d.FloatMax,
            MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)),
            MemoryMarshal.Cast<byte, float>(tensors.Read(d.Weights)),
            d.Bias >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(d.Bias)) : default,
            MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
    }
}

/// <summary>Everything a FULLY_CONNECTED Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct FullyConnectedData
{
    public int Input, Weights, Bias, Output, Batches, Depth, OutputDepth;
    public bool IsQuantized;
    public int InputZeroPoint, FilterZeroPoint, OutputZeroPoint, ActivationMin, ActivationMax;
    public float FloatMin, FloatMax;
    public PersistentBlock Multipliers, Shifts, FoldedBias;
    public ScratchBuffer BiasedRow;
}
