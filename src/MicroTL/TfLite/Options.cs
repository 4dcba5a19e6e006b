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
