// Writes the FULLY_CONNECTED model of TestModels with the schema's less common parts that converters emit and
// TfLiteWriter never writes (shape signatures, metadata, signature defs, a second subgraph, sparsity, buffers with
// external data, custom options on a builtin, intermediates), so the reader can be held to what TFLM accepts.
using MicroTL.TfLite;
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.Tests.TfLite;

/// <summary>The parts to add to the model; every one is off by default.</summary>
internal sealed record OddParts
{
    /// <summary>shape_signature [-1, 4] on the input (a dynamic batch).</summary>
    public bool ShapeSignature { get; init; }

    /// <summary>A "min_runtime_version" metadata entry and a metadata_buffer list.</summary>
    public bool Metadata { get; init; }

    /// <summary>A signature def "serving_default" naming the input and output.</summary>
    public bool SignatureDef { get; init; }

    /// <summary>A second subgraph (a copy of the first), as a model with several signatures has.</summary>
    public bool SecondSubgraph { get; init; }

    /// <summary>Sparsity parameters on the weights; <see cref="SparseWeightBytes"/> is what their buffer holds.</summary>
    public bool SparseWeights { get; init; }

    /// <summary>Bytes of the sparse weights' buffer (8, the dense size, by default).</summary>
    public int SparseWeightBytes { get; init; } = 8;

    /// <summary>The weights' data after the flatbuffer, addressed by the buffer's offset and size (models over 2 GB).</summary>
    public bool ExternalWeights { get; init; }

    /// <summary>custom_options on the FULLY_CONNECTED operator.</summary>
    public bool CustomOptionsOnBuiltin { get; init; }

    /// <summary>An intermediate tensor of this shape on the operator (LSTM's calibration tensors are [0]).</summary>
    public int[]? IntermediateShape { get; init; }

    /// <summary>A tensor that no operator reads or writes.</summary>
    public bool UnusedTensor { get; init; }
}

/// <summary>Writes <c>TestModels.FullyConnected()</c> with <see cref="OddParts"/>.</summary>
internal static class OddModelWriter
{
    private static readonly byte[] Weights = [1, 2, 3, 4, 5, 6, 7, 8];

    public static byte[] Write(OddParts parts)
    {
        var b = new FlatBufferBuilder();
        // Buffers: 0 empty, 1 weights, 2 bias, 3 metadata.
        byte[] weights = parts.SparseWeights ? new byte[parts.SparseWeightBytes] : Weights;
        if (parts.SparseWeights) Weights.AsSpan(0, Math.Min(8, weights.Length)).CopyTo(weights);
        int[] buffers = [Buffer(b, []), parts.ExternalWeights ? 0 : Buffer(b, weights), Buffer(b, new byte[8]), Buffer(b, "1.14.0\0"u8)];
        int subgraph = Subgraph(b, parts), second = parts.SecondSubgraph ? Subgraph(b, parts with { SecondSubgraph = false }) : 0;

        b.StartTable(S.OperatorCode.FieldCount);
        b.AddInt32(S.OperatorCode.BuiltinCode, (int)BuiltinOperator.FullyConnected);
        b.AddByte(S.OperatorCode.DeprecatedBuiltinCode, (byte)BuiltinOperator.FullyConnected);
        int code = b.EndTable();

        int metadata = 0, metadataBuffer = 0, signatures = 0;
        if (parts.Metadata)
        {
            int name = b.CreateString("min_runtime_version");
            b.StartTable(2);
            b.AddOffset(0, name);
            b.AddUInt32(1, 3);
            metadata = b.CreateOffsetVector([b.EndTable()]);
            metadataBuffer = b.CreateInt32Vector([3]);
        }

        if (parts.SignatureDef)
        {
            int input = TensorMap(b, "x", 0), output = TensorMap(b, "y", 3);
            int inputs = b.CreateOffsetVector([input]), outputs = b.CreateOffsetVector([output]), key = b.CreateString("serving_default");
            b.StartTable(5);
            b.AddOffset(0, inputs);
            b.AddOffset(1, outputs);
            b.AddOffset(2, key);
            signatures = b.CreateOffsetVector([b.EndTable()]);
        }

        if (parts.ExternalWeights) buffers[1] = ExternalBuffer(b);
        int codes = b.CreateOffsetVector([code]);
        int subgraphs = b.CreateOffsetVector(parts.SecondSubgraph ? [subgraph, second] : [subgraph]);
        int bufferVector = b.CreateOffsetVector(buffers);
        b.StartTable(8);
        b.AddUInt32(S.Model.Version, 3);
        b.AddOffset(S.Model.OperatorCodes, codes);
        b.AddOffset(S.Model.Subgraphs, subgraphs);
        b.AddOffset(S.Model.Buffers, bufferVector);
        b.AddOffset(5, metadataBuffer);
        b.AddOffset(6, metadata);
        b.AddOffset(7, signatures);
        byte[] file = b.Finish(b.EndTable(), S.FileIdentifier);
        return parts.ExternalWeights ? PlaceExternalWeights(file) : file;
    }

    // The external buffer's offset is only known once the file is finished: it is written as a placeholder that
    // PlaceExternalWeights finds and overwrites with the file's length, then the data is appended.
    private const ulong OffsetPlaceholder = 0x0123_4567_89AB_CDEF;

    private static int ExternalBuffer(FlatBufferBuilder b)
    {
        b.StartTable(S.Buffer.FieldCount);
        b.AddUInt64(S.Buffer.Offset, OffsetPlaceholder);
        b.AddUInt64(S.Buffer.Size, (ulong)Weights.Length);
        return b.EndTable();
    }

    private static byte[] PlaceExternalWeights(byte[] file)
    {
        int at = file.AsSpan().IndexOf(BitConverter.GetBytes(OffsetPlaceholder));
        BitConverter.GetBytes((ulong)file.Length).CopyTo(file, at);
        return [.. file, .. Weights];
    }

    private static int Buffer(FlatBufferBuilder b, ReadOnlySpan<byte> data)
    {
        int vector = data.IsEmpty ? 0 : b.CreateByteVector(data, S.Buffer.DataAlignment);
        b.StartTable(S.Buffer.FieldCount);
        b.AddOffset(S.Buffer.Data, vector);
        return b.EndTable();
    }

    private static int TensorMap(FlatBufferBuilder b, string name, int tensor)
    {
        int text = b.CreateString(name);
        b.StartTable(2);
        b.AddOffset(0, text);
        b.AddUInt32(1, (uint)tensor);
        return b.EndTable();
    }

    private static int Subgraph(FlatBufferBuilder b, OddParts parts)
    {
        var tensors = new List<int>
        {
            Tensor(b, "x", TensorType.Int8, [1, 4], 0, signature: parts.ShapeSignature ? [-1, 4] : null),
            Tensor(b, "w", TensorType.Int8, [2, 4], 1, sparse: parts.SparseWeights),
            Tensor(b, "b", TensorType.Int32, [2], 2, scale: 0.25f),
            Tensor(b, "y", TensorType.Int8, [1, 2], 0),
        };
        int intermediate = -1;
        if (parts.IntermediateShape is { } shape)
        {
            intermediate = tensors.Count;
            tensors.Add(Tensor(b, "intermediate", TensorType.Float32, shape, 0, scale: 0));
        }

        if (parts.UnusedTensor) tensors.Add(Tensor(b, "unused", TensorType.Int8, [64], 0));
        int tensorVector = b.CreateOffsetVector([.. tensors]);
        int inputs = b.CreateInt32Vector([0]), outputs = b.CreateInt32Vector([3]);

        int opInputs = b.CreateInt32Vector([0, 1, 2]), opOutputs = b.CreateInt32Vector([3]);
        int customOptions = parts.CustomOptionsOnBuiltin ? b.CreateByteVector([1, 2, 3], 1) : 0;
        int intermediates = intermediate >= 0 ? b.CreateInt32Vector([intermediate]) : 0;
        b.StartTable(S.FullyConnected.FieldCount);
        b.AddByte(S.FullyConnected.Activation, (byte)ActivationFunction.Relu);
        int options = b.EndTable();
        b.StartTable(9);
        b.AddOffset(S.Operator.Inputs, opInputs);
        b.AddOffset(S.Operator.Outputs, opOutputs);
        b.AddByte(S.Operator.BuiltinOptionsType, 8); // FullyConnectedOptions
        b.AddOffset(S.Operator.BuiltinOptions, options);
        b.AddOffset(S.Operator.CustomOptions, customOptions);
        b.AddOffset(S.Operator.Intermediates, intermediates);
        int op = b.CreateOffsetVector([b.EndTable()]);
        int name = b.CreateString("main");

        b.StartTable(S.SubGraph.FieldCount);
        b.AddOffset(S.SubGraph.Tensors, tensorVector);
        b.AddOffset(S.SubGraph.Inputs, inputs);
        b.AddOffset(S.SubGraph.Outputs, outputs);
        b.AddOffset(S.SubGraph.Operators, op);
        b.AddOffset(S.SubGraph.Name, name);
        return b.EndTable();
    }

    private static int Tensor(FlatBufferBuilder b, string name, TensorType type, int[] shape, int buffer,
        float scale = 0.5f, int[]? signature = null, bool sparse = false)
    {
        int shapeVector = b.CreateInt32Vector(shape), text = b.CreateString(name);
        int signatureVector = signature is null ? 0 : b.CreateInt32Vector(signature);
        int quantization = 0;
        if (scale > 0)
        {
            int scales = b.CreateFloatVector([scale]), zeroPoints = b.CreateInt64Vector([0]);
            b.StartTable(S.Quantization.FieldCount);
            b.AddOffset(S.Quantization.Scale, scales);
            b.AddOffset(S.Quantization.ZeroPoint, zeroPoints);
            quantization = b.EndTable();
        }

        int sparsity = 0;
        if (sparse)
        {
            int order = b.CreateInt32Vector([0, 1]);
            b.StartTable(3);
            b.AddOffset(0, order);
            sparsity = b.EndTable();
        }

        b.StartTable(8);
        b.AddOffset(S.Tensor.Shape, shapeVector);
        b.AddUInt32(S.Tensor.Buffer, (uint)buffer);
        b.AddOffset(S.Tensor.Name, text);
        b.AddOffset(S.Tensor.Quantization, quantization);
        b.AddOffset(S.Tensor.Sparsity, sparsity);
        b.AddOffset(7, signatureVector);
        b.AddByte(S.Tensor.Type, (byte)type);
        return b.EndTable();
    }
}
