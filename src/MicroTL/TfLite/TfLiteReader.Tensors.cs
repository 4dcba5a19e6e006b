// Tensors and their quantization: decoded, then checked against the rules TFLM's allocator applies (shape,
// buffer index and size); quantization is read as TFLM reads it, its channel axis left to the operators.
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
            if (table.Has(S.Tensor.Sparsity))
            {
                // TFLM has no sparse kernels: it reads every constant as dense, which this one cannot be.
                Fail($"{label}: sparse tensor (sparsity parameters) whose buffer {buffer} holds {dataBytes} bytes, not the {bytes} of dense {type} {Format(shape)}; TFLM and this engine run dense tensors only");
            }

            Fail($"{label}: buffer {buffer} holds {dataBytes} bytes but {type} {Format(shape)} needs {bytes}");
        }

        QuantizationParams? quantization = null;
        if (table.GetTable(S.Tensor.Quantization, $"{label} quantization") is FlatTable q)
        {
            quantization = ReadQuantization(q);
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

    /// <summary>A tensor's affine quantization, or null when it has none.</summary>
    /// <remarks>
    /// As TFLM's <c>InitializeTfLiteTensorFromFlatbuffer</c>: a table without scales or without zero points is no
    /// quantization; when the zero points are fewer or more than the scales, every channel takes the first (weights
    /// often carry one zero point for all their channels). <c>quantized_dimension</c> is kept as written and not
    /// checked here: older converters write the filter's axis into the 1-D per-channel bias, which TFLM never reads;
    /// the operators that use a per-channel axis check it at Prepare.
    /// </remarks>
    private static QuantizationParams? ReadQuantization(FlatTable table)
    {
        FlatVector scaleVector = table.GetVector(S.Quantization.Scale, 4, "float (quantization scale)");
        FlatVector zeroPointVector = table.GetVector(S.Quantization.ZeroPoint, 8, "int64 (quantization zero_point)");
        if (scaleVector.Count == 0 || zeroPointVector.Count == 0)
        {
            // TFLite treats a quantization table without scales (min/max only) or zero points as no quantization.
            return null;
        }

        float[] scales = scaleVector.ToFloatArray();
        long[] zeroPoints = zeroPointVector.ToInt64Array();
        if (zeroPoints.Length != scales.Length)
        {
            long first = zeroPoints[0];
            zeroPoints = new long[scales.Length];
            Array.Fill(zeroPoints, first);
        }

        return new QuantizationParams(scales, zeroPoints, table.GetInt32(S.Quantization.QuantizedDimension));
    }

    private static string Format(int[] shape) => $"[{string.Join(", ", shape)}]";
}
