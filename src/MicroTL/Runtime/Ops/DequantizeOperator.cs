// DEQUANTIZE: int8 -> float32, same shape, as TFLM's dequantize.cc / dequantize_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared DEQUANTIZE operator.</summary>
public sealed class DequantizeOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private DequantizeOperator(PrepareContext ctx, in DequantizeData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly DequantizeData D => ref Arena.Read<DequantizeData>(data);

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex => D.Input;

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex => D.Output;

    /// <summary>The input's quantization.</summary>
    public float InputScale => D.Scale;

    /// <inheritdoc cref="InputScale"/>
    public int InputZeroPoint => D.ZeroPoint;

    internal static DequantizeOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireShape(output, "output", ctx.Tensor(input).Shape);
        if (ctx.Tensor(input).Type != TensorType.Int8 || ctx.Tensor(output).Type != TensorType.Float32)
            throw ctx.UnsupportedTypes("INT8 -> FLOAT32");
        (float scale, int zp) = ctx.PerTensorQuantization(input, "input");
        return new DequantizeOperator(ctx, new DequantizeData { Input = input, Output = output, Scale = scale, ZeroPoint = zp });
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly DequantizeData d = ref D;
        DequantizeInt8ToFloat.Run(d.Scale, d.ZeroPoint,
            MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
    }
}

/// <summary>Everything a DEQUANTIZE Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct DequantizeData
{
    public int Input, Output;
    public float Scale;
    public int ZeroPoint;
}
