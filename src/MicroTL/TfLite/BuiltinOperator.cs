namespace MicroTL.TfLite;

/// <summary>
/// The builtin operators the engine knows by name; the values are the TFLite schema's
/// <c>BuiltinOperator</c> codes. Any other code is kept as its number and refused by the interpreter.
/// </summary>
public enum BuiltinOperator
{
    Add = 0,
    AveragePool2D = 1,
    Conv2D = 3,
    DepthwiseConv2D = 4,
    Dequantize = 6,
    FullyConnected = 9,
    MaxPool2D = 17,
    Reshape = 22,
    Softmax = 25,
    Quantize = 114,
}
