// A FlatBuffers vector whose whole extent (count * element size) was checked against the file
// when it was located, so element reads need no further bounds checks beyond the index.
using System.Buffers.Binary;

namespace MicroTL.TfLite;

/// <summary>A located vector: its first element's position, element count and element size.</summary>
internal readonly struct FlatVector
{
    private readonly FlatBufferReader _reader;
    private readonly int _elementSize;

    /// <summary>Creates the view; the caller has already checked the extent.</summary>
    public FlatVector(FlatBufferReader reader, int start, int count, int elementSize)
    {
        _reader = reader;
        Start = start;
        Count = count;
        _elementSize = elementSize;
    }

    /// <summary>Absolute position of element 0.</summary>
    public int Start { get; }

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>The table that element <paramref name="index"/> (a uoffset) refers to.</summary>
    public FlatTable TableAt(int index, string what) =>
        _reader.TableAt(_reader.Deref(ElementPos(index), what));

    /// <summary>The string that element <paramref name="index"/> (a uoffset) refers to.</summary>
    public string StringAt(int index, string what) =>
        _reader.StringAt(_reader.Deref(ElementPos(index), what));

    /// <summary>The vector's bytes as a zero-copy slice.</summary>
    public ReadOnlyMemory<byte> AsMemory() => _reader.Slice(Start, Count * _elementSize);

    /// <summary>Copies an int32 vector into a new array.</summary>
    public int[] ToInt32Array()
    {
        Charge();
        var values = new int[Count];
        ReadOnlySpan<byte> bytes = _reader.Span.Slice(Start, Count * 4);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4, 4));
        }

        return values;
    }

    /// <summary>Copies a float32 vector into a new array.</summary>
    public float[] ToFloatArray()
    {
        Charge();
        var values = new float[Count];
        ReadOnlySpan<byte> bytes = _reader.Span.Slice(Start, Count * 4);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
        }

        return values;
    }

    /// <summary>Copies an int64 vector into a new array.</summary>
    public long[] ToInt64Array()
    {
        Charge();
        var values = new long[Count];
        ReadOnlySpan<byte> bytes = _reader.Span.Slice(Start, Count * 8);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(i * 8, 8));
        }

        return values;
    }

    /// <summary>Accounts for materializing this vector (tables count one element each).</summary>
    public void Charge() => _reader.Charge(Count, Start);

    private int ElementPos(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index)); // a bug in the caller, not in the file
        }

        return Start + (index * _elementSize);
    }
}
