// SOFTMAX over the last axis: int8 -> int8 (output scale 1/256, zero point -128) on gemmlowp fixed
// point, or float32, as TFLM's softmax.cc / softmax_common.cc.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared SOFTMAX operator.</summary>
public sealed class SoftmaxOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private SoftmaxOperator(PrepareContext ctx, in SoftmaxData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly SoftmaxData D => ref Arena.Read<SoftmaxData>(data);

    /// <summary>Tensor index of the input.</summary>
    public int InputIndex => D.Input;

    /// <summary>Tensor index of the output.</summary>
    public int OutputIndex => D.Output;

    /// <summary>Rows (all dimensions but the last) and the softmax depth (the last dimension).</summary>
    public int Rows => D.Rows;

    /// <inheritdoc cref="Rows"/>
    public int Depth => D.Depth;

    /// <summary>True for the int8 path, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>β, the inverse temperature.</summary>
    public float Beta => D.Beta;

    /// <summary>Fixed-point parameters of the int8 path (see <see cref="SoftmaxInt8.ComputeParams"/>).</summary>
    public int InputMultiplier => D.InputMultiplier;

    /// <inheritdoc cref="InputMultiplier"/>
    public int InputLeftShift => D.InputLeftShift;

    /// <inheritdoc cref="InputMultiplier"/>
    public int DiffMin => D.DiffMin;

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
            return new SoftmaxOperator(ctx, new SoftmaxData { Input = input, Output = output, Rows = rows, Depth = depth, Beta = options.Beta });
        }
        TensorType outType = ctx.Tensor(output).Type;
        if (type != TensorType.Int8 || outType is not (TensorType.Int8 or TensorType.Int16))
            throw ctx.UnsupportedTypes("INT8 -> INT8, INT8 -> INT16, FLOAT32 -> FLOAT32");
        (float inScale, _) = ctx.PerTensorQuantization(input, "input");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output", short.MinValue, short.MaxValue);
        if (outType == TensorType.Int8 && (outScale != 1f / 256 || outZp != -128))
            throw ctx.Fail($"output {ctx.Describe(output)} has scale {outScale}, zero point {outZp}, expected 1/256 = 0.00390625 and -128");
        // TFLM: TF_LITE_ENSURE_NEAR(scale, 1/65536, 0.001/65536) and zero point -32768.
        if (outType == TensorType.Int16 && (Math.Abs(outScale - 1f / 65536) > 0.001f / 65536 || outZp != short.MinValue))
            throw ctx.Fail($"output {ctx.Describe(output)} has scale {outScale}, zero point {outZp}, expected 1/65536 and -32768");
        double real = (double)options.Beta * inScale * (1 << 26);
        if (!(real > 1)) throw ctx.Fail($"beta x input scale = {(double)options.Beta * inScale} is too small, expected > 2^-26");
        (int multiplier, int shift, int diffMin) = SoftmaxInt8.ComputeParams(options.Beta, inScale);
        return new SoftmaxOperator(ctx, new SoftmaxData
        {
            Input = input, Output = output, Rows = rows, Depth = depth, IsQuantized = true, Beta = options.Beta,
            InputMultiplier = multiplier, InputLeftShift = shift, DiffMin = diffMin, ToInt16 = outType == TensorType.Int16,
        });
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly SoftmaxData d = ref D;
        if (d.IsQuantized && d.ToInt16)
            SoftmaxInt8.RunToInt16(d.Rows, d.Depth, d.InputMultiplier, d.InputLeftShift, d.DiffMin,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, short>(tensors.Write(d.Output)));
        else if (d.IsQuantized)
            SoftmaxInt8.Run(d.Rows, d.Depth, d.InputMultiplier, d.InputLeftShift, d.DiffMin,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)));
        else
            SoftmaxFloat.Run(d.Rows, d.Depth, d.Beta,
                MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
    }
}

/// <summary>Everything a SOFTMAX Eval reads, kept in the arena's tail (the C firmware mirrors the struct).</summary>
internal struct SoftmaxData
{
    public int Input, Output, Rows, Depth;
    public bool IsQuantized;
    public float Beta;
    public int InputMultiplier, InputLeftShift, DiffMin;
    public bool ToInt16;
}
