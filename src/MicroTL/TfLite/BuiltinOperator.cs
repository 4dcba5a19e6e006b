namespace MicroTL.TfLite;

/// <summary>
/// The builtin operators the engine knows by name; the values are the TFLite schema's <c>BuiltinOperator</c>
/// codes. Any other code is kept as its number (<see cref="BuiltinOperatorNames"/> still names it) and refused by
/// the interpreter.
/// </summary>
public enum BuiltinOperator
{
    Add = 0,
    AveragePool2D = 1,
    Concatenation = 2,
    Conv2D = 3,
    DepthwiseConv2D = 4,
    Dequantize = 6,
    FullyConnected = 9,
    Logistic = 14,
    MaxPool2D = 17,
    Mul = 18,
    Relu = 19,
    Relu6 = 21,
    Reshape = 22,
    Softmax = 25,
    Svdf = 27,
    Tanh = 28,
    Custom = 32,
    Pad = 34,
    Transpose = 39,
    Mean = 40,
    Sub = 41,
    Squeeze = 43,
    UnidirectionalSequenceLstm = 44,
    StridedSlice = 45,
    Split = 49,
    Prelu = 54,
    Maximum = 55,
    Minimum = 57,
    PadV2 = 60,
    TransposeConv = 67,
    ExpandDims = 70,
    Pack = 83,
    Unpack = 88,
    ResizeNearestNeighbor = 97,
    LeakyRelu = 98,
    Quantize = 114,
    HardSwish = 117,
}
