
namespace MicroTL.TfLite;

/// <summary>Operator names as the TFLite schema spells them (FULLY_CONNECTED), for reports.</summary>
public static class OperatorNames
{
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
