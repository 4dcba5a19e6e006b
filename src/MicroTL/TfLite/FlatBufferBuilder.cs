// A small FlatBuffers builder for the subset the TFLite writer needs: scalars, strings, vectors
// (scalar, byte with forced alignment, offsets) and tables. Like the reference builder it fills a
// buffer back to front, so children are finished before their parents and every uoffset points
// forward; an "offset" below is a distance from the end of the buffer.
using System.Buffers.Binary;
using System.Text;

namespace MicroTL.TfLite;

/// <summary>Builds one flatbuffer; create children (strings, vectors, sub-tables) before the table that refers to them.</summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _head; // data occupies _buffer[_head..]
    private int _minAlign = 1;
    private int[]? _fieldOffsets; // per field of the open table: its offset, 0 when not written
    private int _tableStart;

    /// <summary>Creates a builder; <paramref name="initialCapacity"/> avoids regrowth when the size is known roughly.</summary>
    public FlatBufferBuilder(int initialCapacity = 1024)
    {
        _buffer = new byte[Math.Max(initialCapacity, 64)];
        _head = _buffer.Length;
    }

    /// <summary>Bytes written so far, i.e. the offset of the last thing written.</summary>
    public int Offset => _buffer.Length - _head;

    /// <summary>Writes a string (length, UTF-8 bytes, terminating zero) and returns its offset.</summary>
    public int CreateString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        StartVector(byteCount + 1, 1);
        _head -= byteCount + 1;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_head, byteCount));
        _buffer[_head + byteCount] = 0;
        return EndVector(byteCount);
    }

    /// <summary>Writes a byte vector whose first element is aligned to <paramref name="alignment"/> bytes from the file start.</summary>
    public int CreateByteVector(ReadOnlySpan<byte> data, int alignment)
    {
        StartVector(data.Length, alignment);
        _head -= data.Length;
        data.CopyTo(_buffer.AsSpan(_head));
        return EndVector(data.Length);
    }

    public int CreateInt32Vector(ReadOnlySpan<int> values)
    {
        StartVector(values.Length * 4, 4);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            _head -= 4;
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), values[i]);
        }

        return EndVector(values.Length);
    }

    public int CreateFloatVector(ReadOnlySpan<float> values)
    {
        StartVector(values.Length * 4, 4);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            _head -= 4;
            BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_head), values[i]);
        }

        return EndVector(values.Length);
    }

    public int CreateInt64Vector(ReadOnlySpan<long> values)
    {
        StartVector(values.Length * 8, 8);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            _head -= 8;
            BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_head), values[i]);
        }

        return EndVector(values.Length);
    }

    /// <summary>Writes a vector of uoffsets to already written tables or strings.</summary>
    public int CreateOffsetVector(ReadOnlySpan<int> offsets)
    {
        StartVector(offsets.Length * 4, 4);
        for (int i = offsets.Length - 1; i >= 0; i--)
        {
            PutUOffset(offsets[i]);
        }

        return EndVector(offsets.Length);
    }

    /// <summary>Opens a table with room for <paramref name="fieldCount"/> field ids.</summary>
    public void StartTable(int fieldCount)
    {
        if (_fieldOffsets is not null)
        {
            throw new InvalidOperationException("Tables cannot nest: finish the child before starting the parent.");
        }

        _fieldOffsets = new int[fieldCount];
        _tableStart = Offset;
    }

    public void AddByte(int field, byte value, byte defaultValue = 0)
    {
        if (value == defaultValue) return;
        Prep(1, 0);
        _buffer[--_head] = value;
        MarkField(field);
    }

    public void AddBool(int field, bool value, bool defaultValue = false) =>
        AddByte(field, value ? (byte)1 : (byte)0, defaultValue ? (byte)1 : (byte)0);

    public void AddInt32(int field, int value, int defaultValue = 0)
    {
        if (value == defaultValue) return;
        Prep(4, 0);
        _head -= 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), value);
        MarkField(field);
    }

    public void AddUInt32(int field, uint value, uint defaultValue = 0) =>
        AddInt32(field, unchecked((int)value), unchecked((int)defaultValue));

    public void AddUInt64(int field, ulong value, ulong defaultValue = 0)
    {
        if (value == defaultValue) return;
        Prep(8, 0);
        _head -= 8;
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_head), value);
        MarkField(field);
    }

    public void AddFloat(int field, float value, float defaultValue = 0f)
    {
        if (BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(defaultValue)) return;
        Prep(4, 0);
        _head -= 4;
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_head), value);
        MarkField(field);
    }

    /// <summary>Adds a reference to a string, vector or table written earlier; 0 means absent.</summary>
    public void AddOffset(int field, int offset)
    {
        if (offset == 0) return;
        PutUOffset(offset);
        MarkField(field);
    }

    /// <summary>Closes the open table: writes its soffset and vtable and returns the table's offset.</summary>
    public int EndTable()
    {
        int[] fields = _fieldOffsets ?? throw new InvalidOperationException("No table is open.");
        Prep(4, 0);
        _head -= 4; // the soffset to the vtable, patched below
        int tableOffset = Offset;

        int used = fields.Length;
        while (used > 0 && fields[used - 1] == 0) used--;
        for (int i = used - 1; i >= 0; i--)
        {
            PutUInt16(fields[i] == 0 ? 0 : checked((ushort)(tableOffset - fields[i])));
        }

        PutUInt16(checked((ushort)(tableOffset - _tableStart)));
        PutUInt16(checked((ushort)(4 + (2 * used))));

        // The vtable sits before the table, so table position - vtable position is positive.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - tableOffset), Offset - tableOffset);
        _fieldOffsets = null;
        return tableOffset;
    }

    /// <summary>Writes the root offset and file identifier and returns the finished bytes.</summary>
    public byte[] Finish(int rootTable, string fileIdentifier)
    {
        if (fileIdentifier.Length != 4) throw new ArgumentException("A file identifier has 4 characters.", nameof(fileIdentifier));

        // Pad so that the total length is a multiple of the largest alignment used: positions
        // aligned relative to the end are then aligned relative to the start as well.
        Prep(_minAlign, 8);
        for (int i = 3; i >= 0; i--) _buffer[--_head] = (byte)fileIdentifier[i];
        PutUOffset(rootTable);
        return _buffer.AsSpan(_head).ToArray();
    }

    private void StartVector(int byteCount, int alignment)
    {
        Prep(4, byteCount);
        Prep(alignment, byteCount);
    }

    private int EndVector(int count)
    {
        // Prep(4, byteCount) in StartVector left the end of the elements 4-aligned for this prefix.
        _head -= 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), count);
        return Offset;
    }

    private void PutUOffset(int offset)
    {
        Prep(4, 0);
        int relative = Offset + 4 - offset; // from where the uoffset will sit to its target
        _head -= 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), relative);
    }

    private void PutUInt16(int value)
    {
        Prep(2, 0);
        _head -= 2;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_head), (ushort)value);
    }

    private void MarkField(int field) =>
        (_fieldOffsets ?? throw new InvalidOperationException("No table is open."))[field] = Offset;

    /// <summary>
    /// Pads with zeros so that, after <paramref name="additionalBytes"/> more bytes, the next
    /// <paramref name="size"/>-byte item is aligned; grows the buffer to fit both.
    /// </summary>
    private void Prep(int size, int additionalBytes)
    {
        _minAlign = Math.Max(_minAlign, size);
        int padding = -(Offset + additionalBytes) & (size - 1);
        int needed = padding + size + additionalBytes;
        while (_head < needed)
        {
            Grow();
        }

        _head -= padding;
        _buffer.AsSpan(_head, padding).Clear();
    }

    private void Grow()
    {
        int used = Offset;
        var larger = new byte[checked(_buffer.Length * 2)];
        _buffer.AsSpan(_head).CopyTo(larger.AsSpan(larger.Length - used));
        _head = larger.Length - used;
        _buffer = larger;
    }
}
