// One FlatBuffers table: field lookup through its vtable, with absent fields returning the
// schema default and present fields checked to lie inside the table's declared size.
using System.Buffers.Binary;

namespace MicroTL.TfLite;

/// <summary>A table located and validated by <see cref="FlatBufferReader.TableAt"/>.</summary>
internal readonly struct FlatTable
{
    private readonly FlatBufferReader _reader;
    private readonly int _vtable;
    private readonly int _vtableSize;
    private readonly int _tableSize;

    /// <summary>Creates the view; the caller has already checked the bounds.</summary>
    public FlatTable(FlatBufferReader reader, int pos, int vtable, int vtableSize, int tableSize)
    {
        _reader = reader;
        Pos = pos;
        _vtable = vtable;
        _vtableSize = vtableSize;
        _tableSize = tableSize;
    }

    /// <summary>Absolute position of the table start.</summary>
    public int Pos { get; }

    /// <summary>
    /// Absolute position of field <paramref name="field"/> (its schema id, counting a union as two),
    /// or -1 when the vtable does not list it.
    /// </summary>
    public int FieldPos(int field, int size)
    {
        int entry = 4 + (2 * field);
        if (entry + 2 > _vtableSize)
        {
            return -1;
        }

        int offset = _reader.ReadUInt16(_vtable + entry);
        if (offset == 0)
        {
            return -1;
        }

        if (offset + size > _tableSize)
        {
            FlatBufferReader.Fail(Pos, $"field {field} at +{offset} ({size} bytes) runs past its table ({_tableSize} bytes)");
        }

        return Pos + offset;
    }

    /// <summary>True when the field is stored.</summary>
    public bool Has(int field) => FieldPos(field, 1) >= 0;

    public byte GetByte(int field, byte defaultValue = 0)
    {
        int pos = FieldPos(field, 1);
        return pos < 0 ? defaultValue : _reader.Span[pos];
    }

    public sbyte GetSByte(int field, sbyte defaultValue = 0) => unchecked((sbyte)GetByte(field, unchecked((byte)defaultValue)));

    public bool GetBool(int field, bool defaultValue = false) => GetByte(field, defaultValue ? (byte)1 : (byte)0) != 0;

    public int GetInt32(int field, int defaultValue = 0)
    {
        int pos = FieldPos(field, 4);
        return pos < 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(_reader.Span.Slice(pos, 4));
    }

    public uint GetUInt32(int field, uint defaultValue = 0)
    {
        int pos = FieldPos(field, 4);
        return pos < 0 ? defaultValue : BinaryPrimitives.ReadUInt32LittleEndian(_reader.Span.Slice(pos, 4));
    }

    public ulong GetUInt64(int field, ulong defaultValue = 0)
    {
        int pos = FieldPos(field, 8);
        return pos < 0 ? defaultValue : BinaryPrimitives.ReadUInt64LittleEndian(_reader.Span.Slice(pos, 8));
    }

    public float GetFloat(int field, float defaultValue = 0f)
    {
        int pos = FieldPos(field, 4);
        return pos < 0 ? defaultValue : BinaryPrimitives.ReadSingleLittleEndian(_reader.Span.Slice(pos, 4));
    }

    /// <summary>The sub-table referenced by the field, or null when absent.</summary>
    public FlatTable? GetTable(int field, string what)
    {
        int pos = FieldPos(field, 4);
        return pos < 0 ? null : _reader.TableAt(_reader.Deref(pos, what));
    }

    /// <summary>The string referenced by the field, or null when absent.</summary>
    public string? GetString(int field, string what)
    {
        int pos = FieldPos(field, 4);
        return pos < 0 ? null : _reader.StringAt(_reader.Deref(pos, what));
    }

    /// <summary>The vector referenced by the field; an empty vector when absent.</summary>
    public FlatVector GetVector(int field, int elementSize, string what)
    {
        int pos = FieldPos(field, 4);
        return pos < 0
            ? new FlatVector(_reader, 0, 0, elementSize)
            : _reader.VectorAt(_reader.Deref(pos, $"vector of {what}"), elementSize, what);
    }
}
