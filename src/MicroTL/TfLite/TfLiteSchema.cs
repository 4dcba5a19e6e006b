// Field ids of the schema.fbs tables we read and write, in one place so reader and writer cannot
// disagree. A field's id is its declaration order; a union takes two ids (type, then value).
namespace MicroTL.TfLite;

/// <summary>Schema constants shared by <see cref="TfLiteReader"/> and <see cref="TfLiteWriter"/>.</summary>
internal static class TfLiteSchema
{
    /// <summary>The file identifier at bytes 4..8.</summary>
    public const string FileIdentifier = "TFL3";

    /// <summary>Schema version written by current converters.</summary>
    public const uint CurrentVersion = 3;

    internal static class Model
    {
        public const int Version = 0, OperatorCodes = 1, Subgraphs = 2, Description = 3, Buffers = 4, FieldCount = 5;
    }

    internal static class OperatorCode
    {
        public const int DeprecatedBuiltinCode = 0, CustomCode = 1, Version = 2, BuiltinCode = 3, FieldCount = 4;

        /// <summary>Codes above this only fit the int32 <c>builtin_code</c> field.</summary>
        public const int PlaceholderForGreaterOpCodes = 127;
    }

    internal static class SubGraph
    {
        public const int Tensors = 0, Inputs = 1, Outputs = 2, Operators = 3, Name = 4, FieldCount = 5;
    }

    internal static class Tensor
    {
        public const int Shape = 0, Type = 1, Buffer = 2, Name = 3, Quantization = 4, IsVariable = 5, Sparsity = 6, FieldCount = 6;
    }

    internal static class Quantization
    {
        public const int Scale = 2, ZeroPoint = 3, QuantizedDimension = 6, FieldCount = 7;
    }

    internal static class Operator
    {
        public const int OpcodeIndex = 0, Inputs = 1, Outputs = 2, BuiltinOptionsType = 3, BuiltinOptions = 4, CustomOptions = 5, Intermediates = 8, FieldCount = 5;
    }

    internal static class Buffer
    {
        public const int Data = 0, Offset = 1, Size = 2, FieldCount = 3;

        /// <summary>Schema <c>force_align: 16</c> on <c>data</c>.</summary>
        public const int DataAlignment = 16;
    }

    /// <summary>Values of the <c>BuiltinOptions</c> union type field.</summary>
    internal enum OptionsType : byte
    {
        None = 0,
        Conv2D = 1,
        DepthwiseConv2D = 2,
        Pool2D = 5,
        FullyConnected = 8,
        Softmax = 9,
        Svdf = 6,
        Concatenation = 10,
        Add = 11,
        Reshape = 17,
        Mul = 21,
        Pad = 22,
        Transpose = 26,
        Reducer = 27,
        Sub = 28,
        Squeeze = 30,
        StridedSlice = 32,
        Split = 35,
        Dequantize = 38,
        MaximumMinimum = 39,
        PadV2 = 43,
        TransposeConv = 49,
        ExpandDims = 52,
        Pack = 59,
        Unpack = 64,
        UnidirectionalSequenceLstm = 71,
        ResizeNearestNeighbor = 74,
        LeakyRelu = 75,
        Quantize = 89,
        HardSwish = 91,
    }

    /// <summary>The options union member that belongs to <paramref name="code"/>, or None when we do not parse it.</summary>
    public static OptionsType OptionsTypeOf(BuiltinOperator code) => code switch
    {
        BuiltinOperator.Conv2D => OptionsType.Conv2D,
        BuiltinOperator.DepthwiseConv2D => OptionsType.DepthwiseConv2D,
        BuiltinOperator.AveragePool2D or BuiltinOperator.MaxPool2D => OptionsType.Pool2D,
        BuiltinOperator.FullyConnected => OptionsType.FullyConnected,
        BuiltinOperator.Softmax => OptionsType.Softmax,
        BuiltinOperator.Add => OptionsType.Add,
        BuiltinOperator.Reshape => OptionsType.Reshape,
        BuiltinOperator.Dequantize => OptionsType.Dequantize,
        BuiltinOperator.Quantize => OptionsType.Quantize,
        BuiltinOperator.Svdf => OptionsType.Svdf,
        BuiltinOperator.Concatenation => OptionsType.Concatenation,
        BuiltinOperator.Mul => OptionsType.Mul,
        BuiltinOperator.Pad => OptionsType.Pad,
        BuiltinOperator.Transpose => OptionsType.Transpose,
        BuiltinOperator.Mean => OptionsType.Reducer,
        BuiltinOperator.Sub => OptionsType.Sub,
        BuiltinOperator.Squeeze => OptionsType.Squeeze,
        BuiltinOperator.StridedSlice => OptionsType.StridedSlice,
        BuiltinOperator.Split => OptionsType.Split,
        BuiltinOperator.Maximum or BuiltinOperator.Minimum => OptionsType.MaximumMinimum,
        BuiltinOperator.PadV2 => OptionsType.PadV2,
        BuiltinOperator.TransposeConv => OptionsType.TransposeConv,
        BuiltinOperator.ExpandDims => OptionsType.ExpandDims,
        BuiltinOperator.Pack => OptionsType.Pack,
        BuiltinOperator.Unpack => OptionsType.Unpack,
        BuiltinOperator.UnidirectionalSequenceLstm => OptionsType.UnidirectionalSequenceLstm,
        BuiltinOperator.ResizeNearestNeighbor => OptionsType.ResizeNearestNeighbor,
        BuiltinOperator.LeakyRelu => OptionsType.LeakyRelu,
        BuiltinOperator.HardSwish => OptionsType.HardSwish,
        _ => OptionsType.None,
    };

    /// <summary>Operators whose options table has no fields: one record, <see cref="EmptyOptions"/>, serves them all.</summary>
    public static bool HasEmptyOptions(OptionsType type) => type is OptionsType.Pad or OptionsType.PadV2 or OptionsType.Transpose
        or OptionsType.ExpandDims or OptionsType.MaximumMinimum or OptionsType.HardSwish;

    /// <summary>The union member that an options record is written as.</summary>
    public static OptionsType OptionsTypeOf(OperatorOptions options) => options switch
    {
        Conv2DOptions => OptionsType.Conv2D,
        DepthwiseConv2DOptions => OptionsType.DepthwiseConv2D,
        Pool2DOptions => OptionsType.Pool2D,
        FullyConnectedOptions => OptionsType.FullyConnected,
        SoftmaxOptions => OptionsType.Softmax,
        AddOptions => OptionsType.Add,
        ReshapeOptions => OptionsType.Reshape,
        DequantizeOptions => OptionsType.Dequantize,
        QuantizeOptions => OptionsType.Quantize,
        SvdfOptions => OptionsType.Svdf,
        ConcatenationOptions => OptionsType.Concatenation,
        MulOptions => OptionsType.Mul,
        ReducerOptions => OptionsType.Reducer,
        SubOptions => OptionsType.Sub,
        SqueezeOptions => OptionsType.Squeeze,
        StridedSliceOptions => OptionsType.StridedSlice,
        SplitOptions => OptionsType.Split,
        TransposeConvOptions => OptionsType.TransposeConv,
        PackOptions => OptionsType.Pack,
        UnpackOptions => OptionsType.Unpack,
        UnidirectionalSequenceLstmOptions => OptionsType.UnidirectionalSequenceLstm,
        ResizeNearestNeighborOptions => OptionsType.ResizeNearestNeighbor,
        LeakyReluOptions => OptionsType.LeakyRelu,
        _ => OptionsType.None,
    };

    /// <summary>Option table field ids.</summary>
    internal static class Conv2D
    {
        public const int Padding = 0, StrideW = 1, StrideH = 2, Activation = 3, DilationW = 4, DilationH = 5, FieldCount = 6;
    }

    internal static class DepthwiseConv2D
    {
        public const int Padding = 0, StrideW = 1, StrideH = 2, DepthMultiplier = 3, Activation = 4, DilationW = 5, DilationH = 6, FieldCount = 7;
    }

    internal static class Pool2D
    {
        public const int Padding = 0, StrideW = 1, StrideH = 2, FilterWidth = 3, FilterHeight = 4, Activation = 5, FieldCount = 6;
    }

    internal static class FullyConnected
    {
        public const int Activation = 0, WeightsFormat = 1, KeepNumDims = 2, AsymmetricQuantizeInputs = 3, FieldCount = 4;
    }

    internal static class Softmax
    {
        public const int Beta = 0, FieldCount = 1;
    }

    internal static class Add
    {
        public const int Activation = 0, PotScaleInt16 = 1, FieldCount = 2;
    }

    internal static class Reshape
    {
        public const int NewShape = 0, FieldCount = 1;
    }

    internal static class Svdf
    {
        public const int Rank = 0, Activation = 1, AsymmetricQuantizeInputs = 2, FieldCount = 3;
    }

    internal static class Concatenation
    {
        public const int Axis = 0, Activation = 1, FieldCount = 2;
    }

    /// <summary>MulOptions: its only field.</summary>
    internal static class Mul
    {
        public const int Activation = 0, FieldCount = 1;
    }

    internal static class Sub
    {
        public const int Activation = 0, PotScaleInt16 = 1, FieldCount = 2;
    }

    internal static class Reducer
    {
        public const int KeepDims = 0, FieldCount = 1;
    }

    internal static class Squeeze
    {
        public const int SqueezeDims = 0, FieldCount = 1;
    }

    internal static class StridedSlice
    {
        public const int BeginMask = 0, EndMask = 1, EllipsisMask = 2, NewAxisMask = 3, ShrinkAxisMask = 4, Offset = 5, FieldCount = 6;
    }

    internal static class Split
    {
        public const int NumSplits = 0, FieldCount = 1;
    }

    internal static class Pack
    {
        public const int ValuesCount = 0, Axis = 1, FieldCount = 2;
    }

    internal static class Unpack
    {
        public const int Num = 0, Axis = 1, FieldCount = 2;
    }

    internal static class LeakyRelu
    {
        public const int Alpha = 0, FieldCount = 1;
    }

    internal static class ResizeNearestNeighbor
    {
        public const int AlignCorners = 0, HalfPixelCenters = 1, FieldCount = 2;
    }

    internal static class TransposeConv
    {
        public const int Padding = 0, StrideW = 1, StrideH = 2, Activation = 3, FieldCount = 4;
    }

    internal static class UnidirectionalSequenceLstm
    {
        public const int Activation = 0, CellClip = 1, ProjClip = 2, TimeMajor = 3, AsymmetricQuantizeInputs = 4, FieldCount = 5;
    }
}
