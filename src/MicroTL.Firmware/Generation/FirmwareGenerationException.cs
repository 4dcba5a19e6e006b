// Thrown when a model the C# engine runs cannot be turned into firmware: an operator or type the C
// interpreter lacks. (A model the C# engine itself refuses surfaces as its InvalidModelException.)
namespace MicroTL.Firmware.Generation;

/// <summary>The firmware's C interpreter cannot run the model; the message names the operator, its index and the type.</summary>
public sealed class FirmwareGenerationException : Exception
{
    /// <summary>Creates the exception for operator <paramref name="operatorIndex"/>.</summary>
    public FirmwareGenerationException(int operatorIndex, string operatorName, string typeName, string message) : base(message)
    {
        OperatorIndex = operatorIndex;
        OperatorName = operatorName;
        TypeName = typeName;
    }

    /// <summary>The operator's place in execution order.</summary>
    public int OperatorIndex { get; }

    /// <summary>Its schema name, e.g. CONV_2D.</summary>
    public string OperatorName { get; }

    /// <summary>The tensor type it has and the C interpreter lacks, e.g. FLOAT32.</summary>
    public string TypeName { get; }
}
