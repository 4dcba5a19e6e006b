// The per-operator test models: each a small model built with our writer around one operator (int8 and float32 where
// TFLM has both), with seeded constants. TFLM's reference kernels ran every one of them on the input InputBytes makes;
// their outputs are tests/fixtures/ops (see its README for the harness and the commit).
using MicroTL.TfLite;
using static MicroTL.Tests.Ops.OpModelBuilder;

namespace MicroTL.Tests.Ops;

/// <summary>The catalog: name -> model.</summary>
internal static partial class OpCatalog
{
    private const TensorType I8 = TensorType.Int8, F32 = TensorType.Float32;

    /// <summary>Every case, by name.</summary>
    public static IReadOnlyDictionary<string, Func<TfLiteModel>> Cases { get; } = All();

    private static SortedDictionary<string, Func<TfLiteModel>> All()
    {
        var all = new SortedDictionary<string, Func<TfLiteModel>>(StringComparer.Ordinal);
        foreach (var part in new[] { DataMovement, Arithmetic, Layers })
        foreach ((string name, Func<TfLiteModel> build) in part) all.Add(name, build);
        return all;
    }

    private static Dictionary<string, Func<TfLiteModel>> DataMovement => new()
    {
        ["transpose_int8"] = () => Unary(BuiltinOperator.Transpose, I8, [1, 3, 5, 4], [1, 4, 3, 5], Q(0.05f, 3), Q(0.05f, 3), (b, x) => [x, b.ConstantInt32("perm", 0, 3, 1, 2)]),
        ["transpose_float_3d"] = () => Unary(BuiltinOperator.Transpose, F32, [2, 3, 4], [4, 2, 3], null, null, (b, x) => [x, b.ConstantInt32("perm", 2, 0, 1)]),
        ["pad_int8"] = () => Unary(BuiltinOperator.Pad, I8, [1, 5, 5, 3], [1, 8, 8, 3], Q(0.1f, -3), Q(0.1f, -3),
            (b, x) => [x, b.ConstantInt32("paddings", [4, 2], [0, 0, 1, 2, 2, 1, 0, 0])], new EmptyOptions()),
        ["pad_float"] = () => Unary(BuiltinOperator.Pad, F32, [2, 3, 4], [3, 5, 4], null, null,
            (b, x) => [x, b.ConstantInt32("paddings", [3, 2], [1, 0, 0, 2, 0, 0])], new EmptyOptions()),
        ["padv2_int8"] = () => Unary(BuiltinOperator.PadV2, I8, [1, 4, 4, 2], [1, 6, 5, 2], Q(0.1f, 5), Q(0.1f, 5),
            (b, x) => [x, b.ConstantInt32("paddings", [4, 2], [0, 0, 1, 1, 0, 1, 0, 0]), b.Constant("value", I8, [], [unchecked((byte)-20)], Q(0.1f, 5))], new EmptyOptions()),
        ["padv2_float"] = () => Unary(BuiltinOperator.PadV2, F32, [3, 4], [5, 5], null, null,
            (b, x) => [x, b.ConstantInt32("paddings", [2, 2], [2, 0, 1, 0]), b.Constant("value", F32, [], BitConverter.GetBytes(-2.5f))], new EmptyOptions()),
        ["mean_int8_hw_keep"] = () => Unary(BuiltinOperator.Mean, I8, [1, 7, 7, 16], [1, 1, 1, 16], Q(0.08f, -10), Q(0.02f, 4),
            (b, x) => [x, b.ConstantInt32("axis", 1, 2)], new ReducerOptions(true)),
        ["mean_int8_last"] = () => Unary(BuiltinOperator.Mean, I8, [2, 3, 10], [2, 3], Q(0.1f, 7), Q(0.1f, 7),
            (b, x) => [x, b.ConstantInt32("axis", -1)], new ReducerOptions(false)),
        ["mean_float_hw"] = () => Unary(BuiltinOperator.Mean, F32, [1, 5, 6, 3], [1, 3], null, null,
            (b, x) => [x, b.ConstantInt32("axis", 1, 2)], new ReducerOptions(false)),
        ["mean_float_axis0"] = () => Unary(BuiltinOperator.Mean, F32, [4, 3, 2], [1, 3, 2], null, null,
            (b, x) => [x, b.ConstantInt32("axis", 0)], new ReducerOptions(true)),
        ["concatenation_int8"] = () => Concatenation(I8),
        ["concatenation_float"] = () => Concatenation(F32),
        ["split_int8"] = () => Split(I8),
        ["split_float"] = () => Split(F32),
        ["pack_int8"] = () => Pack(I8),
        ["unpack_float"] = () => Unpack(F32),
        ["squeeze_int8"] = () => Unary(BuiltinOperator.Squeeze, I8, [1, 4, 1, 3], [4, 3], Q(0.1f), Q(0.1f), (b, x) => [x], new SqueezeOptions([0, 2])),
        ["expand_dims_float"] = () => Unary(BuiltinOperator.ExpandDims, F32, [3, 4], [3, 1, 4], null, null, (b, x) => [x, b.ConstantInt32("axis", [], [-2])], new EmptyOptions()),
        ["strided_slice_int8"] = () => Unary(BuiltinOperator.StridedSlice, I8, [2, 6, 7, 3], [2, 3, 2, 3], Q(0.1f), Q(0.1f),
            (b, x) => [x, b.ConstantInt32("begin", 0, 1, -1, 0), b.ConstantInt32("end", 0, 6, 0, 3), b.ConstantInt32("strides", 1, 2, -3, 1)],
            new StridedSliceOptions(BeginMask: 1, EndMask: 1, EllipsisMask: 0, NewAxisMask: 0, ShrinkAxisMask: 0)),
        ["strided_slice_float_shrink"] = () => Unary(BuiltinOperator.StridedSlice, F32, [4, 5, 6], [5, 3], null, null,
            (b, x) => [x, b.ConstantInt32("begin", 2, 0, 1), b.ConstantInt32("end", 3, 5, 6), b.ConstantInt32("strides", 1, 1, 2)],
            new StridedSliceOptions(0, 0, 0, 0, ShrinkAxisMask: 1)),
        ["resize_nearest_int8"] = () => Unary(BuiltinOperator.ResizeNearestNeighbor, I8, [1, 3, 4, 2], [1, 6, 8, 2], Q(0.1f), Q(0.1f),
            (b, x) => [x, b.ConstantInt32("size", 6, 8)], new ResizeNearestNeighborOptions(false, false)),
        ["resize_nearest_int8_half_pixel"] = () => Unary(BuiltinOperator.ResizeNearestNeighbor, I8, [1, 5, 3, 2], [1, 7, 5, 2], Q(0.1f), Q(0.1f),
            (b, x) => [x, b.ConstantInt32("size", 7, 5)], new ResizeNearestNeighborOptions(false, true)),
        ["resize_nearest_float_align"] = () => Unary(BuiltinOperator.ResizeNearestNeighbor, F32, [2, 4, 3, 1], [2, 7, 5, 1], null, null,
            (b, x) => [x, b.ConstantInt32("size", 7, 5)], new ResizeNearestNeighborOptions(true, false)),
    };
}
