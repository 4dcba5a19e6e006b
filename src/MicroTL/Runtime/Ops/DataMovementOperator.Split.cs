// SPLIT and UNPACK: one input cut into equal parts along an axis (split.cc, unpack.cc); UNPACK drops the axis.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

public sealed partial class DataMovementOperator
{
    private const string SplitTypes = "FLOAT32, INT8, INT16, INT32 -> the same";

    internal static DataMovementOperator PrepareSplit(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, ctx.Op.Outputs.Length);
        if (ctx.Op.Outputs.Length < 1) throw ctx.Fail("has no outputs");
        int axisTensor = ctx.Input(0, "axis"), input = ctx.Input(1, "input");
        ReadOnlySpan<int> axisValue = ConstantInt32(ctx, axisTensor, "axis");
        ctx.RequireElements(axisTensor, "axis", 1, "1 (a scalar)");
        int[] shape = ctx.Tensor(input).Shape;
        int axis = Positive(ctx, axisValue[0], shape.Length, "axis");
        int parts = ctx.Op.Outputs.Length;
        if (shape[axis] % parts != 0)
            throw ctx.Fail($"input {ctx.Describe(input)} has {shape[axis]} along axis {axis}, not a multiple of the {parts} outputs");
        int[] part = [.. shape];
        part[axis] /= parts;
        int[] strides = StridedView.RowMajorStrides(shape);
        int bytes = SplitElementBytes(ctx, input);
        var moves = new DataMove[parts];
        for (int i = 0; i < parts; i++)
        {
            int output = ctx.Output(i, $"output {i}");
            ctx.RequireShape(output, $"output {i}", part);
            ctx.RequireType(output, $"output {i}", ctx.Tensor(input).Type);
            moves[i] = new DataMove(input, output, StridedView.Create(part, strides, i * part[axis] * strides[axis]), Scatter: false);
        }
        return Create(ctx, bytes, moves);
    }

    internal static DataMovementOperator PrepareUnpack(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, ctx.Op.Outputs.Length);
        var options = ctx.Options<UnpackOptions>();
        int input = ctx.Input(0, "input");
        int[] shape = ctx.Tensor(input).Shape;
        int axis = Positive(ctx, options.Axis, shape.Length, "axis");
        int count = ctx.Op.Outputs.Length;
        if (options.Num != count || shape[axis] != count)
            throw ctx.Fail($"num is {options.Num}, the op has {count} outputs and the input {ctx.Describe(input)} {shape[axis]} along axis {axis}; " +
                "all three must agree");
        int[] strides = StridedView.RowMajorStrides(shape);
        int[] sliceShape = [.. shape[..axis], .. shape[(axis + 1)..]];
        int[] sliceStrides = [.. strides[..axis], .. strides[(axis + 1)..]];
        int bytes = SplitElementBytes(ctx, input);
        var moves = new DataMove[count];
        for (int i = 0; i < count; i++)
        {
            int output = ctx.Output(i, $"output {i}");
            ctx.RequireShape(output, $"output {i}", sliceShape);
            ctx.RequireType(output, $"output {i}", ctx.Tensor(input).Type);
            moves[i] = new DataMove(input, output, StridedView.Create(sliceShape, sliceStrides, i * strides[axis]), Scatter: false);
        }
        return Create(ctx, bytes, moves);
    }

    private static int SplitElementBytes(PrepareContext ctx, int input)
    {
        if (ctx.Tensor(input).Type is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16 or TensorType.Int32)) throw ctx.UnsupportedTypes(SplitTypes);
        return TensorTypeInfo.ElementBytes(ctx.Tensor(input).Type);
    }
}
