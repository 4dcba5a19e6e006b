// CONV_2D: input [B, H, W, C], filter [O, Fh, Fw, Ci] (C = Ci·groups), optional bias [O],
// output [B, Oh, Ow, O]; int8 with per-channel requantization or float32, as TFLM's conv.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared CONV_2D operator.</summary>
public sealed class Conv2DOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private Conv2DOperator(PrepareContext ctx, in ConvolutionData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly ConvolutionData D => ref Arena.Read<ConvolutionData>(data);

    /// <summary>Tensor indices of the input, filter, bias (-1 when absent) and output.</summary>
    public int InputIndex => D.Input;

    /// <inheritdoc cref="InputIndex"/>
    public int FilterIndex => D.Filter;

    /// <inheritdoc cref="InputIndex"/>
    public int BiasIndex => D.Bias;

    /// <inheritdoc cref="InputIndex"/>
    public int OutputIndex => D.Output;

    /// <summary>Shapes, strides, dilation and padding.</summary>
    public ConvGeometry Geometry => D.Geometry;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>
    /// True when the vectorized int8 kernel runs (one group); it reads the filter packed at Prepare (a derived constant
    /// in the flash image), so the constant weights must not change afterwards. Otherwise the reference kernel runs
    /// from the filter tensor.
    /// </summary>
    public bool UsesFastPath => D.UsesFastPath;

    /// <summary>Per-output-channel multipliers (empty for float).</summary>
    public ReadOnlySpan<int> OutputMultipliers => Arena.Values<int>(D.Multipliers);

    /// <summary>Per-output-channel shifts (empty for float).</summary>
    public ReadOnlySpan<int> OutputShifts => Arena.Values<int>(D.Shifts);

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

        var data = new ConvolutionData { Input = input, Filter = filter, Bias = bias, Output = output, Geometry = g };
        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
        {
            (data.FloatMin, data.FloatMax) = ConvolutionPrepare.Float(ctx, filter, bias, output, options.Activation);
            return new Conv2DOperator(ctx, data);
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        ConvQuantization q = ConvolutionPrepare.Int8(ctx, input, filter, bias, output, outChannels, 0, options.Activation);
        data.SetQuantization(ctx, q);
        data.UsesFastPath = Conv2DInt8.SupportsFastPath(g, -q.InputZeroPoint);
        if (data.UsesFastPath)
        {
            ReadOnlySpan<sbyte> filterData = MemoryMarshal.Cast<byte, sbyte>(ctx.ConstantData(filter, "filter").Span);
            ReadOnlySpan<int> biasData = bias >= 0 ? MemoryMarshal.Cast<byte, int>(ctx.ConstantData(bias, "bias").Span) : default;
            var folded = new int[g.OutputChannels];
            Conv2DInt8.ComputeFoldedBias(g, filterData, biasData, -q.InputZeroPoint, folded);
            data.FoldedBias = ctx.StorePersistent<int>(folded, "folded bias");
            var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
            Conv2DInt8.PackFilter(g, filterData, packed, ctx.Simd);
            data.PackedFilter = ctx.StoreDerivedFlash<sbyte>(packed, "packed filter");
            data.Scratch = ctx.RequestScratch(Conv2DInt8.ScratchBytes(g), "im2col patch");
        }
        return new Conv2DOperator(ctx, data);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly ConvolutionData d = ref D;
        if (!d.IsQuantized)
        {
            Conv2DFloat.Run(d.Geometry, d.FloatMin, d.FloatMax,
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)),
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Filter)),
                d.Bias >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(d.Bias)) : default,
                MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
            return;
        }
        var q = new Int8Requantization(Arena.Values<int>(d.Multipliers), Arena.Values<int>(d.Shifts), -d.InputZeroPoint, d.OutputZeroPoint,
            d.ActivationMin, d.ActivationMax);
        ReadOnlySpan<sbyte> input = MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input));
        Span<sbyte> output = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output));
        if (d.UsesFastPath)
            Conv2DInt8.Run(d.Geometry, q, input, Arena.Flash<sbyte>(d.PackedFilter), Arena.Values<int>(d.FoldedBias), output,
                Arena.Scratch<byte>(d.Scratch), Simd);
        else
            Conv2DInt8.RunReference(d.Geometry, q, input, MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Filter)),
                d.Bias >= 0 ? MemoryMarshal.Cast<byte, int>(tensors.Read(d.Bias)) : default, output);
    }
}
