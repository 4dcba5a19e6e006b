using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using MicroTL.IO;

namespace MicroTL.Transfer;

/// <summary>The kinds of log record: both say "slot i now holds this sample".</summary>
internal enum FeatureLogRecordKind : byte
{
    /// <summary>The sample went into a new slot (slot == records held before it).</summary>
    Store = 1,
    /// <summary>The sample overwrote the record in an occupied slot.</summary>
    Replace = 2,
}

/// <summary>
/// The on-flash layout of a durable feature store, little-endian throughout.
/// </summary>
/// <remarks>
/// <code>
/// header, 40 bytes:
///   0  magic "MTLFS" (5 bytes)     5  format version (uint8, 1)   6  reserved (uint16, 0)
///   8  feature length F (int32)   12  scale (float32)            16  zero point (int32)
///  20  capacity bytes (int32)     24  max classes (int32)        28  seed (uint64)
///  36  CRC-32 of bytes 0..35 (uint32)
/// record, 28 + F bytes each, appended after the header:
///   0  kind (uint8: 1 store, 2 replace)   1  reserved (uint8, 0)   2  label (uint16)
///   4  slot (int32)                       8  samples of this class offered so far (int64)
///  16  PRNG state after this sample (uint64)                     24  features (F x int8)
///  24+F CRC-32 of the record's bytes 0..23+F (uint32)
/// </code>
/// Records have a fixed size known from the header, so a bad CRC never loses the framing: a bad
/// record followed by a good one is a corrupt record in the middle (skipped), bad records with
/// nothing good after them are a torn tail (cut off).
/// </remarks>
internal static class FeatureLogFormat
{
    public const byte Version = 1;
    public const int HeaderBytes = 40;
    public const int RecordOverheadBytes = 28;
    public const int RecordFeaturesOffset = 24;
    public static ReadOnlySpan<byte> Magic => "MTLFS"u8;

    public static int RecordBytes(int featureLength) => RecordOverheadBytes + featureLength;

    public static void WriteHeader(Span<byte> header, FeatureLogHeader h)
    {
        header[..HeaderBytes].Clear();
        Magic.CopyTo(header);
        header[5] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], h.FeatureLength);
        BinaryPrimitives.WriteSingleLittleEndian(header[12..], h.Quantization.Scale);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], h.Quantization.ZeroPoint);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], h.CapacityBytes);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], h.MaxClasses);
        BinaryPrimitives.WriteUInt64LittleEndian(header[28..], h.Seed);
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], Crc32.Compute(header[..36]));
    }

    /// <summary>Parses and checks a header; throws <see cref="FeatureStoreException"/> naming what is wrong.</summary>
    public static FeatureLogHeader ReadHeader(string path, ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderBytes || !header.StartsWith(Magic))
            throw new FeatureStoreException(path, $"not a MicroTL feature store (expected the magic \"MTLFS\" in a {HeaderBytes}-byte header, found {Describe(header)}).");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(header[36..]);
        uint actual = Crc32.Compute(header[..36]);
        if (stored != actual)
            throw new FeatureStoreException(path, $"the header is corrupt (CRC-32 0x{actual:X8}, stored 0x{stored:X8}).");
        if (header[5] != Version)
            throw new FeatureStoreException(path, $"format version {header[5]} is not supported (this build reads version {Version}).");
        try
        {
            var quantization = new FeatureQuantization(
                BinaryPrimitives.ReadSingleLittleEndian(header[12..]), BinaryPrimitives.ReadInt32LittleEndian(header[16..]));
            var h = new FeatureLogHeader(BinaryPrimitives.ReadInt32LittleEndian(header[8..]), quantization,
                BinaryPrimitives.ReadInt32LittleEndian(header[20..]), BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[28..]));
            FeatureStore.RequiredBytes(h.FeatureLength, h.CapacityBytes, h.MaxClasses); // validates the sizes
            return h;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FeatureStoreException(path, $"the header holds an invalid value: {e.Message}", e);
        }
    }

    public static void WriteRecord(Span<byte> record, FeatureLogRecordKind kind, int slot, int label, long seen, ulong randomState, ReadOnlySpan<sbyte> features)
    {
        record[0] = (byte)kind;
        record[1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(record[2..], (ushort)label);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], slot);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], seen);
        BinaryPrimitives.WriteUInt64LittleEndian(record[16..], randomState);
        MemoryMarshal.Cast<sbyte, byte>(features).CopyTo(record[RecordFeaturesOffset..]);
        int crcAt = RecordFeaturesOffset + features.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(record[crcAt..], Crc32.Compute(record[..crcAt]));
    }

    /// <summary>True when the record's CRC matches and its fields are in range for <paramref name="h"/>.</summary>
    public static bool IsValidRecord(ReadOnlySpan<byte> record, FeatureLogHeader h, int capacityRecords)
    {
        int crcAt = RecordFeaturesOffset + h.FeatureLength;
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[crcAt..]) != Crc32.Compute(record[..crcAt])) return false;
        var kind = (FeatureLogRecordKind)record[0];
        return (kind == FeatureLogRecordKind.Store || kind == FeatureLogRecordKind.Replace)
            && Label(record) < h.MaxClasses
            && (uint)Slot(record) < (uint)capacityRecords
            && Seen(record) > 0;
    }

    public static FeatureLogRecordKind Kind(ReadOnlySpan<byte> record) => (FeatureLogRecordKind)record[0];
    public static int Label(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt16LittleEndian(record[2..]);
    public static int Slot(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
    public static long Seen(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
    public static ulong RandomState(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt64LittleEndian(record[16..]);

    public static ReadOnlySpan<sbyte> Features(ReadOnlySpan<byte> record, int featureLength) =>
        MemoryMarshal.Cast<byte, sbyte>(record.Slice(RecordFeaturesOffset, featureLength));

    private static string Describe(ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty) return "an empty file";
        ReadOnlySpan<byte> first = start[..Math.Min(8, start.Length)];
        return $"{start.Length} bytes starting {Convert.ToHexString(first)} (\"{Encoding.ASCII.GetString(first).Replace('\0', '.')}\")";
    }

    /// <summary>
    /// The layout a caller asks for, validated as the <see cref="FeatureStore"/> constructor validates it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for the <see cref="FeatureStore"/> constructor.</exception>
    public static FeatureLogHeader RequestedHeader(int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses, ulong seed)
    {
        FeatureStore.RequiredBytes(featureLength, capacityBytes, maxClasses);
        return new FeatureLogHeader(featureLength, quantization, capacityBytes, maxClasses, seed);
    }

    /// <summary>Creates a new store file holding only <paramref name="header"/>, written atomically.</summary>
    /// <exception cref="FeatureStoreException">The file already exists.</exception>
    public static void CreateFile(string path, FeatureLogHeader header)
    {
        if (File.Exists(path)) throw new FeatureStoreException(path, "the file already exists; open it instead of creating it.");
        Span<byte> bytes = stackalloc byte[HeaderBytes];
        WriteHeader(bytes, header);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}

/// <summary>What a store file's header fixes: the layout every record must have.</summary>
internal sealed record FeatureLogHeader(int FeatureLength, FeatureQuantization Quantization, int CapacityBytes, int MaxClasses, ulong Seed)
{
    /// <summary>The differences that make a file unusable for the requested layout (the seed is not one: the file's wins), or empty.</summary>
    public string Differences(FeatureLogHeader requested)
    {
        var d = new List<string>();
        if (FeatureLength != requested.FeatureLength) d.Add($"feature length {FeatureLength} in the file, {requested.FeatureLength} requested");
        if (BitConverter.SingleToInt32Bits(Quantization.Scale) != BitConverter.SingleToInt32Bits(requested.Quantization.Scale))
            d.Add($"scale {Quantization.Scale:R} in the file, {requested.Quantization.Scale:R} requested");
        if (Quantization.ZeroPoint != requested.Quantization.ZeroPoint) d.Add($"zero point {Quantization.ZeroPoint} in the file, {requested.Quantization.ZeroPoint} requested");
        if (CapacityBytes != requested.CapacityBytes) d.Add($"capacity {CapacityBytes} bytes in the file, {requested.CapacityBytes} requested");
        if (MaxClasses != requested.MaxClasses) d.Add($"max classes {MaxClasses} in the file, {requested.MaxClasses} requested");
        return string.Join("; ", d);
    }

    public FeatureStore CreateStore() => new(FeatureLength, Quantization, CapacityBytes, MaxClasses, Seed);
}
