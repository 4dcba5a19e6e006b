namespace MicroTL.TfLite;

/// <summary>Padding of a windowed op (schema <c>Padding</c>).</summary>
public enum Padding : byte { Same = 0, Valid = 1 }

/// <summary>Fused activation of an op (schema <c>ActivationFunctionType</c>).</summary>
public enum ActivationFunction : byte
{
    None = 0,
    Relu = 1,
    ReluN1To1 = 2,
    Relu6 = 3,
    Tanh = 4,
    SignBit = 5,
}

/// <summary>Builtin options of an operator; one record per options table of the schema that we use.</summary>
public abstract record OperatorOptions;

/// <summary>Schema <c>Conv2DOptions</c>.</summary>
public sealed record Conv2DOptions(
    Padding Padding, int StrideW, int StrideH, ActivationFunction Activation,
    int DilationW = 1, int DilationH = 1) : OperatorOptions;

/// <summary>Schema <c>DepthwiseConv2DOptions</c>.</summary>
public sealed record DepthwiseConv2DOptions(
    Padding Padding, int StrideW, int StrideH, int DepthMultiplier, ActivationFunction Activation,
    int DilationW = 1, int DilationH = 1) : OperatorOptions;

/// <summary>Schema <c>FullyConnectedOptions</c> (weights format 0 = DEFAULT is the only one run).</summary>
public sealed record FullyConnectedOptions(
    ActivationFunction Activation, int WeightsFormat = 0, bool KeepNumDims = false,
    bool AsymmetricQuantizeInputs = false) : OperatorOptions;

/// <summary>Schema <c>Pool2DOptions</c>, for AVERAGE_POOL_2D and MAX_POOL_2D.</summary>
public sealed record Pool2DOptions(
    Padding Padding, int StrideW, int StrideH, int FilterWidth, int FilterHeight,
    ActivationFunction Activation) : OperatorOptions;

/// <summary>Schema <c>SoftmaxOptions</c>.</summary>
public sealed record SoftmaxOptions(float Beta) : OperatorOptions;

/// <summary>Schema <c>ReshapeOptions</c>; <see cref="NewShape"/> may be empty when the shape comes from the second input.</summary>
public sealed record ReshapeOptions(int[] NewShape) : OperatorOptions;

/// <summary>Schema <c>AddOptions</c>.</summary>
public sealed record AddOptions(ActivationFunction Activation, bool PotScaleInt16 = true) : OperatorOptions;

/// <summary>Schema <c>QuantizeOptions</c> (an empty table).</summary>
public sealed record QuantizeOptions : OperatorOptions;

/// <summary>Schema <c>DequantizeOptions</c> (an empty table).</summary>
public sealed record DequantizeOptions : OperatorOptions;

/// <summary>Schema <c>ConcatenationOptions</c>: the axis to join along (negative counts from the end).</summary>
public sealed record ConcatenationOptions(int Axis, ActivationFunction Activation) : OperatorOptions;

/// <summary>Schema <c>MulOptions</c>.</summary>
public sealed record MulOptions(ActivationFunction Activation) : OperatorOptions;

/// <summary>Schema <c>SubOptions</c>.</summary>
public sealed record SubOptions(ActivationFunction Activation, bool PotScaleInt16 = true) : OperatorOptions;

/// <summary>Schema <c>ReducerOptions</c> (MEAN and the other reductions).</summary>
public sealed record ReducerOptions(bool KeepDims) : OperatorOptions;

/// <summary>Schema <c>SqueezeOptions</c>; empty <see cref="SqueezeDims"/> squeezes every dimension of size 1.</summary>
public sealed record SqueezeOptions(int[] SqueezeDims) : OperatorOptions;

/// <summary>Schema <c>StridedSliceOptions</c>: bit masks over the dimensions.</summary>
public sealed record StridedSliceOptions(
    int BeginMask, int EndMask, int EllipsisMask, int NewAxisMask, int ShrinkAxisMask, bool Offset = false) : OperatorOptions;

/// <summary>Schema <c>SplitOptions</c>.</summary>
public sealed record SplitOptions(int NumSplits) : OperatorOptions;

/// <summary>Schema <c>PackOptions</c>.</summary>
public sealed record PackOptions(int ValuesCount, int Axis) : OperatorOptions;

/// <summary>Schema <c>UnpackOptions</c>.</summary>
public sealed record UnpackOptions(int Num, int Axis) : OperatorOptions;

/// <summary>Schema <c>LeakyReluOptions</c>: <c>y = x</c> for x ≥ 0, <c>alpha · x</c> below.</summary>
public sealed record LeakyReluOptions(float Alpha) : OperatorOptions;

/// <summary>Schema <c>ResizeNearestNeighborOptions</c>.</summary>
public sealed record ResizeNearestNeighborOptions(bool AlignCorners, bool HalfPixelCenters) : OperatorOptions;

/// <summary>Schema <c>TransposeConvOptions</c>.</summary>
public sealed record TransposeConvOptions(Padding Padding, int StrideW, int StrideH, ActivationFunction Activation = ActivationFunction.None) : OperatorOptions;

/// <summary>Schema <c>UnidirectionalSequenceLSTMOptions</c>; a clip of 0 means no clipping.</summary>
public sealed record UnidirectionalSequenceLstmOptions(
    ActivationFunction Activation, float CellClip = 0, float ProjClip = 0, bool TimeMajor = false,
    bool AsymmetricQuantizeInputs = false) : OperatorOptions;

/// <summary>Schema <c>SVDFOptions</c>.</summary>
public sealed record SvdfOptions(int Rank, ActivationFunction Activation, bool AsymmetricQuantizeInputs = false) : OperatorOptions;

/// <summary>An options table without fields (PAD, PADV2, TRANSPOSE, EXPAND_DIMS, MAXIMUM, MINIMUM, HARD_SWISH): the code says which.</summary>
public sealed record EmptyOptions : OperatorOptions;
