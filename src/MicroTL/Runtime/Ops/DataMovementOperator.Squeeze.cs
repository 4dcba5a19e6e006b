// SQUEEZE and EXPAND_DIMS: the same elements under a shape with dimensions of size 1 removed or added (squeeze.cc,
// expand_dims.cc): a copy, checked as TFLM checks the dimensions.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

public sealed partial class DataMovementOperator
{
    internal static DataMovementOperator PrepareSqueeze(PrepareContext ctx)
    {
        ctx.RequireCounts(1, 1, 1);
        var options = ctx.Options<SqueezeOptions>();
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        int[] shape = ctx.Tensor(input).Shape;
        if (shape.Length > 8) throw ctx.Fail($"input {ctx.Describe(input)} is {shape.Length}-D, at most 8-D runs (as in TFLM)");
        var squeeze = new bool[shape.Length];
        if (options.SqueezeDims.Length == 0)
        {
            for (int d = 0; d < shape.Length; d++) squeeze[d] = shape[d] == 1;
        }
        else
        {
            foreach (int dim in options.SqueezeDims)
            {
                int d = dim < 0 ? dim + shape.Length : dim;
                if (d < 0 || d >= shape.Length || shape[d] != 1)
                    throw ctx.Fail($"squeeze dimension {dim} is not a dimension of size 1 of input {ctx.Describe(input)} {PrepareContext.ShapeText(shape)}");
                squeeze[d] = true;
            }
        }
        var kept = new List<int>();
        for (int d = 0; d < shape.Length; d++) if (!squeeze[d]) kept.Add(shape[d]);
        ctx.RequireShape(output, "output", [.. kept]);
        return PrepareCopy(ctx, input, output);
    }

    internal static DataMovementOperator PrepareExpandDims(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        int input = ctx.Input(0, "input"), axisTensor = ctx.Input(1, "axis"), output = ctx.Output(0, "output");
        if (ctx.Tensor(axisTensor).Shape.Length > 1) throw ctx.Fail($"axis {ctx.Describe(axisTensor)} is {ctx.Tensor(axisTensor).Shape.Length}-D, expected a scalar or 1 value");
        ReadOnlySpan<int> axisValue = ConstantInt32(ctx, axisTensor, "axis");
        if (axisValue.IsEmpty) throw ctx.Fail($"axis {ctx.Describe(axisTensor)} is empty");
        int[] shape = ctx.Tensor(input).Shape;
        int axis = axisValue[0] < 0 ? shape.Length + 1 + axisValue[0] : axisValue[0];
        if (axis < 0 || axis > shape.Length) throw ctx.Fail($"axis {axisValue[0]} is out of range for a {shape.Length}-D input");
        int[] expected = [.. shape[..axis], 1, .. shape[axis..]];
        ctx.RequireShape(output, "output", expected);
        return PrepareCopy(ctx, input, output);
    }

    private static DataMovementOperator PrepareCopy(PrepareContext ctx, int input, int output)
    {
        ctx.RequireType(output, "output", ctx.Tensor(input).Type);
        int bytes = ElementBytesOf(ctx, input, "any type of 1, 2, 4 or 8 bytes -> the same");
        int count = checked((int)ctx.Tensor(input).ElementCount);
        return Create(ctx, bytes, [new DataMove(input, output, StridedView.Create([count], [1], 0), Scatter: false)]);
    }
}
