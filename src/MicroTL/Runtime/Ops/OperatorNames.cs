// Schema names of the builtin operators, for messages and reports.
using MicroTL.TfLite;

namespace MicroTL.Runtime.Ops;

/// <summary>Schema names of builtin operators, for messages.</summary>
public static class OperatorNames
{
    /// <summary>The schema name (e.g. FULLY_CONNECTED), or BUILTIN_n for a code without a name here.</summary>
    public static string Of(BuiltinOperator code) => code switch
    {
        BuiltinOperator.Add => "ADD",
        BuiltinOperator.AveragePool2D => "AVERAGE_POOL_2D",
        BuiltinOperator.Conv2D => "CONV_2D",
        BuiltinOperator.DepthwiseConv2D => "DEPTHWISE_CONV_2D",
        BuiltinOperator.Dequantize => "DEQUANTIZE",
        BuiltinOperator.FullyConnected => "FULLY_CONNECTED",
        BuiltinOperator.MaxPool2D => "MAX_POOL_2D",
        BuiltinOperator.Reshape => "RESHAPE",
        BuiltinOperator.Softmax => "SOFTMAX",
        BuiltinOperator.Quantize => "QUANTIZE",
        _ => $"BUILTIN_{(int)code}",
    };
}
