// DEQUANTIZE: int8 -> float32, same shape, as TFLM's dequantize.cc / dequantize_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared DEQUANTIZE operator.</summary>
public sealed class DequantizeOperator : PreparedOperator
{
    private DequantizeOperator(int input, int output, float scale, int zeroPoint) =>
        (InputIndex, OutputIndex, InputScale, InputZeroPoint) = (input, output, scale, zeroPoint);

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex { get; }

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex { get; }

    /// <summary>The input's quantization.</summary>
    public float InputScale { get; }

    /// <inheritdoc cref="InputScale"/>
    public int InputZeroPoint { get; }

    internal static DequantizeOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        ctx.RequireShape(output, "output", ctx.Tensor(input).Shape);
        if (ctx.Tensor(input).Type != TensorType.Int8 || ctx.Tensor(output).Type != TensorType.Float32)
            throw ctx.UnsupportedTypes("INT8 -> FLOAT32");
        (float scale, int zp) = ctx.PerTensorQuantization(input, "input");
        return new DequantizeOperator(input, output, scale, zp);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors) =>
        DequantizeInt8ToFloat.Run(InputScale, InputZeroPoint,
            MemoryMarshal.Cast<byte, sbyte>(tensors.Read(InputIndex)), MemoryMarshal.Cast<byte, float>(tensors.Write(OutputIndex)));
}
