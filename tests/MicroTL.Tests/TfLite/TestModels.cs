// Small in-memory models and byte-patching helpers for reader and writer tests.
using System.Buffers.Binary;
using MicroTL.TfLite;
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.Tests.TfLite;

/// <summary>Hand-made models and helpers to locate and overwrite fields of model files.</summary>
internal static class TestModels
{
    /// <summary>
    /// One FULLY_CONNECTED: input t0 int8 [1, 4], weights t1 int8 [2, 4] (buffer 1), bias t2 int32 [2]
    /// (buffer 2), output t3 int8 [1, 2].
    /// </summary>
    public static TfLiteModel FullyConnected()
    {
        var q = new QuantizationParams([0.5f], [0]);
        TensorInfo[] tensors =
        [
            new("input", TensorType.Int8, [1, 4], 0, q),
            new("weights", TensorType.Int8, [2, 4], 1, q),
            new("bias", TensorType.Int32, [2], 2, new QuantizationParams([0.25f], [0])),
            new("output", TensorType.Int8, [1, 2], 0, q),
        ];
        OperatorInfo[] operators = [new(0, [0, 1, 2], [3], new FullyConnectedOptions(ActivationFunction.Relu))];
        ReadOnlyMemory<byte>[] buffers = [ReadOnlyMemory<byte>.Empty, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new byte[8]];
        return new TfLiteModel(
            3, [new OperatorCode(BuiltinOperator.FullyConnected, 4)],
            [new Subgraph(tensors, operators, [0], [3], "main")], buffers, "test");
    }

    /// <summary><see cref="FullyConnected"/> with tensor <paramref name="index"/> replaced.</summary>
    public static TfLiteModel WithTensor(this TfLiteModel model, int index, Func<TensorInfo, TensorInfo> change)
    {
        TensorInfo[] tensors = [.. model.MainSubgraph.Tensors];
        tensors[index] = change(tensors[index]);
        return model with { Subgraphs = [model.MainSubgraph with { Tensors = tensors }] };
    }

    /// <summary>The model with its single operator replaced.</summary>
    public static TfLiteModel WithOperator(this TfLiteModel model, OperatorInfo op, BuiltinOperator code)
    {
        return model with
        {
            OperatorCodes = [new OperatorCode(code)],
            Subgraphs = [model.MainSubgraph with { Operators = [op] }],
        };
    }

    /// <summary>A copy of a file of the shared models folder.</summary>
    public static byte[] Load(string fileName) => File.ReadAllBytes(TestFixtures.Model(fileName));

    /// <summary>Tensor <paramref name="index"/> of subgraph 0 as a located table.</summary>
    public static FlatTable Tensor(byte[] bytes, int index) =>
        Subgraph0(bytes).GetVector(S.SubGraph.Tensors, 4, "tensors").TableAt(index, "tensor");

    /// <summary>Operator <paramref name="index"/> of subgraph 0 as a located table.</summary>
    public static FlatTable Operator(byte[] bytes, int index) =>
        Subgraph0(bytes).GetVector(S.SubGraph.Operators, 4, "operators").TableAt(index, "operator");

    /// <summary>Operator code <paramref name="index"/> as a located table.</summary>
    public static FlatTable OperatorCode(byte[] bytes, int index) =>
        new FlatBufferReader(bytes).Root().GetVector(S.Model.OperatorCodes, 4, "codes").TableAt(index, "code");

    /// <summary>Position of the length prefix of the vector that a table's field refers to.</summary>
    public static int VectorLengthPos(byte[] bytes, FlatTable table, int field) =>
        new FlatBufferReader(bytes).Deref(table.FieldPos(field, 4), "vector");

    public static void PutInt32(byte[] bytes, int pos, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(pos), value);

    public static void PutUInt32(byte[] bytes, int pos, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(pos), value);

    private static FlatTable Subgraph0(byte[] bytes) =>
        new FlatBufferReader(bytes).Root().GetVector(S.Model.Subgraphs, 4, "subgraphs").TableAt(0, "subgraph");
}
