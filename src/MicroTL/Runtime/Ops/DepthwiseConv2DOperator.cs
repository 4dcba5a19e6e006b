// DEPTHWISE_CONV_2D: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M, optional bias [O],
// output [B, Oh, Ow, O]; int8 with per-channel requantization or float32, as TFLM's depthwise_conv.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared DEPTHWISE_CONV_2D operator.</summary>
public sealed class DepthwiseConv2DOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private DepthwiseConv2DOperator(PrepareContext ctx, in ConvolutionData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly ConvolutionData D => ref Arena.Read<ConvolutionData>(data);

    /// <summary>Tensor indices of the input, filter, bias (-1 when absent) and output.</summary>
    public int InputIndex => D.Input;

    /// <inheritdoc cref="InputIndex"/>
    public int FilterIndex => D.Filter;

    /// <inheritdoc cref="InputIndex"/>
    public int BiasIndex => D.Bias;

    /// <inheritdoc cref="InputIndex"/>
    public int OutputIndex => D.Output;

    /// <summary>Shapes, strides, dilation, padding and depth multiplier.</summary>
    public ConvGeometry Geometry => D.Geometry;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>Per-output-channel multipliers (empty for float).</summary>
    public ReadOnlySpan<int> OutputMultipliers => Arena.Values<int>(D.Multipliers);

    /// <summary>Per-output-channel shifts (empty for float).</summary>
    public ReadOnlySpan<int> OutputShifts => Arena.Values<int>(D.Shifts);

    /// <inheritdoc/>
    public override long MacCount => (long)Geometry.OutputLength * Geometry.FilterHeight * Geometry.FilterWidth;

    internal static DepthwiseConv2DOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 3, 1);
        var options = ctx.Options<DepthwiseConv2DOptions>();
        int input = ctx.Input(0, "input"), filter = ctx.Input(1, "filter"), bias = ctx.OptionalInput(2, "bias");
        int output = ctx.Output(0, "output");
        ctx.RequireRank(input, "input", 4);
        ctx.RequireRank(filter, "filter", 4);
        int[] f = ctx.Tensor(filter).Shape;
        int channels = ctx.Tensor(input).Shape[3], outChannels = f[3], m = options.DepthMultiplier;
        if (f[0] != 1) throw ctx.Fail($"filter {ctx.Describe(filter)} has shape {PrepareContext.ShapeText(f)}, expected [1, Fh, Fw, O]");
        if (m < 1) throw ctx.Fail($"has depth multiplier {m}, expected >= 1");
        if ((long)channels * m != outChannels)
            throw ctx.Fail($"filter {ctx.Describe(filter)} has {outChannels} output channels, expected {channels} x {m} (input channels x depth multiplier)");
        ConvGeometry g = ConvolutionPrepare.Window(ctx, input, output, options.Padding, options.StrideH, options.StrideW,
            options.DilationH, options.DilationW, f[1], f[2], 1, outChannels, m);
        if (bias >= 0) ctx.RequireElements(bias, "bias", outChannels, $"{outChannels} (output channels)");

        var data = new ConvolutionData { Input = input, Filter = filter, Bias = bias, Output = output, Geometry = g };
        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
        {
            (data.FloatMin, data.FloatMax) = ConvolutionPrepare.Float(ctx, filter, bias, output, options.Activation);
            return new DepthwiseConv2DOperator(ctx, data);
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        data.SetQuantization(ctx, ConvolutionPrepare.Int8(ctx, input, filter, bias, output, outChannels, 3, options.Activation));
        data.Scratch = ctx.RequestScratch(DepthwiseConv2DInt8.ScratchInts(g) * (long)sizeof(int), "accumulators");
        return new DepthwiseConv2DOperator(ctx, data);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly ConvolutionData d = ref D;
        if (!d.IsQuantized)
        {
            DepthwiseConv2DFloat.Run(d.Geometry, d.FloatMin, d.FloatMax,
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)),
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Filter)),
                d.Bias >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(d.Bias)) : default,
                MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
            return;
        }
        var q = new Int8Requantization(Arena.Values<int>(d.Multipliers), Arena.Values<int>(d.Shifts), -d.InputZeroPoint, d.OutputZeroPoint,
            d.ActivationMin, d.ActivationMax);
        DepthwiseConv2DInt8.Run(d.Geometry, q,
            MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)),
            MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Filter)),
            d.Bias >= 0 ? MemoryMarshal.Cast<byte, int>(tensors.Read(d.Bias)) : default,
            MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)), Arena.Scratch<int>(d.Scratch), Simd);
    }
}
