// Builtin options: the union member must be the one that belongs to the operator's code; an
// absent table means every field takes its schema default. Enum fields and window sizes are
// range-checked so later code can trust them.
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.TfLite;

public static partial class TfLiteReader
{
    private static OperatorOptions? ReadOptions(FlatTable op, BuiltinOperator code, string label)
    {
        S.OptionsType expected = S.OptionsTypeOf(code);
        if (expected == S.OptionsType.None)
        {
            return null; // an operator we do not run: its options are not our business
        }

        var actual = (S.OptionsType)op.GetByte(S.Operator.BuiltinOptionsType);
        if (actual != S.OptionsType.None && actual != expected)
        {
            Fail($"{label}: builtin_options_type {(int)actual} does not match the operator (expected {(int)expected}, {expected}Options)");
        }

        FlatTable? table = actual == S.OptionsType.None ? null : op.GetTable(S.Operator.BuiltinOptions, $"{label} builtin options");
        var options = new OptionsTable(table, label);
        return expected switch
        {
            S.OptionsType.Conv2D => new Conv2DOptions(
                options.Padding(S.Conv2D.Padding),
                options.AtLeast(S.Conv2D.StrideW, 0, 1, "stride_w"),
                options.AtLeast(S.Conv2D.StrideH, 0, 1, "stride_h"),
                options.Activation(S.Conv2D.Activation),
                options.AtLeast(S.Conv2D.DilationW, 1, 1, "dilation_w_factor"),
                options.AtLeast(S.Conv2D.DilationH, 1, 1, "dilation_h_factor")),
            S.OptionsType.DepthwiseConv2D => new DepthwiseConv2DOptions(
                options.Padding(S.DepthwiseConv2D.Padding),
                options.AtLeast(S.DepthwiseConv2D.StrideW, 0, 1, "stride_w"),
                options.AtLeast(S.DepthwiseConv2D.StrideH, 0, 1, "stride_h"),
                options.AtLeast(S.DepthwiseConv2D.DepthMultiplier, 0, 0, "depth_multiplier"),
                options.Activation(S.DepthwiseConv2D.Activation),
                options.AtLeast(S.DepthwiseConv2D.DilationW, 1, 1, "dilation_w_factor"),
                options.AtLeast(S.DepthwiseConv2D.DilationH, 1, 1, "dilation_h_factor")),
            S.OptionsType.Pool2D => new Pool2DOptions(
                options.Padding(S.Pool2D.Padding),
                options.AtLeast(S.Pool2D.StrideW, 0, 1, "stride_w"),
                options.AtLeast(S.Pool2D.StrideH, 0, 1, "stride_h"),
                options.AtLeast(S.Pool2D.FilterWidth, 0, 1, "filter_width"),
                options.AtLeast(S.Pool2D.FilterHeight, 0, 1, "filter_height"),
                options.Activation(S.Pool2D.Activation)),
            S.OptionsType.FullyConnected => new FullyConnectedOptions(
                options.Activation(S.FullyConnected.Activation),
                options.Byte(S.FullyConnected.WeightsFormat),
                options.Bool(S.FullyConnected.KeepNumDims, false),
                options.Bool(S.FullyConnected.AsymmetricQuantizeInputs, false)),
            S.OptionsType.Softmax => new SoftmaxOptions(options.Float(S.Softmax.Beta)),
            S.OptionsType.Add => new AddOptions(
                options.Activation(S.Add.Activation),
                options.Bool(S.Add.PotScaleInt16, true)),
            S.OptionsType.Reshape => new ReshapeOptions(options.Int32Array(S.Reshape.NewShape, "int32 (new_shape)")),
            S.OptionsType.Quantize => new QuantizeOptions(),
            S.OptionsType.Dequantize => new DequantizeOptions(),
            S.OptionsType.Svdf => new SvdfOptions(
                options.Int(S.Svdf.Rank), options.Activation(S.Svdf.Activation), options.Bool(S.Svdf.AsymmetricQuantizeInputs, false)),
            S.OptionsType.Concatenation => new ConcatenationOptions(options.Int(S.Concatenation.Axis), options.Activation(S.Concatenation.Activation)),
            S.OptionsType.Mul => new MulOptions(options.Activation(S.Mul.Activation)),
            S.OptionsType.Sub => new SubOptions(options.Activation(S.Sub.Activation), options.Bool(S.Sub.PotScaleInt16, true)),
            S.OptionsType.Reducer => new ReducerOptions(options.Bool(S.Reducer.KeepDims, false)),
            S.OptionsType.Squeeze => new SqueezeOptions(options.Int32Array(S.Squeeze.SqueezeDims, "int32 (squeeze_dims)")),
            S.OptionsType.StridedSlice => new StridedSliceOptions(
                options.Int(S.StridedSlice.BeginMask), options.Int(S.StridedSlice.EndMask), options.Int(S.StridedSlice.EllipsisMask),
                options.Int(S.StridedSlice.NewAxisMask), options.Int(S.StridedSlice.ShrinkAxisMask), options.Bool(S.StridedSlice.Offset, false)),
            S.OptionsType.Split => new SplitOptions(options.Int(S.Split.NumSplits)),
            S.OptionsType.Pack => new PackOptions(options.Int(S.Pack.ValuesCount), options.Int(S.Pack.Axis)),
            S.OptionsType.Unpack => new UnpackOptions(options.Int(S.Unpack.Num), options.Int(S.Unpack.Axis)),
            S.OptionsType.LeakyRelu => new LeakyReluOptions(options.Float(S.LeakyRelu.Alpha)),
            S.OptionsType.ResizeNearestNeighbor => new ResizeNearestNeighborOptions(
                options.Bool(S.ResizeNearestNeighbor.AlignCorners, false), options.Bool(S.ResizeNearestNeighbor.HalfPixelCenters, false)),
            S.OptionsType.TransposeConv => new TransposeConvOptions(
                options.Padding(S.TransposeConv.Padding),
                options.AtLeast(S.TransposeConv.StrideW, 0, 1, "stride_w"),
                options.AtLeast(S.TransposeConv.StrideH, 0, 1, "stride_h"),
                options.Activation(S.TransposeConv.Activation)),
            S.OptionsType.UnidirectionalSequenceLstm => new UnidirectionalSequenceLstmOptions(
                options.Activation(S.UnidirectionalSequenceLstm.Activation), options.Float(S.UnidirectionalSequenceLstm.CellClip),
                options.Float(S.UnidirectionalSequenceLstm.ProjClip), options.Bool(S.UnidirectionalSequenceLstm.TimeMajor, false),
                options.Bool(S.UnidirectionalSequenceLstm.AsymmetricQuantizeInputs, false)),
            _ => new EmptyOptions(),
        };
    }

    /// <summary>Field access on an options table that may be absent, with the checks options need.</summary>
    private readonly struct OptionsTable(FlatTable? table, string label)
    {
        public Padding Padding(int field)
        {
            byte value = Byte(field);
            if (value > (byte)TfLite.Padding.Valid)
            {
                Fail($"{label}: padding {value} is neither SAME (0) nor VALID (1)");
            }

            return (Padding)value;
        }

        public ActivationFunction Activation(int field)
        {
            byte value = Byte(field);
            if (value > (byte)ActivationFunction.SignBit)
            {
                Fail($"{label}: fused_activation_function {value} is not a known activation (0..5)");
            }

            return (ActivationFunction)value;
        }

        /// <summary>An int32 field that must be at least <paramref name="minimum"/> (e.g. strides, dilations).</summary>
        public int AtLeast(int field, int defaultValue, int minimum, string name)
        {
            int value = table is FlatTable t ? t.GetInt32(field, defaultValue) : defaultValue;
            if (value < minimum)
            {
                Fail($"{label}: {name} {value} must be at least {minimum}");
            }

            return value;
        }

        public byte Byte(int field) => table is FlatTable t ? t.GetByte(field) : (byte)0;

        public int Int(int field) => table is FlatTable t ? t.GetInt32(field) : 0;

        public bool Bool(int field, bool defaultValue) => table is FlatTable t ? t.GetBool(field, defaultValue) : defaultValue;

        public float Float(int field) => table is FlatTable t ? t.GetFloat(field) : 0f;

        public int[] Int32Array(int field, string what) =>
            table is FlatTable t ? t.GetVector(field, 4, what).ToInt32Array() : [];
    }
}
