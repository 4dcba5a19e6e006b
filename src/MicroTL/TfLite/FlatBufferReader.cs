// Checked, allocation-free reads of a FlatBuffers binary: every offset, vtable, vector and string
// is bounds-checked against the buffer before it is touched, so malformed bytes end in an
// InvalidModelException that names the byte offset, never in an IndexOutOfRangeException.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MicroTL.TfLite;

/// <summary>
/// The bytes of one flatbuffer plus a decoding budget. Positions are absolute byte offsets from
/// the start of the buffer; all arithmetic is done in <see cref="long"/> so that hostile 32-bit
/// values cannot overflow.
/// </summary>
internal sealed class FlatBufferReader
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private long _elementBudget;

    /// <summary>Wraps <paramref name="bytes"/>; nothing is copied.</summary>
    /// <remarks>
    /// A well-formed file never decodes into more elements than it has bytes, but aliased offsets
    /// (many tensors pointing at one huge shape vector) could make it. The budget of
    /// <c>4 * length + 4096</c> materialized elements caps that amplification.
    /// </remarks>
    public FlatBufferReader(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
        _elementBudget = 4L * bytes.Length + 4096;
    }

    /// <summary>Total bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The raw bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes.Span;

    /// <summary>A zero-copy slice of the underlying memory.</summary>
    public ReadOnlyMemory<byte> Slice(int start, int length) => _bytes.Slice(start, length);

    /// <summary>The root table: the uoffset at byte 0.</summary>
    public FlatTable Root() => TableAt(Deref(0, "root table offset"));

    /// <summary>Follows the uoffset stored at <paramref name="pos"/> and returns its target.</summary>
    public int Deref(int pos, string what)
    {
        Require(pos, 4, what);
        uint rel = BinaryPrimitives.ReadUInt32LittleEndian(Span.Slice(pos, 4));
        long target = pos + (long)rel;
        if (target >= Length)
        {
            Fail(pos, $"{what} points to {target}, past end of file ({Length} bytes)");
        }

        return (int)target;
    }

    /// <summary>Reads the table whose start (its soffset to the vtable) is at <paramref name="pos"/>.</summary>
    public FlatTable TableAt(int pos)
    {
        Require(pos, 4, "table");
        int soffset = BinaryPrimitives.ReadInt32LittleEndian(Span.Slice(pos, 4));
        long vtable = pos - (long)soffset;
        if (vtable < 0 || vtable + 4 > Length)
        {
            Fail(pos, $"table's vtable at {vtable} is outside the file ({Length} bytes)");
        }

        int vt = (int)vtable;
        int vtableSize = ReadUInt16(vt);
        int tableSize = ReadUInt16(vt + 2);
        if (vtableSize < 4 || (vtableSize & 1) != 0 || vt + vtableSize > Length)
        {
            Fail(vt, $"vtable size {vtableSize} is invalid or runs past end of file ({Length} bytes)");
        }

        if (tableSize < 4 || (long)pos + tableSize > Length)
        {
            Fail(pos, $"table of {tableSize} bytes (vtable at {vt}) is invalid or runs past end of file ({Length} bytes)");
        }

        return new FlatTable(this, pos, vt, vtableSize, tableSize);
    }

    /// <summary>Reads the vector whose length prefix is at <paramref name="pos"/>.</summary>
    /// <param name="pos">Position of the uint32 element count.</param>
    /// <param name="elementSize">Bytes per element (4 for offsets to tables or strings).</param>
    /// <param name="what">Element description for messages, e.g. "int32".</param>
    public FlatVector VectorAt(int pos, int elementSize, string what)
    {
        Require(pos, 4, $"vector of {what} length");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(Span.Slice(pos, 4));
        long available = Length - (pos + 4L);
        if ((long)count * elementSize > available)
        {
            Fail(pos, $"vector of {count} {what} runs past end of file ({Length} bytes)");
        }

        return new FlatVector(this, pos + 4, (int)count, elementSize);
    }

    /// <summary>Decodes the string whose length prefix is at <paramref name="pos"/> (invalid UTF-8 becomes U+FFFD).</summary>
    public string StringAt(int pos)
    {
        FlatVector bytes = VectorAt(pos, 1, "string bytes");
        Charge(bytes.Count, pos);
        return Encoding.UTF8.GetString(Span.Slice(bytes.Start, bytes.Count));
    }

    /// <summary>Accounts for <paramref name="elements"/> decoded elements; throws once the budget is spent.</summary>
    public void Charge(long elements, int pos)
    {
        _elementBudget -= elements;
        if (_elementBudget < 0)
        {
            Fail(pos, $"decoding needs more elements than a {Length}-byte file can hold (offsets alias one large vector?)");
        }
    }

    /// <summary>Reads a little-endian uint16 after checking bounds.</summary>
    public ushort ReadUInt16(int pos)
    {
        Require(pos, 2, "uint16");
        return BinaryPrimitives.ReadUInt16LittleEndian(Span.Slice(pos, 2));
    }

    /// <summary>Throws unless <c>[pos, pos + size)</c> lies inside the buffer.</summary>
    public void Require(int pos, int size, string what)
    {
        if (pos < 0 || (long)pos + size > Length)
        {
            Fail(pos, $"{what} ({size} bytes) runs past end of file ({Length} bytes)");
        }
    }

    /// <summary>Throws an <see cref="InvalidModelException"/> naming the offset.</summary>
    [DoesNotReturn]
    public static void Fail(long pos, string what) =>
        throw new InvalidModelException($"offset {pos}: {what}");
}
