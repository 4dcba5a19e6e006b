// STRIDED_SLICE: every stride-th element from begin to end along each dimension, up to 4-D (strided_slice.cc). TFLM
// ignores the ellipsis, new-axis and offset options; it checks the output's shape with one set of bound rules
// (StartForAxis/StopForAxis) and copies with another (StridedSliceStartForAxis/EndForAxis): both are applied here.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

public sealed partial class DataMovementOperator
{
    internal static DataMovementOperator PrepareStridedSlice(PrepareContext ctx)
    {
        ctx.RequireCounts(4, 4, 1);
        var options = ctx.Options<StridedSliceOptions>();
        int input = ctx.Input(0, "input"), output = ctx.Output(0, "output");
        const string supported = "FLOAT32, INT8, INT16, INT32, BOOL -> the same";
        if (ctx.Tensor(input).Type is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16 or TensorType.Int32 or TensorType.Bool))
            throw ctx.UnsupportedTypes(supported);
        ctx.RequireType(output, "output", ctx.Tensor(input).Type);
        RequireRankAtMost(ctx, input, "input", 4);
        int[] shape = ctx.Tensor(input).Shape;
        int rank = shape.Length;
        ReadOnlySpan<int> begin = SliceVector(ctx, 1, "begin", rank), end = SliceVector(ctx, 2, "end", rank), strides = SliceVector(ctx, 3, "strides", rank);

        var expected = new List<int>();
        var extents = new int[rank];
        var viewStrides = new int[rank];
        int[] inStrides = StridedView.RowMajorStrides(shape);
        int baseOffset = 0;
        for (int d = 0; d < rank; d++)
        {
            int stride = strides[d];
            if (stride == 0) throw ctx.Fail($"stride of dimension {d} is 0, expected non-zero");
            bool shrink = (options.ShrinkAxisMask & (1 << d)) != 0;
            bool beginMasked = (options.BeginMask & (1 << d)) != 0, endMasked = (options.EndMask & (1 << d)) != 0;

            // TFLM's CheckOutputSize: the declared output shape.
            int checkBegin = StartForAxis(begin[d], stride, beginMasked, shape[d]);
            int checkEnd = shrink ? checkBegin + 1 : StopForAxis(end[d], stride, endMasked, shape[d]);
            int dim = Math.Max(0, (int)MathF.Ceiling((checkEnd - checkBegin) / (float)stride));
            if (!shrink) expected.Add(dim);

            // reference_ops::StridedSlice: what is copied.
            int start = KernelStart(begin[d], stride, beginMasked, shape[d]);
            int stop = KernelEnd(end[d], stride, endMasked, shrink, start, shape[d]);
            extents[d] = stride > 0 ? Math.Max(0, (stop - start + stride - 1) / stride) : Math.Max(0, (start - stop - stride - 1) / -stride);
            viewStrides[d] = stride * inStrides[d];
            baseOffset += start * inStrides[d];
        }
        ctx.RequireShape(output, "output", [.. expected]);
        var view = StridedView.Create(extents, viewStrides, baseOffset);
        if (view.Count != ctx.Tensor(output).ElementCount)
            throw ctx.Fail($"the slice copies {view.Count} elements into output {ctx.Describe(output)} of {ctx.Tensor(output).ElementCount}; " +
                "TFLM's bound rules disagree for these begin, end and strides");
        return Create(ctx, TensorTypeInfo.ElementBytes(ctx.Tensor(input).Type), [new DataMove(input, output, view, Scatter: false)]);
    }

    private static ReadOnlySpan<int> SliceVector(PrepareContext ctx, int k, string role, int rank)
    {
        int tensor = ctx.Input(k, role);
        ReadOnlySpan<int> values = ConstantInt32(ctx, tensor, role);
        if (values.Length != rank) throw ctx.Fail($"{role} {ctx.Describe(tensor)} has {values.Length} values, expected {rank} (the input's rank)");
        return values;
    }

    // strided_slice_logic.h StartForAxis / StopForAxis (the output shape check).
    private static int StartForAxis(int start, int stride, bool masked, int size)
    {
        if (size == 0) return 0;
        if (masked) start = stride > 0 ? int.MinValue : int.MaxValue;
        if (start < 0) start += size;
        return stride > 0 ? Math.Clamp(start, 0, size) : Math.Clamp(start, -1, size - 1);
    }

    private static int StopForAxis(int stop, int stride, bool masked, int size)
    {
        if (size == 0) return 0;
        if (masked) stop = stride > 0 ? int.MaxValue : int.MinValue;
        if (stop < 0) stop += size;
        return stride > 0 ? Math.Clamp(stop, 0, size) : Math.Clamp(stop, -1, size - 1);
    }

    // strided_slice_logic.h StridedSliceStartForAxis / StridedSliceEndForAxis (the copy).
    private static int KernelStart(int start, int stride, bool masked, int size)
    {
        if (start < 0) start += size;
        start = stride > 0 ? Math.Clamp(start, 0, size) : Math.Clamp(start, -1, size - 1);
        if (masked) start = stride > 0 ? 0 : size - 1;
        return start;
    }

    private static int KernelEnd(int end, int stride, bool masked, bool shrink, int start, int size)
    {
        if (shrink) return start >= size ? start : start + 1;
        if (end < 0) end += size;
        end = stride > 0 ? Math.Clamp(end, 0, size) : Math.Clamp(end, -1, size - 1);
        if (masked) end = stride > 0 ? size : -1;
        return end;
    }
}
