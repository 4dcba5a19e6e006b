// Writes a TfLiteModel as a "TFL3" flatbuffer that TFLite, TFLM and flatc read: constant data
// inline and 16-byte aligned, operator codes in both the old byte field and the int32 field.
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.TfLite;

/// <summary>Serializes models to the TensorFlow Lite flatbuffer format.</summary>
public static partial class TfLiteWriter
{
    /// <summary>Serializes <paramref name="model"/>; <c>TfLiteReader.Read</c> of the result equals the model.</summary>
    /// <param name="model">The model; options must be of the type the operator's code expects.</param>
    /// <returns>The file bytes.</returns>
    /// <exception cref="ArgumentException">An operator code or tensor buffer index is negative, an opcode index is out of range, or an operator carries options of another operator or a weights format over 255.</exception>
    public static byte[] Write(TfLiteModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long dataBytes = 0;
        foreach (ReadOnlyMemory<byte> buffer in model.Buffers) dataBytes += buffer.Length + S.Buffer.DataAlignment;
        var builder = new FlatBufferBuilder((int)Math.Min(Array.MaxLength, dataBytes + 4096));

        // Buffers first: they are the bulk of the file and end up at its tail, after the metadata.
        var buffers = new int[model.Buffers.Count];
        for (int i = buffers.Length - 1; i >= 0; i--)
        {
            buffers[i] = WriteBuffer(builder, model.Buffers[i].Span);
        }

        var subgraphs = new int[model.Subgraphs.Count];
        for (int i = 0; i < subgraphs.Length; i++)
        {
            subgraphs[i] = WriteSubgraph(builder, model.Subgraphs[i], model.OperatorCodes);
        }

        var codes = new int[model.OperatorCodes.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = WriteOperatorCode(builder, model.OperatorCodes[i], i);
        }

        int description = model.Description is null ? 0 : builder.CreateString(model.Description);
        int codesVector = builder.CreateOffsetVector(codes);
        int subgraphsVector = builder.CreateOffsetVector(subgraphs);
        int buffersVector = builder.CreateOffsetVector(buffers);

        builder.StartTable(S.Model.FieldCount);
        builder.AddUInt32(S.Model.Version, model.Version);
        builder.AddOffset(S.Model.OperatorCodes, codesVector);
        builder.AddOffset(S.Model.Subgraphs, subgraphsVector);
        builder.AddOffset(S.Model.Description, description);
        builder.AddOffset(S.Model.Buffers, buffersVector);
        return builder.Finish(builder.EndTable(), S.FileIdentifier);
    }

    private static int WriteBuffer(FlatBufferBuilder builder, ReadOnlySpan<byte> data)
    {
        int vector = data.IsEmpty ? 0 : builder.CreateByteVector(data, S.Buffer.DataAlignment);
        builder.StartTable(S.Buffer.FieldCount);
        builder.AddOffset(S.Buffer.Data, vector);
        return builder.EndTable();
    }

    private static int WriteOperatorCode(FlatBufferBuilder builder, OperatorCode code, int index)
    {
        int value = (int)code.Code;
        if (value < 0)
        {
            throw new ArgumentException($"operator code {index}: builtin code {value} is negative.", nameof(code));
        }

        int custom = code.CustomCode is null ? 0 : builder.CreateString(code.CustomCode);
        builder.StartTable(S.OperatorCode.FieldCount);
        builder.AddInt32(S.OperatorCode.BuiltinCode, value);
        builder.AddInt32(S.OperatorCode.Version, code.Version, 1);
        builder.AddOffset(S.OperatorCode.CustomCode, custom);

        // Readers older than builtin_code only see this byte; 127 tells newer ones to look further.
        builder.AddByte(S.OperatorCode.DeprecatedBuiltinCode, (byte)Math.Min(value, S.OperatorCode.PlaceholderForGreaterOpCodes));
        return builder.EndTable();
    }

    private static int WriteSubgraph(FlatBufferBuilder builder, Subgraph subgraph, IReadOnlyList<OperatorCode> codes)
    {
        var tensors = new int[subgraph.Tensors.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i] = WriteTensor(builder, subgraph.Tensors[i]);
        }

        var operators = new int[subgraph.Operators.Count];
        for (int i = 0; i < operators.Length; i++)
        {
            operators[i] = WriteOperator(builder, subgraph.Operators[i], codes, i);
        }

        int tensorsVector = builder.CreateOffsetVector(tensors);
        int inputs = builder.CreateInt32Vector(subgraph.Inputs);
        int outputs = builder.CreateInt32Vector(subgraph.Outputs);
        int operatorsVector = builder.CreateOffsetVector(operators);
        int name = subgraph.Name is null ? 0 : builder.CreateString(subgraph.Name);

        builder.StartTable(S.SubGraph.FieldCount);
        builder.AddOffset(S.SubGraph.Tensors, tensorsVector);
        builder.AddOffset(S.SubGraph.Inputs, inputs);
        builder.AddOffset(S.SubGraph.Outputs, outputs);
        builder.AddOffset(S.SubGraph.Operators, operatorsVector);
        builder.AddOffset(S.SubGraph.Name, name);
        return builder.EndTable();
    }

    private static int WriteTensor(FlatBufferBuilder builder, TensorInfo tensor)
    {
        if (tensor.Buffer < 0)
        {
            throw new ArgumentException($"tensor '{tensor.Name}': buffer index {tensor.Buffer} is negative.", nameof(tensor));
        }

        int shape = builder.CreateInt32Vector(tensor.Shape);
        int name = builder.CreateString(tensor.Name);
        int quantization = tensor.Quantization is null ? 0 : WriteQuantization(builder, tensor.Quantization);

        builder.StartTable(S.Tensor.FieldCount);
        builder.AddOffset(S.Tensor.Shape, shape);
        builder.AddUInt32(S.Tensor.Buffer, (uint)tensor.Buffer);
        builder.AddOffset(S.Tensor.Name, name);
        builder.AddOffset(S.Tensor.Quantization, quantization);
        builder.AddByte(S.Tensor.Type, (byte)tensor.Type);
        builder.AddBool(S.Tensor.IsVariable, tensor.IsVariable);
        return builder.EndTable();
    }

    private static int WriteQuantization(FlatBufferBuilder builder, QuantizationParams quantization)
    {
        int scale = builder.CreateFloatVector(quantization.Scale);
        int zeroPoint = builder.CreateInt64Vector(quantization.ZeroPoint);
        builder.StartTable(S.Quantization.FieldCount);
        builder.AddOffset(S.Quantization.Scale, scale);
        builder.AddOffset(S.Quantization.ZeroPoint, zeroPoint);
        builder.AddInt32(S.Quantization.QuantizedDimension, quantization.QuantizedDimension);
        return builder.EndTable();
    }

    private static int WriteOperator(FlatBufferBuilder builder, OperatorInfo op, IReadOnlyList<OperatorCode> codes, int index)
    {
        if ((uint)op.OpcodeIndex >= (uint)codes.Count)
        {
            throw new ArgumentException($"op {index}: opcode index {op.OpcodeIndex} out of range ({codes.Count} operator codes).", nameof(op));
        }

        S.OptionsType optionsType = S.OptionsType.None;
        int options = 0;
        if (op.Options is not null)
        {
            BuiltinOperator code = codes[op.OpcodeIndex].Code;
            optionsType = op.Options is EmptyOptions ? S.OptionsTypeOf(code) : S.OptionsTypeOf(op.Options);
            if (optionsType == S.OptionsType.None || optionsType != S.OptionsTypeOf(code) ||
                (op.Options is EmptyOptions && !S.HasEmptyOptions(optionsType)))
            {
                throw new ArgumentException($"op {index}: {op.Options.GetType().Name} does not belong to operator {code}.", nameof(op));
            }

            options = WriteOptions(builder, op.Options);
        }

        int inputs = builder.CreateInt32Vector(op.Inputs);
        int outputs = builder.CreateInt32Vector(op.Outputs);
        builder.StartTable(S.Operator.FieldCount);
        builder.AddUInt32(S.Operator.OpcodeIndex, (uint)op.OpcodeIndex);
        builder.AddOffset(S.Operator.Inputs, inputs);
        builder.AddOffset(S.Operator.Outputs, outputs);
        builder.AddOffset(S.Operator.BuiltinOptions, options);
        builder.AddByte(S.Operator.BuiltinOptionsType, (byte)optionsType);
        return builder.EndTable();
    }
}
