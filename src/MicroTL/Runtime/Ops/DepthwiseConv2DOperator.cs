// DEPTHWISE_CONV_2D: input [B, H, W, C], filter [1, Fh, Fw, O] with O = C·M, optional bias [O],
// output [B, Oh, Ow, O]; int8 with per-channel requantization or float32, as TFLM's depthwise_conv.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared DEPTHWISE_CONV_2D operator. It owns its scratch (accumulators), so one instance must not
/// run Eval on two threads at once.</summary>
public sealed class DepthwiseConv2DOperator : PreparedOperator
{
    private readonly ConvQuantization? quantization;
    private readonly int[] accumulators = [];
    private readonly float floatMin, floatMax;

    private DepthwiseConv2DOperator(int input, int filter, int bias, int output, ConvGeometry geometry,
        ConvQuantization? quantization, (float Min, float Max) floatClamp)
    {
        (InputIndex, FilterIndex, BiasIndex, OutputIndex, Geometry) = (input, filter, bias, output, geometry);
        this.quantization = quantization;
        (floatMin, floatMax) = floatClamp;
        if (quantization is not null) accumulators = new int[DepthwiseConv2DInt8.ScratchInts(geometry)];
    }

    /// <summary>Tensor indices of the input, filter, bias (-1 when absent) and output.</summary>
    public int InputIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int FilterIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int BiasIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int OutputIndex { get; }

    /// <summary>Shapes, strides, dilation, padding and depth multiplier.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => quantization is not null;

    /// <summary>Per-output-channel multipliers (empty for float).</summary>
    public ReadOnlySpan<int> OutputMultipliers => quantization is null ? default : quantization.Multipliers;

    /// <summary>Per-output-channel shifts (empty for float).</summary>
    public ReadOnlySpan<int> OutputShifts => quantization is null ? default : quantization.Shifts;

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

        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
            return new DepthwiseConv2DOperator(input, filter, bias, output, g, null,
                ConvolutionPrepare.Float(ctx, filter, bias, output, options.Activation));
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        ConvQuantization q = ConvolutionPrepare.Int8(ctx, input, filter, bias, output, outChannels, 3, options.Activation);
        return new DepthwiseConv2DOperator(input, filter, bias, output, g, q, default);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        if (quantization is null)
        {
            DepthwiseConv2DFloat.Run(Geometry, floatMin, floatMax,
                MemoryMarshal.Cast<byte, float>(tensors.Read(InputIndex)),
                MemoryMarshal.Cast<byte, float>(tensors.Read(FilterIndex)),
                BiasIndex >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(BiasIndex)) : default,
                MemoryMarshal.Cast<byte, float>(tensors.Write(OutputIndex)));
            return;
        }
        DepthwiseConv2DInt8.Run(Geometry, quantization.ToRequantization(),
            MemoryMarshal.Cast<byte, sbyte>(tensors.Read(InputIndex)),
            MemoryMarshal.Cast<byte, sbyte>(tensors.Read(FilterIndex)),
            BiasIndex >= 0 ? MemoryMarshal.Cast<byte, int>(tensors.Read(BiasIndex)) : default,
            MemoryMarshal.Cast<byte, sbyte>(tensors.Write(OutputIndex)), accumulators);
    }
}
