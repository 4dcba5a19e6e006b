// QUANTIZE: float32 -> int8 (affine quantization) or int8 -> int8 (requantization), same shape,
// as TFLM's quantize.cc / quantize_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared QUANTIZE operator.</summary>
public sealed class QuantizeOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private QuantizeOperator(PrepareContext ctx, in QuantizeData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly QuantizeData D => ref Arena.Read<QuantizeData>(data);

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex => D.Input;

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex => D.Output;

    /// <summary>True for float32 -> int8, false for int8 -> int8.</summary>
    public bool FromFloat => D.FromFloat;

    /// <summary>The output's quantization.</summary>
    public float OutputScale => D.OutputScale;

    /// <inheritdoc cref="OutputScale"/>
    public int OutputZeroPoint => D.OutputZeroPoint;

    /// <summary>For int8 input: its zero point and the multiplier/shift of <c>s_in / s_out</c>.</summary>
    public int InputZeroPoint => D.InputZeroPoint;

    /// <inheritdoc cref="InputZeroPoint"/>
    public int RequantizeMultiplier => D.RequantizeMultiplier;

    /// <inheritdoc cref="InputZeroPoint"/>
    public int RequantizeShift => D.RequantizeShift;

    internal static QuantizeOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireShape(output, "output", ctx.Tensor(input).Shape);
        TensorType inType = ctx.Tensor(input).Type;
        if (ctx.Tensor(output).Type != TensorType.Int8 || inType is not (TensorType.Float32 or TensorType.Int8))
            throw ctx.UnsupportedTypes("FLOAT32 -> INT8, INT8 -> INT8");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output");
        var data = new QuantizeData { Input = input, Output = output, OutputScale = outScale, OutputZeroPoint = outZp };
        if (inType == TensorType.Float32)
        {
            data.FromFloat = true;
            return new QuantizeOperator(ctx, data);
        }
        (float inScale, int inZp) = ctx.PerTensorQuantization(input, "input");
        data.InputZeroPoint = inZp;
        (data.RequantizeMultiplier, data.RequantizeShift) = QuantizationMath.QuantizeMultiplier((double)inScale / outScale);
        return new QuantizeOperator(ctx, data);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly QuantizeData d = ref D;
        Span<sbyte> output = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output));
        if (d.FromFloat)
            QuantizeFloatToInt8.Run(d.OutputScale, d.OutputZeroPoint, MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)), output);
        else
            RequantizeInt8.Run(d.RequantizeMultiplier, d.RequantizeShift, d.InputZeroPoint, d.OutputZeroPoint,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), output);
    }
}

/// <summary>Everything a QUANTIZE Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct QuantizeData
{
    public int Input, Output;
    public bool FromFloat;
    public float OutputScale;
    public int OutputZeroPoint, InputZeroPoint, RequantizeMultiplier, RequantizeShift;
}
