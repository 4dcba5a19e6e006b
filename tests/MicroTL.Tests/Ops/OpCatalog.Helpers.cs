// Model shapes the catalog reuses: one operator on one graph input (with extra constant inputs), and the join and
// split operators with several inputs or outputs.
using MicroTL.TfLite;
using static MicroTL.Tests.Ops.OpModelBuilder;

namespace MicroTL.Tests.Ops;

internal static partial class OpCatalog
{
    /// <summary>One operator: graph input x of <paramref name="inShape"/>, the inputs <paramref name="inputs"/> adds, output y.</summary>
    private static TfLiteModel Unary(BuiltinOperator code, TensorType type, int[] inShape, int[] outShape, QuantizationParams? inQ, QuantizationParams? outQ,
        Func<OpModelBuilder, int, int[]> inputs, OperatorOptions? options = null, TensorType? outType = null, uint seed = 7)
    {
        var b = new OpModelBuilder(seed);
        int x = b.Input("x", type, inShape, inQ);
        int[] ins = inputs(b, x);
        int y = b.Tensor("y", outType ?? type, outShape, outQ);
        b.Op(code, ins, [y], options);
        b.Output(y);
        return b.Build(BuiltinOperatorNames.Of(code));
    }

    /// <summary>Two graph inputs into one operator.</summary>
    private static TfLiteModel Binary(BuiltinOperator code, TensorType type, int[] shape1, int[] shape2, int[] outShape,
        QuantizationParams? q1, QuantizationParams? q2, QuantizationParams? outQ, OperatorOptions? options)
    {
        var b = new OpModelBuilder(11);
        int x1 = b.Input("x1", type, shape1, q1), x2 = b.Input("x2", type, shape2, q2);
        int y = b.Tensor("y", type, outShape, outQ);
        b.Op(code, [x1, x2], [y], options);
        b.Output(y);
        return b.Build(BuiltinOperatorNames.Of(code));
    }

    private static QuantizationParams? QIf(TensorType type, float scale, long zeroPoint = 0) => type == TensorType.Int8 ? Q(scale, zeroPoint) : null;

    private static TfLiteModel Concatenation(TensorType type)
    {
        var b = new OpModelBuilder(3);
        QuantizationParams? q = QIf(type, 0.05f, -2);
        int x1 = b.Input("x1", type, [1, 2, 3, 3], q), x2 = b.Input("x2", type, [1, 2, 1, 3], q);
        int c = type == TensorType.Int8 ? b.RandomInt8("c", [1, 2, 2, 3], q!) : b.RandomFloat("c", [1, 2, 2, 3]);
        int y = b.Tensor("y", type, [1, 2, 6, 3], q);
        b.Op(BuiltinOperator.Concatenation, [x1, c, x2], [y], new ConcatenationOptions(-2, ActivationFunction.None));
        b.Output(y);
        return b.Build("CONCATENATION");
    }

    private static TfLiteModel Split(TensorType type)
    {
        var b = new OpModelBuilder(5);
        QuantizationParams? q = QIf(type, 0.05f, 1);
        int axis = b.ConstantInt32("axis", [], [1]);
        int x = b.Input("x", type, [2, 6, 4], q);
        int[] outs = [b.Tensor("y0", type, [2, 2, 4], q), b.Tensor("y1", type, [2, 2, 4], q), b.Tensor("y2", type, [2, 2, 4], q)];
        b.Op(BuiltinOperator.Split, [axis, x], outs, new SplitOptions(3));
        b.Output(outs);
        return b.Build("SPLIT");
    }

    private static TfLiteModel Pack(TensorType type)
    {
        var b = new OpModelBuilder(9);
        QuantizationParams? q = QIf(type, 0.1f);
        int x1 = b.Input("x1", type, [3, 4], q), x2 = b.Input("x2", type, [3, 4], q);
        int y = b.Tensor("y", type, [3, 2, 4], q);
        b.Op(BuiltinOperator.Pack, [x1, x2], [y], new PackOptions(2, 1));
        b.Output(y);
        return b.Build("PACK");
    }

    private static TfLiteModel Unpack(TensorType type)
    {
        var b = new OpModelBuilder(13);
        QuantizationParams? q = QIf(type, 0.1f);
        int x = b.Input("x", type, [3, 2, 5], q);
        int[] outs = [b.Tensor("y0", type, [2, 5], q), b.Tensor("y1", type, [2, 5], q), b.Tensor("y2", type, [2, 5], q)];
        b.Op(BuiltinOperator.Unpack, [x], outs, new UnpackOptions(3, 0));
        b.Output(outs);
        return b.Build("UNPACK");
    }
}
