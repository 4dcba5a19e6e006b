// SOFTMAX over the last axis: int8 -> int8 (output scale 1/256, zero point -128) on gemmlowp fixed
// point, or float32, as TFLM's softmax.cc / softmax_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared SOFTMAX operator.</summary>
public sealed class SoftmaxOperator : PreparedOperator
{
    private SoftmaxOperator(int input, int output, int rows, int depth, bool isQuantized, float beta, (int M, int Shift, int DiffMin) q)
    {
        (InputIndex, OutputIndex, Rows, Depth, IsQuantized, Beta) = (input, output, rows, depth, isQuantized, beta);
        (InputMultiplier, InputLeftShift, DiffMin) = q;
    }

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex { get; }

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex { get; }

    /// <summary>Rows (all dimensions but the last) and the softmax depth (the last dimension).</summary>
    public int Rows { get; }

    /// <inheritdoc cref="Rows"/>
    public int Depth { get; }

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized { get; }

    /// <summary>β, the inverse temperature.</summary>
    public float Beta { get; }

    /// <summary>Fixed-point parameters of the int8 path (see <see cref="SoftmaxInt8.ComputeParams"/>).</summary>
    public int InputMultiplier { get; }

    /// <inheritdoc cref="InputMultiplier"/>
    public int InputLeftShift { get; }

    /// <inheritdoc cref="InputMultiplier"/>
    public int DiffMin { get; }

    internal static SoftmaxOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        var options = ctx.Options<SoftmaxOptions>();
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        int[] shape = ctx.Tensor(input).Shape;
        if (shape.Length < 1) throw ctx.Fail($"input {ctx.Describe(input)} is a scalar, expected at least 1-D");
        ctx.RequireShape(output, "output", shape);
        int depth = shape[^1];
        int rows = (int)(ctx.Tensor(input).ElementCount / depth);
        if (!float.IsFinite(options.Beta) || options.Beta <= 0) throw ctx.Fail($"has beta {options.Beta}, expected a finite value > 0");

        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
        {
            ctx.RequireType(output, "output", TensorType.Float32);
            return new SoftmaxOperator(input, output, rows, depth, false, options.Beta, default);
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 -> INT8, FLOAT32 -> FLOAT32");
        ctx.RequireType(output, "output", TensorType.Int8);
        (float inScale, _) = ctx.PerTensorQuantization(input, "input");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output");
        if (outScale != 1f / 256 || outZp != -128)
            throw ctx.Fail($"output {ctx.Describe(output)} has scale {outScale}, zero point {outZp}, expected 1/256 = 0.00390625 and -128");
        double real = (double)options.Beta * inScale * (1 << 26);
        if (!(real > 1)) throw ctx.Fail($"beta x input scale = {(double)options.Beta * inScale} is too small, expected > 2^-26");
        return new SoftmaxOperator(input, output, rows, depth, true, options.Beta, SoftmaxInt8.ComputeParams(options.Beta, inScale));
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        if (IsQuantized)
            SoftmaxInt8.Run(Rows, Depth, InputMultiplier, InputLeftShift, DiffMin,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(InputIndex)), MemoryMarshal.Cast<byte, sbyte>(tensors.Write(OutputIndex)));
        else
            SoftmaxFloat.Run(Rows, Depth, Beta,
                MemoryMarshal.Cast<byte, float>(tensors.Read(InputIndex)), MemoryMarshal.Cast<byte, float>(tensors.Write(OutputIndex)));
    }
}
