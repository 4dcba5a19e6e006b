// Files that are not well-formed FlatBuffers: wrong identifier, truncation, offsets, vector and
// string lengths past the end, aliasing that would amplify memory; each must fail naming the offset.
using MicroTL.TfLite;
using S = MicroTL.TfLite.TfLiteSchema;

namespace MicroTL.Tests.TfLite;

public class TfLiteReaderMalformedTests
{
    private const string MicroSpeech = "micro_speech_quantized.tflite"; // 18800 bytes

    [Fact]
    public void Read_EmptyInput_ThrowsNamingMinimumLength()
    {
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(Array.Empty<byte>()));
        Assert.Contains("file is 0 bytes", error.Message);
        Assert.Contains("at least 8", error.Message);
    }

    [Fact]
    public void Read_WrongIdentifier_ThrowsNamingIdentifier()
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        "ABCD"u8.CopyTo(bytes.AsSpan(4));
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal("offset 4: file identifier is 'ABCD' (41424344), expected 'TFL3': not a TFLite model", error.Message);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(100)]
    [InlineData(9400)]
    [InlineData(18799)]
    public void Read_TruncatedFile_ThrowsNamingOffset(int length)
    {
        byte[] bytes = TestModels.Load(MicroSpeech)[..length];
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.StartsWith("offset ", error.Message);
        Assert.Contains($"({length} bytes)", error.Message);
    }

    [Fact]
    public void Read_RootOffsetPastEnd_ThrowsNamingRootOffset()
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        TestModels.PutUInt32(bytes, 0, 0xFFFFFFF0);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal("offset 0: root table offset points to 4294967280, past end of file (18800 bytes)", error.Message);
    }

    [Fact]
    public void Read_VtableOffsetOutsideFile_ThrowsNamingVtable()
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        int root = BitConverter.ToInt32(bytes, 0);
        TestModels.PutInt32(bytes, root, int.MinValue);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Contains($"offset {root}: table's vtable at", error.Message);
        Assert.Contains("is outside the file", error.Message);
    }

    [Theory]
    [InlineData(4000000u, "vector of 4000000 int32 (shape) runs past end of file (18800 bytes)")]
    [InlineData(0xFFFFFFFFu, "vector of 4294967295 int32 (shape) runs past end of file (18800 bytes)")]
    [InlineData(0x80000000u, "vector of 2147483648 int32 (shape) runs past end of file (18800 bytes)")]
    public void Read_ShapeVectorLengthPastEnd_ThrowsNamingCountAndOffset(uint length, string expected)
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        int pos = TestModels.VectorLengthPos(bytes, TestModels.Tensor(bytes, 7), S.Tensor.Shape);
        TestModels.PutUInt32(bytes, pos, length);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal($"offset {pos}: {expected}", error.Message);
    }

    [Fact]
    public void Read_StringLengthPastEnd_ThrowsNamingString()
    {
        byte[] bytes = TestModels.Load(MicroSpeech);
        int pos = TestModels.VectorLengthPos(bytes, TestModels.Tensor(bytes, 2), S.Tensor.Name);
        TestModels.PutInt32(bytes, pos, int.MaxValue);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Equal($"offset {pos}: vector of {int.MaxValue} string bytes runs past end of file (18800 bytes)", error.Message);
    }

    [Fact]
    public void Read_ExternalBufferPastEnd_ThrowsNamingOffsetAndSize()
    {
        byte[] bytes = ExternalBufferModel(offset: 0x12345678, size: 16);
        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.EndsWith($"buffer 1: external data at offset {0x12345678}, size 16 runs past end of file ({bytes.Length} bytes)", error.Message);
    }

    [Fact]
    public void Read_ExternalBufferInsideFile_IsSliceOfFile()
    {
        // Any nonzero offset gives the same layout, so the length is known before the real offset.
        int length = ExternalBufferModel(offset: ulong.MaxValue, size: 4).Length;
        byte[] bytes = [.. ExternalBufferModel(offset: (ulong)length, size: 4), 1, 2, 3, 4];
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, TfLiteReader.Read(bytes).Buffers[1].ToArray());
    }

    [Fact]
    public void Read_AliasedTablesAmplifyingData_ThrowsBeforeAllocating()
    {
        // 2000 tensor entries share one tensor whose name is 2000 bytes: 4 MB of names from an 18 kB file.
        var builder = new FlatBufferBuilder();
        int name = builder.CreateString(new string('x', 2000));
        builder.StartTable(S.Tensor.FieldCount);
        builder.AddOffset(S.Tensor.Name, name);
        int tensor = builder.EndTable();
        int tensors = builder.CreateOffsetVector(Enumerable.Repeat(tensor, 2000).ToArray());
        builder.StartTable(S.SubGraph.FieldCount);
        builder.AddOffset(S.SubGraph.Tensors, tensors);
        int subgraphs = builder.CreateOffsetVector([builder.EndTable()]);
        builder.StartTable(S.Buffer.FieldCount);
        int buffers = builder.CreateOffsetVector([builder.EndTable()]);
        builder.StartTable(S.Model.FieldCount);
        builder.AddOffset(S.Model.Subgraphs, subgraphs);
        builder.AddOffset(S.Model.Buffers, buffers);
        byte[] bytes = builder.Finish(builder.EndTable(), "TFL3");

        var error = Assert.Throws<InvalidModelException>(() => TfLiteReader.Read(bytes));
        Assert.Contains($"decoding needs more elements than a {bytes.Length}-byte file can hold", error.Message);
    }

    /// <summary>A model whose buffer 1 is addressed by offset/size fields (as in files over 2 GB).</summary>
    private static byte[] ExternalBufferModel(ulong offset, ulong size)
    {
        var builder = new FlatBufferBuilder();
        int shape = builder.CreateInt32Vector([4]);
        builder.StartTable(S.Tensor.FieldCount);
        builder.AddOffset(S.Tensor.Shape, shape);
        builder.AddByte(S.Tensor.Type, (byte)TensorType.Int8);
        builder.AddUInt32(S.Tensor.Buffer, 1);
        int tensors = builder.CreateOffsetVector([builder.EndTable()]);
        builder.StartTable(S.SubGraph.FieldCount);
        builder.AddOffset(S.SubGraph.Tensors, tensors);
        int subgraphs = builder.CreateOffsetVector([builder.EndTable()]);
        builder.StartTable(S.Buffer.FieldCount);
        int empty = builder.EndTable();
        builder.StartTable(S.Buffer.FieldCount);
        builder.AddUInt64(S.Buffer.Offset, offset);
        builder.AddUInt64(S.Buffer.Size, size);
        int external = builder.EndTable();
        int buffers = builder.CreateOffsetVector([empty, external]);
        builder.StartTable(S.Model.FieldCount);
        builder.AddUInt32(S.Model.Version, 3);
        builder.AddOffset(S.Model.Subgraphs, subgraphs);
        builder.AddOffset(S.Model.Buffers, buffers);
        return builder.Finish(builder.EndTable(), "TFL3");
    }
}
