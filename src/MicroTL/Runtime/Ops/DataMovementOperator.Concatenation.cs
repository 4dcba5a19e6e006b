// CONCATENATION and PACK: inputs joined along an axis (concatenation.cc, pack.cc); PACK stacks inputs of equal shape
// along a new axis. int8 inputs share the output's scale and zero point, as TFLM requires.
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

public sealed partial class DataMovementOperator
{
    private const int MaxConcatenationInputs = 10;
    private const string JoinTypes = "FLOAT32, INT8, INT16, INT32, INT64, BOOL -> the same";

    internal static DataMovementOperator PrepareConcatenation(PrepareContext ctx)
    {
        ctx.RequireCounts(1, MaxConcatenationInputs, 1);
        var options = ctx.Options<ConcatenationOptions>();
        if (options.Activation != ActivationFunction.None) throw ctx.Fail($"has fused activation {options.Activation}, expected NONE (as TFLM)");
        int output = ctx.Output(0, "output");
        int[] outShape = ctx.Tensor(output).Shape;
        int axis = Positive(ctx, options.Axis, outShape.Length, "axis");
        int bytes = JoinedElementBytes(ctx, output, sameQuantization: true);
        int[] outStrides = StridedView.RowMajorStrides(outShape);
        var moves = new DataMove[ctx.Op.Inputs.Length];
        int at = 0;
        for (int i = 0; i < moves.Length; i++)
        {
            int input = ctx.Input(i, $"input {i}");
            int[] shape = ctx.Tensor(input).Shape;
            if (shape.Length != outShape.Length)
                throw ctx.Fail($"input {i} {ctx.Describe(input)} is {shape.Length}-D, the output {outShape.Length}-D");
            for (int d = 0; d < shape.Length; d++)
                if (d != axis && shape[d] != outShape[d])
                    throw ctx.Fail($"input {i} {ctx.Describe(input)} has shape {PrepareContext.ShapeText(shape)}, unlike the output " +
                        $"{PrepareContext.ShapeText(outShape)} in dimension {d} (only the axis {axis} may differ)");
            moves[i] = new DataMove(input, output, StridedView.Create(shape, outStrides, at * outStrides[axis]), Scatter: true);
            at += shape[axis];
        }
        if (at != outShape[axis])
            throw ctx.Fail($"the inputs add up to {at} along axis {axis}, the output {ctx.Describe(output)} has {outShape[axis]}");
        return Create(ctx, bytes, moves);
    }

    internal static DataMovementOperator PreparePack(PrepareContext ctx)
    {
        ctx.RequireCounts(1, int.MaxValue, 1);
        var options = ctx.Options<PackOptions>();
        int output = ctx.Output(0, "output");
        int[] outShape = ctx.Tensor(output).Shape;
        int axis = Positive(ctx, options.Axis, outShape.Length, "axis");
        int count = ctx.Op.Inputs.Length;
        if (options.ValuesCount != count || outShape[axis] != count)
            throw ctx.Fail($"values_count is {options.ValuesCount}, the op has {count} inputs and the output {ctx.Describe(output)} {outShape[axis]} " +
                $"along axis {axis}; all three must agree");
        int bytes = JoinedElementBytes(ctx, output, sameQuantization: false);
        int[] outStrides = StridedView.RowMajorStrides(outShape);
        int[] sliceShape = [.. outShape[..axis], .. outShape[(axis + 1)..]];
        int[] sliceStrides = [.. outStrides[..axis], .. outStrides[(axis + 1)..]];
        var moves = new DataMove[count];
        for (int i = 0; i < count; i++)
        {
            int input = ctx.Input(i, $"input {i}");
            ctx.RequireShape(input, $"input {i}", sliceShape);
            moves[i] = new DataMove(input, output, StridedView.Create(sliceShape, sliceStrides, i * outStrides[axis]), Scatter: true);
        }
        return Create(ctx, bytes, moves);
    }

    // Every input of the output's type and, for CONCATENATION of int8 (TFLM checks it; PACK does not), its quantization.
    private static int JoinedElementBytes(PrepareContext ctx, int output, bool sameQuantization)
    {
        TensorType type = ctx.Tensor(output).Type;
        if (type is not (TensorType.Float32 or TensorType.Int8 or TensorType.Int16 or TensorType.Int32 or TensorType.Int64 or TensorType.Bool))
            throw ctx.UnsupportedTypes(JoinTypes);
        for (int i = 0; i < ctx.Op.Inputs.Length; i++)
        {
            int input = ctx.Input(i, $"input {i}");
            if (ctx.Tensor(input).Type != type) throw ctx.UnsupportedTypes(JoinTypes);
            if (sameQuantization) RequireSameQuantization(ctx, input, $"input {i}", output, "output");
        }
        return TensorTypeInfo.ElementBytes(type);
    }
}
