// TRANSPOSE: output dimension i is input dimension perm[i] (transpose.cc); perm a constant int32 vector, up to 5-D.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

public sealed partial class DataMovementOperator
{
    internal static DataMovementOperator PrepareTranspose(PrepareContext ctx)
    {
        ctx.RequireCounts(2, 2, 1);
        int input = ctx.Input(0, "input"), permTensor = ctx.Input(1, "perm"), output = ctx.Output(0, "output");
        int bytes = ElementBytesOf(ctx, input, "FLOAT32, INT8, INT16 -> the same");
        if (ctx.Tensor(input).Type is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16)) throw ctx.UnsupportedTypes("FLOAT32, INT8, INT16 -> the same");
        ctx.RequireType(output, "output", ctx.Tensor(input).Type);
        RequireRankAtMost(ctx, input, "input", 5);
        int[] shape = ctx.Tensor(input).Shape;
        ctx.RequireRank(permTensor, "perm", 1);
        ReadOnlySpan<int> perm = ConstantInt32(ctx, permTensor, "perm");
        if (perm.Length != shape.Length)
            throw ctx.Fail($"perm {ctx.Describe(permTensor)} has {perm.Length} entries, expected {shape.Length} (the input's rank)");
        int[] inStrides = StridedView.RowMajorStrides(shape);
        var extents = new int[shape.Length];
        var strides = new int[shape.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            if (perm[i] < 0 || perm[i] >= shape.Length) throw ctx.Fail($"perm entry {i} is {perm[i]}, expected 0 to {shape.Length - 1}");
            extents[i] = shape[perm[i]];
            strides[i] = inStrides[perm[i]];
        }
        ctx.RequireShape(output, "output", extents);
        return Create(ctx, bytes, [new DataMove(input, output, StridedView.Create(extents, strides, 0), Scatter: false)]);
    }
}
