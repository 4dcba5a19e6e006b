// PAD and PADV2: the input surrounded by a pad value (pad.cc): PAD's is 0 (int8: the output's zero point), PADV2's the
// scalar third input; paddings a constant int32 [rank, 2] of (before, after) counts; up to 5-D.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

public sealed partial class DataMovementOperator
{
    internal static DataMovementOperator PreparePad(PrepareContext ctx)
    {
        bool v2 = ctx.Code == BuiltinOperator.PadV2;
        if (v2) ctx.RequireCounts(3, 3, 1);
        else ctx.RequireCounts(2, 3, 1);
        int input = ctx.Input(0, "input"), paddingsTensor = ctx.Input(1, "paddings"), output = ctx.Output(0, "output");
        int value = ctx.OptionalInput(2, "constant values");
        const string supported = "FLOAT32, INT8, INT16, INT32 -> the same";
        int bytes = ElementBytesOf(ctx, input, supported);
        TensorType type = ctx.Tensor(input).Type;
        if (type is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16 or TensorType.Int32)) throw ctx.UnsupportedTypes(supported);
        ctx.RequireType(output, "output", type);
        RequireRankAtMost(ctx, input, "input", 5);
        int[] shape = ctx.Tensor(input).Shape;
        ctx.RequireRank(output, "output", shape.Length);
        ReadOnlySpan<int> paddings = ConstantInt32(ctx, paddingsTensor, "paddings");
        if (paddings.Length != 2 * shape.Length)
            throw ctx.Fail($"paddings {ctx.Describe(paddingsTensor)} has {paddings.Length} values, expected {2 * shape.Length} (before and after each dimension)");
        var expected = new int[shape.Length];
        int baseOffset = 0;
        int[] outShape = ctx.Tensor(output).Shape, outStrides = StridedView.RowMajorStrides(outShape);
        for (int d = 0; d < shape.Length; d++)
        {
            if (paddings[2 * d] < 0 || paddings[2 * d + 1] < 0)
                throw ctx.Fail($"paddings of dimension {d} are ({paddings[2 * d]}, {paddings[2 * d + 1]}), expected >= 0");
            expected[d] = shape[d] + paddings[2 * d] + paddings[2 * d + 1];
            baseOffset += paddings[2 * d] * outStrides[d];
        }
        ctx.RequireShape(output, "output", expected);

        long fillBits = 0;
        if (value >= 0)
        {
            ctx.RequireType(value, "constant values", type);
            ctx.RequireElements(value, "constant values", 1, "1 (a scalar)");
            if (type == TensorType.Int8) RequireSameQuantization(ctx, value, "constant values", output, "output");
        }
        else if (type == TensorType.Int8)
        {
            fillBits = ctx.PerTensorQuantization(output, "output").ZeroPoint;
        }
        var move = new DataMove(input, output, StridedView.Create(shape, outStrides, baseOffset), Scatter: true);
        return Create(ctx, bytes, [move], fillTensor: output, fillValueTensor: value, fillBits: fillBits);
    }
}
