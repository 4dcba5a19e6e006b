// MEAN: the average over constant axes (reduce.cc), int8 (rescaled to the output's quantization) or float32.
using System.Runtime.InteropServices;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>A prepared MEAN operator.</summary>
public sealed class MeanOperator : PreparedOperator
{
    private readonly PersistentBlock data;

    private MeanOperator(PrepareContext ctx, in MeanData data) : base(ctx) => this.data = ctx.StoreData(data);

    private ref readonly MeanData D => ref Arena.Read<MeanData>(data);

    /// <summary>Input elements averaged into each output element.</summary>
    public long ReducedCount => D.Count;

    /// <summary>True for int8, false for float32.</summary>
    public bool IsQuantized => D.IsQuantized;

    /// <summary>The multiplier and shift of the int8 path, already divided by <see cref="ReducedCount"/>.</summary>
    public (int Multiplier, int Shift) Int8Multiplier => (D.Multiplier, D.Shift);

    /// <summary>One addition per input element.</summary>
    public override long MacCount => D.Count * D.Outputs;

    internal static MeanOperator Prepare(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        var options = ctx.Options<ReducerOptions>();
        int input = ctx.Input(0, "input"), axisTensor = ctx.Input(1, "axis"), output = ctx.Output(0, "output");
        ctx.RequireType(axisTensor, "axis", TensorType.Int32);
        if (ctx.Model.DataOf(ctx.Tensor(axisTensor)).IsEmpty)
            throw ctx.Unsupported($"axis {ctx.Describe(axisTensor)} is not a constant; the mean is planned at Prepare");
        ReadOnlySpan<int> axes = MemoryMarshal.Cast<byte, int>(ctx.ConstantData(axisTensor, "axis").Span);
        int[] shape = ctx.Tensor(input).Shape;
        if (shape.Length > StridedView.MaxRank) throw ctx.Fail($"input {ctx.Describe(input)} is {shape.Length}-D, at most {StridedView.MaxRank}-D runs");
        var reduced = new bool[shape.Length];
        foreach (int a in axes)
        {
            int d = a < 0 ? a + shape.Length : a;
            if (d < 0 || d >= shape.Length) throw ctx.Fail($"axis {a} is out of range for the {shape.Length}-D input {ctx.Describe(input)}");
            reduced[d] = true;
        }

        // Accumulator strides: row-major over the kept dimensions, 0 along the reduced ones.
        var kept = new List<int>();
        var keptWithOnes = new int[shape.Length];
        var strides = new int[shape.Length];
        long count = 1;
        int running = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            keptWithOnes[d] = reduced[d] ? 1 : shape[d];
            if (reduced[d]) count *= shape[d];
            strides[d] = reduced[d] ? 0 : running;
            if (!reduced[d]) running *= shape[d];
        }
        for (int d = 0; d < shape.Length; d++) if (!reduced[d]) kept.Add(shape[d]);
        ctx.RequireShape(output, "output", options.KeepDims ? keptWithOnes : [.. kept]);

        var data = new MeanData { Input = input, Output = output, Count = count, Outputs = running, View = StridedView.Create(shape, strides, 0) };
        TensorType type = ctx.Tensor(input).Type;
        if (type == TensorType.Float32)
        {
            ctx.RequireType(output, "output", TensorType.Float32);
            return new MeanOperator(ctx, data);
        }
        if (type != TensorType.Int8) throw ctx.UnsupportedTypes("INT8 -> INT8, FLOAT32 -> FLOAT32");
        ctx.RequireType(output, "output", TensorType.Int8);
        (float inScale, int inZp) = ctx.PerTensorQuantization(input, "input");
        (float outScale, int outZp) = ctx.PerTensorQuantization(output, "output");
        (int m, int s) = QuantizationMath.QuantizeMultiplier((double)inScale / outScale);
        (data.Multiplier, data.Shift) = MeanKernel.MeanMultiplier(m, s, count);
        (data.InputZeroPoint, data.OutputZeroPoint, data.IsQuantized) = (inZp, outZp, true);
        data.Accumulators = ctx.RequestScratch((long)running * sizeof(int), "accumulators");
        return new MeanOperator(ctx, data);
    }

    /// <inheritdoc/>
    public override void Eval(TensorStorage tensors)
    {
        ref readonly MeanData d = ref D;
        if (d.IsQuantized)
            MeanKernel.RunInt8(d.View, d.Count, d.InputZeroPoint, d.Multiplier, d.Shift, d.OutputZeroPoint,
                MemoryMarshal.Cast<byte, sbyte>(tensors.Read(d.Input)), Arena.Scratch<int>(d.Accumulators),
                MemoryMarshal.Cast<byte, sbyte>(tensors.Write(d.Output)));
        else
            MeanKernel.RunFloat(d.View, d.Count, MemoryMarshal.Cast<byte, float>(tensors.Read(d.Input)), MemoryMarshal.Cast<byte, float>(tensors.Write(d.Output)));
    }
}

/// <summary>Everything a MEAN Eval reads, kept in the arena's tail.</summary>
internal struct MeanData
{
    public int Input, Output, Outputs;
    public long Count;
    public StridedView View;
    public bool IsQuantized;
    public int Multiplier, Shift, InputZeroPoint, OutputZeroPoint;
    public ScratchBuffer Accumulators;
}
