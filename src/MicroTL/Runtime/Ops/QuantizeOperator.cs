// QUANTIZE: float32 -> int8 (affine quantization) or int8 -> int8 (requantization), same shape,
// as TFLM's quantize.cc / quantize_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared QUANTIZE operator.</summary>
public sealed class QuantizeOperator : PreparedOperator
{
    private QuantizeOperator(int input, int output, bool fromFloat, float outputScale, int outputZeroPoint,
        int inputZeroPoint, int multiplier, int shift)
    {
        (InputIndex, OutputIndex, FromFloat, OutputScale, OutputZeroPoint) = (input, output, fromFloat, outputScale, outputZeroPoint);
        (InputZeroPoint, RequantizeMultiplier, RequantizeShift) = (inputZeroPoint, multiplier, shift);
    }

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex { get; }

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex { get; }

    /// <summary>True for float32 -> int8, false for int8 -> int8.</summary>
    public bool FromFloat { get; }

    /// <summary>The output's quantization.</summary>
    public float OutputScale { get; }

    /// <inheritdoc cref="OutputScale"/>
    public int OutputZeroPoint { get; }

    /// <summary>For int8 input: its zero point and the multiplier/shift of <c>s_in / s_out</c>.</summary>
    public int InputZeroPoint { get; }

    /// <inheritdoc cref="InputZeroPoint"/>
    public int RequantizeMultiplier { get; }

    /// <inheritdoc cref="InputZeroPoint"/>
    public int RequantizeShift { get; }

    internal static QuantizeOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireShape(output, "output", ctx.Tensor(input).Shape);
        TensorType inType = ctx.Tensor(input).Type;
        if (ctx.Tensor(output).Type != TensorType.Int8 || inType is not (TensorType.Float32 or TensorType.Int8))
            throw ctx.UnsupportedTypes("FLOAT32 -> INT8, INT8 -> INT8");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output");
        if (inType == TensorType.Float32) return new QuantizeOperator(input, output, true, outScale, outZp, 0, 0, 0);
        (float inScale, int inZp) = ctx.PerTensorQuantization(input, "input");
        (int m, int shift) = QuantizationMath.QuantizeMultiplier((double)inScale / outScale);
        return new QuantizeOperator(input, output, false, outScale, outZp, inZp, m, shift);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        Span<sbyte> output = MemoryMarshal.Cast<byte, sbyte>(tensors.Write(OutputIndex));
        if (FromFloat)
            QuantizeFloatToInt8.Run(OutputScale, OutputZeroPoint, MemoryMarshal.Cast<byte, float>(tensors.Read(InputIndex)), output);
        else
            RequantizeInt8.Run(RequantizeMultiplier, RequantizeShift, InputZeroPoint, OutputZeroPoint,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(InputIndex)), output);
    }
}
