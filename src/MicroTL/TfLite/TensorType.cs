namespace MicroTL.TfLite;

/// <summary>Element type of a tensor; the values are the TFLite schema's <c>TensorType</c> codes.</summary>
public enum TensorType : byte
{
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    String = 5,
    Bool = 6,
    Int16 = 7,
    Complex64 = 8,
    Int8 = 9,
    Float64 = 10,
}

/// <summary>Sizes of the tensor element types the engine understands.</summary>
public static class TensorTypeInfo
{
    /// <summary>Bytes per element, or 0 when the type has no fixed size (string) or is unknown.</summary>
    public static int ElementBytes(TensorType type) => type switch
    {
        TensorType.Float32 or TensorType.Int32 => 4,
        TensorType.Float16 or TensorType.Int16 => 2,
        TensorType.UInt8 or TensorType.Int8 or TensorType.Bool => 1,
        TensorType.Int64 or TensorType.Float64 or TensorType.Complex64 => 8,
        _ => 0,
    };
}
