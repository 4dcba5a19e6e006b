// Tensors and their quantization: decoded, then checked against the rules TFLite's interpreter
// builder applies (shape, buffer index and size, scale/zero-point counts, channel axis).
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.TfLite;

public static partial class TfLiteReader
{
    /// <summary>More dimensions than any TFLite kernel handles; a longer shape is corruption.</summary>
    internal const int MaxRank = 16;

    private static TensorInfo ReadTensor(FlatTable table, string label, ReadOnlyMemory<byte>[] buffers)
    {
        string name = table.GetString(S.Tensor.Name, $"{label} name") ?? "";
        label = $"{label} '{name}'";

        FlatVector shapeVector = table.GetVector(S.Tensor.Shape, 4, "int32 (shape)");
        if (shapeVector.Count > MaxRank)
        {
            Fail($"{label}: rank {shapeVector.Count} exceeds {MaxRank}");
        }

        int[] shape = shapeVector.ToInt32Array();
        var type = (TensorType)table.GetByte(S.Tensor.Type);
        uint buffer = table.GetUInt32(S.Tensor.Buffer);
        bool isVariable = table.GetBool(S.Tensor.IsVariable);

        long bytes = CheckShape(shape, type, label);
        if (buffer >= (uint)buffers.Length)
        {
            Fail($"{label}: buffer {buffer} out of range ({buffers.Length} buffers)");
        }

        int dataBytes = buffers[buffer].Length;
        if (dataBytes != 0 && TensorTypeInfo.ElementBytes(type) != 0 && dataBytes != bytes)
        {
            Fail($"{label}: buffer {buffer} holds {dataBytes} bytes but {type} {Format(shape)} needs {bytes}");
        }

        QuantizationParams? quantization = null;
        if (table.GetTable(S.Tensor.Quantization, $"{label} quantization") is FlatTable q)
        {
            quantization = ReadQuantization(q, shape, label);
        }

        return new TensorInfo(name, type, shape, (int)buffer, quantization, isVariable);
    }

    /// <summary>Checks the dimensions and returns the tensor's byte size (0 for types without a fixed size).</summary>
    /// <remarks>Sizes are capped at <see cref="int.MaxValue"/> so that later element and byte counts cannot overflow.</remarks>
    private static long CheckShape(int[] shape, TensorType type, string label)
    {
        long elements = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                Fail($"{label}: dimension {i} of shape {Format(shape)} is negative");
            }

            elements *= shape[i];
            if (elements > int.MaxValue)
            {
                Fail($"{label}: shape {Format(shape)} has more than {int.MaxValue} elements");
            }
        }

        long bytes = elements * TensorTypeInfo.ElementBytes(type);
        if (bytes > int.MaxValue)
        {
            Fail($"{label}: {type} {Format(shape)} needs {bytes} bytes, more than {int.MaxValue}");
        }

        return bytes;
    }

    private static QuantizationParams? ReadQuantization(FlatTable table, int[] shape, string label)
    {
        FlatVector scaleVector = table.GetVector(S.Quantization.Scale, 4, "float (quantization scale)");
        if (scaleVector.Count == 0)
        {
            // TFLite treats a quantization table without scales (min/max only) as no quantization.
            return null;
        }

        FlatVector zeroPointVector = table.GetVector(S.Quantization.ZeroPoint, 8, "int64 (quantization zero_point)");
        if (zeroPointVector.Count != scaleVector.Count)
        {
            Fail($"{label}: quantization has {scaleVector.Count} scales but {zeroPointVector.Count} zero points");
        }

        int axis = table.GetInt32(S.Quantization.QuantizedDimension);
        bool axisValid = shape.Length == 0 ? axis == 0 : axis >= 0 && axis < shape.Length;
        if (!axisValid)
        {
            Fail($"{label}: quantized_dimension {axis} out of range for shape {Format(shape)}");
        }

        if (scaleVector.Count > 1 && (shape.Length == 0 || shape[axis] != scaleVector.Count))
        {
            Fail($"{label}: {scaleVector.Count} per-channel scales but dimension {axis} of shape {Format(shape)} is not {scaleVector.Count}");
        }

        return new QuantizationParams(scaleVector.ToFloatArray(), zeroPointVector.ToInt64Array(), axis);
    }

    private static string Format(int[] shape) => $"[{string.Join(", ", shape)}]";
}
