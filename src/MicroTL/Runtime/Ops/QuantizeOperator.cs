// QUANTIZE: float32 -> int8 or int16 (affine quantization), or a requantization between int8, int16 and int32 in the
// pairings TFLM runs (int16 <-> int8 among them), same shape, as TFLM's quantize.cc / quantize_common.cc.
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

    /// <summary>True for float32 input, false for an integer one.</summary>
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

    /// <summary>The input and output element types.</summary>
    public (TensorType Input, TensorType Output) Types => (D.InputType, D.OutputType);

    // TFLM's PrepareQuantizeReference: the pairs it requantizes (uint8 aside).
    private static readonly (TensorType In, TensorType Out)[] IntegerPairs =
    [
        (TensorType.Int16, TensorType.Int8), (TensorType.Int8, TensorType.Int8), (TensorType.Int8, TensorType.Int16),
        (TensorType.Int8, TensorType.Int32), (TensorType.Int16, TensorType.Int16), (TensorType.Int16, TensorType.Int32),
        (TensorType.Int32, TensorType.Int8), (TensorType.Int32, TensorType.Int16),
    ];

    internal static QuantizeOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireShape(output, "output", ctx.Tensor(input).Shape);
        TensorType inType = ctx.Tensor(input).Type, outType = ctx.Tensor(output).Type;
        bool fromFloat = inType == TensorType.Float32 && outType is TensorType.Int8 or TensorType.Int16;
        if (!fromFloat && Array.IndexOf(IntegerPairs, (inType, outType)) < 0)
            throw ctx.UnsupportedTypes("FLOAT32 -> INT8 or INT16; INT16 -> INT8, INT16, INT32; INT8 -> INT8, INT16, INT32; INT32 -> INT8, INT16");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output", int.MinValue, int.MaxValue);
        var data = new QuantizeData { Input = input, Output = output, OutputScale = outScale, OutputZeroPoint = outZp, InputType = inType, OutputType = outType };
        if (fromFloat)
        {
            data.FromFloat = true;
            return new QuantizeOperator(ctx, data);
        }
        (float inScale, int inZp) = ctx.PerTensorQuantization(input, "input", int.MinValue, int.MaxValue);
        data.InputZeroPoint = inZp;
        (data.RequantizeMultiplier, data.RequantizeShift) = QuantizationMath.QuantizeMultiplier((double)inScale / outScale);
        return new QuantizeOperator(ctx, data);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly QuantizeData d = ref D;
        ReadOnlySpan<byte> input = tensors.Read(d.Input);
        Span<byte> output = tensors.Write(d.Output);
        if (d.FromFloat)
        {
            if (d.OutputType == TensorType.Int8) QuantizeFloatToInt8.Run(d.OutputScale, d.OutputZeroPoint, MemoryMarshal.Cast<byte, float>(input), MemoryMarshal.Cast<byte, sbyte>(output));
            else RequantizeInteger.FromFloat(d.OutputScale, d.OutputZeroPoint, MemoryMarshal.Cast<byte, float>(input), MemoryMarshal.Cast<byte, short>(output));
            return;
        }
        if (d.InputType == TensorType.Int8 && d.OutputType == TensorType.Int8)
        {
            RequantizeInt8.Run(d.RequantizeMultiplier, d.RequantizeShift, d.InputZeroPoint, d.OutputZeroPoint,
                MemoryMarshal.Cast<byte, sbyte>(input), MemoryMarshal.Cast<byte, sbyte>(output));
            return;
        }
        switch (d.InputType)
        {
            case TensorType.Int8: ToOutput(d, MemoryMarshal.Cast<byte, sbyte>(input), output); break;
            case TensorType.Int16: ToOutput(d, MemoryMarshal.Cast<byte, short>(input), output); break;
            default: ToOutput(d, MemoryMarshal.Cast<byte, int>(input), output); break;
        }
    }

    private static void ToOutput<TIn>(in QuantizeData d, ReadOnlySpan<TIn> input, Span<byte> output) where TIn : unmanaged, System.Numerics.IBinaryInteger<TIn>
    {
        switch (d.OutputType)
        {
            case TensorType.Int8:
                RequantizeInteger.Run(d.RequantizeMultiplier, d.RequantizeShift, d.InputZeroPoint, d.OutputZeroPoint, input, MemoryMarshal.Cast<byte, sbyte>(output));
                break;
            case TensorType.Int16:
                RequantizeInteger.Run(d.RequantizeMultiplier, d.RequantizeShift, d.InputZeroPoint, d.OutputZeroPoint, input, MemoryMarshal.Cast<byte, short>(output));
                break;
            default:
                RequantizeInteger.Run(d.RequantizeMultiplier, d.RequantizeShift, d.InputZeroPoint, d.OutputZeroPoint, input, MemoryMarshal.Cast<byte, int>(output));
                break;
        }
    }
}

/// <summary>Everything a QUANTIZE Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct QuantizeData
{
    public int Input, Output;
    public bool FromFloat;
    public float OutputScale;
    public int OutputZeroPoint, InputZeroPoint, RequantizeMultiplier, RequantizeShift;
    public TensorType InputType, OutputType;
}
