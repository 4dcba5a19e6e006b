// CONV_2D: input [B, H, W, C], filter [O, Fh, Fw, Ci] (C = Ci·groups), optional bias [O],
// output [B, Oh, Ow, O]; int8 with per-channel requantization or float32, as TFLM's conv.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared CONV_2D operator. It owns its scratch (im2col patch), so one instance must not
/// run Eval on two threads at once.</summary>
public sealed class Conv2DOperator : PreparedOperator
{
    private readonly ConvQuantization? quantization;
    private readonly int[] foldedBias = [];
    private readonly sbyte[] packedFilter = [];
    private readonly byte[] scratch = [];
    private readonly float floatMin, floatMax;

    private Conv2DOperator(int input, int filter, int bias, int output, ConvGeometry geometry,
        ConvQuantization? quantization, ReadOnlySpan<sbyte> filterData, ReadOnlySpan<int> biasData, (float Min, float Max) floatClamp)
    {
        (InputIndex, FilterIndex, BiasIndex, OutputIndex, Geometry) = (input, filter, bias, output, geometry);
        this.quantization = quantization;
        (floatMin, floatMax) = floatClamp;
        UsesFastPath = quantization is not null && Conv2DInt8.SupportsFastPath(geometry, -quantization.InputZeroPoint);
        if (UsesFastPath)
        {
            foldedBias = new int[geometry.OutputChannels];
            Conv2DInt8.ComputeFoldedBias(geometry, filterData, biasData, -quantization!.InputZeroPoint, foldedBias);
            packedFilter = new sbyte[Conv2DInt8.PackedFilterBytes(geometry)];
            Conv2DInt8.PackFilter(geometry, filterData, packedFilter);
            scratch = new byte[Conv2DInt8.ScratchBytes(geometry)];
        }
    }

    /// <summary>Tensor indices of the input, filter, bias (-1 when absent) and output.</summary>
    public int InputIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int FilterIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int BiasIndex { get; }

    /// <inheritdoc cref="InputIndex"/>
    public int OutputIndex { get; }

    /// <summary>Shapes, strides, dilation and padding.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => quantization is not null;

    /// <summary>
    /// True when the vectorized int8 kernel runs (one group); it reads the filter packed at Prepare, so the constant
    /// weights must not change afterwards. Otherwise the reference kernel runs from the filter tensor.
    /// </summary>
    public bool UsesFastPath { get; }

    /// <summary>Per-output-channel multipliers (empty for float).</summary>
    public ReadOnlySpan<int> OutputMultipliers => quantization is null ? default : quantization.Multipliers;

    /// <summary>Per-output-channel shifts (empty for float).</summary>
    public ReadOnlySpan<int> OutputShifts => quantization is null ? default : quantization.Shifts;

    /// <inheritdoc/>
    public override long MacCount => (long)Geometry.OutputLength * Geometry.FilterHeight * Geometry.FilterWidth * Geometry.FilterInputChannels;

    internal static Conv2DOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 3, 1);
        var options = ctx.Options<Conv2DOptions>();
        int input = ctx.Input(0, "input"), filter = ctx.Input(1, "filter"), bias = ctx.OptionalInput(2, "bias");
        int output = ctx.Output(0, "output");
        ctx.RequireRank(input, "input", 4);
        ctx.RequireRank(filter, "filter", 4);
        int[] f = ctx.Tensor(filter).Shape;
        int channels = ctx.Tensor(input).Shape[3], outChannels = f[0], filterChannels = f[3];
        if (channels % filterChannels != 0)
            throw ctx.Fail($"input {ctx.Describe(input)} has {channels} channels, not a multiple of filter {ctx.Describe(filter)}'s {filterChannels}");
        int groups = channels / filterChannels;
        if (outChannels % groups != 0)
            throw ctx.Fail($"filter {ctx.Describe(filter)} has {outChannels} output channels, not a multiple of the {groups} groups");
        ConvGeometry g = ConvolutionPrepare.Window(ctx, input, output, options.Padding, options.StrideH, options.StrideW,
            options.DilationH, options.DilationW, f[1], f[2], filterChannels, outChannels);
        if (bias >= 0) ctx.RequireElements(bias, "bias", outChannels, $"{outChannels} (output channels)");

        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
            return new Conv2DOperator(input, filter, bias, output, g, null, default, default,
                ConvolutionPrepare.Float(ctx, filter, bias, output, options.Activation));
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        ConvQuantization q = ConvolutionPrepare.Int8(ctx, input, filter, bias, output, outChannels, 0, options.Activation);
        ReadOnlySpan<sbyte> filterData = MemoryMarshal.Cast<byte, sbyte>(ctx.ConstantData(filter, "filter").Span);
        ReadOnlySpan<int> biasData = bias >= 0 ? MemoryMarshal.Cast<byte, int>(ctx.ConstantData(bias, "bias").Span) : default;
        return new Conv2DOperator(input, filter, bias, output, g, q, filterData, biasData, default);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        if (quantization is null)
        {
            Conv2DFloat.Run(Geometry, floatMin, floatMax,
                MemoryMarshal.Cast<byte, float>(tensors.Read(InputIndex)),
                MemoryMarshal.Cast<byte, float>(tensors.Read(FilterIndex)),
                BiasIndex >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(BiasIndex)) : default,
                MemoryMarshal.Cast<byte, float>(tensors.Write(OutputIndex)));
            return;
        }
        Int8Requantization q = quantization.ToRequantization();
        ReadOnlySpan<sbyte> input = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(InputIndex));
        ReadOnlySpan<sbyte> filter = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(FilterIndex));
        Span<sbyte> output = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(OutputIndex));
        if (UsesFastPath)
            Conv2DInt8.Run(Geometry, q, input, packedFilter, foldedBias, output, scratch);
        else
            Conv2DInt8.RunReference(Geometry, q, input, filter,
                BiasIndex >= 0 ? MemoryMarshal.Cast<byte, int>(tensors.Read(BiasIndex)) : default, output);
    }
}
