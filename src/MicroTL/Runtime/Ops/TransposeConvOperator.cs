// TRANSPOSE_CONV: inputs output_shape (not read, as in TFLM), filter [Co, Fh, Fw, Ci], input [B, H, W, Ci], optional bias
// [Co]; output [B, Oh, Ow, Co] with padding worked out from the output's size (transpose_conv.cc); int8 with
// per-channel requantization, or float32.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared TRANSPOSE_CONV operator.</summary>
public sealed class TransposeConvOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private TransposeConvOperator(PrepareContext ctx, in TransposeConvData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly TransposeConvData D => ref Arena.Read<TransposeConvData>(data);

    /// <summary>Shapes, strides and padding.</summary>
    public TransposeConvGeometry Geometry => D.Geometry;

    /// <summary>True for int8, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <inheritdoc/>
    public override long MacCount => D.Geometry.Macs;

    internal static TransposeConvOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(3, 4, 1);
        var options = ctx.Options<TransposeConvOptions>();
        ctx.Input(0, "output shape");
        int filter = ctx.Input(1, "filter"), input = ctx.Input(2, "input"), bias = ctx.OptionalInput(3, "bias"), output = ctx.Output(0, "output");
        ctx.RequireRank(input, "input", 4);
        ctx.RequireRank(filter, "filter", 4);
        ctx.RequireRank(output, "output", 4);
        int[] i = ctx.Tensor(input).Shape, f = ctx.Tensor(filter).Shape, o = ctx.Tensor(output).Shape;
        if (o[0] != i[0]) throw ctx.Fail($"output {ctx.Describe(output)} has {o[0]} batches, the input {i[0]}");
        if (f[3] != i[3]) throw ctx.Fail($"filter {ctx.Describe(filter)} has {f[3]} input channels, the input {i[3]}");
        if (o[3] != f[0]) throw ctx.Fail($"output {ctx.Describe(output)} has {o[3]} channels, the filter {f[0]}");
        if (bias >= 0) ctx.RequireElements(bias, "bias", f[0], $"{f[0]} (output channels)");
        PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(options.StrideH, options.StrideW, 1, 1, o[1], o[2], f[1], f[2], options.Padding, out _, out _);
        var d = new TransposeConvData
        {
            Input = input, Filter = filter, Bias = bias, Output = output,
            Geometry = new TransposeConvGeometry(i[0], i[1], i[2], i[3], f[1], f[2], o[1], o[2], o[3], options.StrideH, options.StrideW, pad.Height, pad.Width),
        };
        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
        {
            (d.FloatMin, d.FloatMax) = ConvolutionPrepare.Float(ctx, filter, bias, output, options.Activation);
            return new TransposeConvOperator(ctx, d);
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 x INT8 + INT32 -> INT8, FLOAT32 x FLOAT32 + FLOAT32 -> FLOAT32");
        ConvQuantization q = ConvolutionPrepare.Int8(ctx, input, filter, bias, output, f[0], 0, options.Activation);
        d.IsQuantized = true;
        (d.InputOffset, d.OutputOffset, d.ActivationMin, d.ActivationMax) = (-q.InputZeroPoint, q.OutputZeroPoint, q.ActivationMin, q.ActivationMax);
        d.Multipliers = ctx.StorePersistent<int>(q.Multipliers, "output multipliers");
        d.Shifts = ctx.StorePersistent<int>(q.Shifts, "output shifts");
        d.Accumulators = ctx.RequestScratch(ctx.Tensor(output).ElementCount * sizeof(int), "accumulators");
        return new TransposeConvOperator(ctx, d);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly TransposeConvData d = ref D;
        if (!d.IsQuantized)
        {
            TransposeConvKernels.RunFloat(d.Geometry, d.FloatMin, d.FloatMax, MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)),
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Filter)), d.Bias >= 0 ? MemoryMarshal.Cast<byte, float>(tensors.Read(d.Bias)) : default,
                MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
            return;
        }
        var q = new Int8Requantization(Arena.Values<int>(d.Multipliers), Arena.Values<int>(d.Shifts), d.InputOffset, d.OutputOffset, d.ActivationMin, d.ActivationMax);
        TransposeConvKernels.RunInt8(d.Geometry, q, MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Filter)),
            d.Bias >= 0 ? MemoryMarshal.Cast<byte, int>(tensors.Read(d.Bias)) : default, Arena.Scratch<int>(d.Accumulators),
            MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)));
    }
}

/// <summary>Everything a TRANSPOSE_CONV Eval reads, kept in the arena's tail.</summary>
internal struct TransposeConvData
{
    public int Input, Filter, Bias, Output;
    public TransposeConvGeometry Geometry;
    public bool IsQuantized;
    public int InputOffset, OutputOffset, ActivationMin, ActivationMax;
    public float FloatMin, FloatMax;
    public PersistentBlock Multipliers, Shifts;
    public ScratchBuffer Accumulators;
}
