// The FlatBuffers builder and checked reader on their own: values round-trip, defaults are left
// out, forced alignment holds from the file start, and corrupt vtables are reported by offset.
using System.Runtime.InteropServices;
using MicroTL.TfLite;

namespace MicroTL.Tests.TfLite;

public class FlatBufferBuilderTests
{
    [Fact]
    public void AddScalars_NonDefaultValues_ReadBack()
    {
        var builder = new FlatBufferBuilder(16);
        int name = builder.CreateString("héllo");
        int ints = builder.CreateInt32Vector([1, -2, int.MaxValue]);
        int longs = builder.CreateInt64Vector([long.MinValue, 5]);
        int floats = builder.CreateFloatVector([0.5f, float.NaN]);
        builder.StartTable(9);
        builder.AddInt32(0, -7);
        builder.AddUInt64(1, ulong.MaxValue);
        builder.AddFloat(2, -0f);
        builder.AddBool(3, true);
        builder.AddByte(4, 200);
        builder.AddOffset(5, name);
        builder.AddOffset(6, ints);
        builder.AddOffset(7, longs);
        builder.AddOffset(8, floats);
        int table = builder.EndTable();
        builder.StartTable(1);
        builder.AddOffset(0, table);
        int root = builder.EndTable();
        byte[] bytes = builder.Finish(root, "TEST");

        FlatTable read = new FlatBufferReader(bytes).Root().GetTable(0, "child")!.Value;
        Assert.Equal(-7, read.GetInt32(0));
        Assert.Equal(ulong.MaxValue, read.GetUInt64(1));
        Assert.True(float.IsNegative(read.GetFloat(2, 1f)));
        Assert.True(read.GetBool(3));
        Assert.Equal(200, read.GetByte(4));
        Assert.Equal("héllo", read.GetString(5, "name"));
        Assert.Equal([1, -2, int.MaxValue], read.GetVector(6, 4, "int32").ToInt32Array());
        Assert.Equal([long.MinValue, 5], read.GetVector(7, 8, "int64").ToInt64Array());
        Assert.Equal([0.5f, float.NaN], read.GetVector(8, 4, "float").ToFloatArray());
        Assert.Equal("TEST"u8.ToArray(), bytes[4..8]);
    }

    [Fact]
    public void AddScalars_DefaultValues_AreOmitted()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(3);
        builder.AddInt32(0, 1, defaultValue: 1);
        builder.AddBool(1, true, defaultValue: true);
        builder.AddFloat(2, 0f);
        byte[] bytes = builder.Finish(builder.EndTable(), "TEST");

        FlatTable table = new FlatBufferReader(bytes).Root();
        Assert.False(table.Has(0));
        Assert.False(table.Has(1));
        Assert.False(table.Has(2));
        Assert.Equal(1, table.GetInt32(0, 1));
    }

    [Fact]
    public void CreateByteVector_AfterAnySizedData_StartsOn16ByteBoundaryFromFileStart()
    {
        for (int before = 0; before < 40; before++)
        {
            var builder = new FlatBufferBuilder(8);
            int data = builder.CreateByteVector([1, 2, 3], 16);
            int text = builder.CreateString(new string('x', before));
            builder.StartTable(2);
            builder.AddOffset(0, data);
            builder.AddOffset(1, text);
            byte[] bytes = builder.Finish(builder.EndTable(), "TEST");

            ReadOnlyMemory<byte> slice = new FlatBufferReader(bytes).Root().GetVector(0, 1, "bytes").AsMemory();
            Assert.True(MemoryMarshal.TryGetArray(slice, out ArraySegment<byte> segment));
            Assert.Equal(0, segment.Offset % 16);
            Assert.Equal([1, 2, 3], slice.ToArray());
        }
    }

    [Fact]
    public void CreateString_Text_IsZeroTerminated()
    {
        var builder = new FlatBufferBuilder();
        int text = builder.CreateString("abc");
        builder.StartTable(1);
        builder.AddOffset(0, text);
        byte[] bytes = builder.Finish(builder.EndTable(), "TEST");

        var reader = new FlatBufferReader(bytes);
        int length = reader.Deref(reader.Root().FieldPos(0, 4), "string");
        Assert.Equal("abc\0"u8.ToArray(), bytes[(length + 4)..(length + 8)]);
    }

    [Fact]
    public void StartTable_WhileTableOpen_ThrowsInvalidOperationException()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);
        Assert.Throws<InvalidOperationException>(() => builder.StartTable(1));
    }

    [Fact]
    public void FieldPos_FieldOffsetPastTableSize_ThrowsNamingTableOffset()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);
        builder.AddInt32(0, 42);
        byte[] bytes = builder.Finish(builder.EndTable(), "TEST");
        var reader = new FlatBufferReader(bytes);
        int table = reader.Deref(0, "root");
        int vtable = table - BitConverter.ToInt32(bytes, table);
        bytes[vtable + 4] = 250; // field 0 now claims to sit 250 bytes into an 8-byte table

        var error = Assert.Throws<InvalidModelException>(() => new FlatBufferReader(bytes).Root().GetInt32(0));
        Assert.Equal($"offset {table}: field 0 at +250 (4 bytes) runs past its table (8 bytes)", error.Message);
    }

    [Fact]
    public void TableAt_OddVtableSize_ThrowsNamingVtableOffset()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);
        builder.AddInt32(0, 42);
        byte[] bytes = builder.Finish(builder.EndTable(), "TEST");
        int table = BitConverter.ToInt32(bytes, 0);
        int vtable = table - BitConverter.ToInt32(bytes, table);
        bytes[vtable] = 5;

        var error = Assert.Throws<InvalidModelException>(() => new FlatBufferReader(bytes).Root());
        Assert.StartsWith($"offset {vtable}: vtable size 5 is invalid", error.Message);
    }
}
