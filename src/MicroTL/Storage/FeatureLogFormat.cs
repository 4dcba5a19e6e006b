using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using MicroTL.Features;

namespace MicroTL.Storage;

/// <summary>The kinds of log record: both say "slot i now holds this sample".</summary>
internal enum FeatureLogRecordKind : byte
{
    /// <summary>The sample went into a new slot (slot == records held before it).</summary>
    Store = 1,
    /// <summary>The sample overwrote the record in an occupied slot.</summary>
    Replace = 2,
}

/// <summary>
/// The bytes of a feature store's log on a flash medium (format version 3, or 4 for records of two feature parts),
/// little-endian throughout.
/// </summary>
/// <remarks>
/// <code>
/// the medium: bank 0 at address 0, bank 1 at B = floor(size / 2 / erase block) erase blocks;
/// each bank:  header, 48 bytes, padded with 0xFF to the program unit; record slots from H = RoundUp(48, unit)
/// header:
///   0  magic "MTLFS" (5 bytes)     5  format version (uint8, 3)   6  program unit bytes (uint16)
///   8  generation (uint32)        12  bank bytes B (int32)
///  16  feature length F (int32)   20  scale (float32)            24  zero point (int32)
///  28  capacity bytes (int32)     32  max classes (int32)        36  seed (uint64)
///  44  CRC-32 of bytes 0..43 (uint32)
/// version 4 (records of two feature parts, e.g. the cut's features and the model's head features): a 64-byte header,
///   bytes 0..43 as version 3 (scale and zero point at 20 and 24 are part 0's), then
///  44  part 0 length (int32; part 1 has F minus it)   48  part 1 scale (float32)   52  part 1 zero point (int32)
///  56  reserved (4 bytes, 0)                          60  CRC-32 of bytes 0..59 (uint32)
/// record slot i at H + i * S, S = RoundUp(28 + F, unit) bytes, the rest of the slot 0xFF:
///   0  kind (uint8: 1 store, 2 replace)   1  reserved (uint8, 0)   2  label (uint16)
///   4  slot (int32)                       8  samples of this class offered so far (int64)
///  16  PCG32 state after this sample (uint64; stream RandomStreams.Reservoir)   24  features (F x int8)
///  24+F CRC-32 of [generation (uint32), i (uint32), the record's bytes 0..23+F] (uint32)
/// </code>
/// A slot of all 0xFF is free. Slots have a fixed size known from the header, so a bad CRC never
/// loses the framing: a bad slot followed by a good record is a corrupt record in the middle, bad
/// slots with nothing good after them are a torn tail. The CRC covers the record's bank generation
/// and position too, so a valid record copied to another slot or left over from an older bank
/// reads as corrupt. A store of one feature part is written as version 3, of two as version 4 (the only difference);
/// both are read. Version 1 (a single file, header at offset 0, records appended) is refused, and so is
/// version 2 (this layout, its record's PRNG state that of the xorshift64* generator MicroTL used before PCG32).
/// </remarks>
internal static class FeatureLogFormat
{
    public const byte Version = 3;
    public const byte TwoPartVersion = 4;
    public const int HeaderBytes = 48;
    public const int TwoPartHeaderBytes = 64;
    private const int TwoPartCrcOffset = 60;
    public const int RecordOverheadBytes = 28;
    public const int RecordFeaturesOffset = 24;
    private const int HeaderCrcOffset = 44;
    public static ReadOnlySpan<byte> Magic => "MTLFS"u8;

    /// <summary>The header's bytes for <paramref name="layout"/>: 48 (version 3, one feature part) or 64 (version 4, two).</summary>
    public static int HeaderBytesOf(FeatureLogLayout layout) => layout.Segments.Count == 1 ? HeaderBytes : TwoPartHeaderBytes;

    public static void WriteHeader(Span<byte> header, FeatureLogLayout layout, uint generation, int bankBytes, int programUnitBytes)
    {
        bool twoParts = layout.Segments.Count > 1;
        header.Fill(0xFF); // the padding to the program unit stays erased
        header[..HeaderBytesOf(layout)].Clear();
        Magic.CopyTo(header);
        header[5] = twoParts ? TwoPartVersion : Version;
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)programUnitBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], generation);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], bankBytes);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], layout.FeatureLength);
        FeatureSegment first = layout.Segments[0];
        BinaryPrimitives.WriteSingleLittleEndian(header[20..], first.Quantization.Scale);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], first.Quantization.ZeroPoint);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], layout.CapacityBytes);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], layout.MaxClasses);
        BinaryPrimitives.WriteUInt64LittleEndian(header[36..], layout.Seed);
        if (!twoParts)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32.Compute(header[..HeaderCrcOffset]));
            return;
        }

        FeatureSegment second = layout.Segments[1];
        BinaryPrimitives.WriteInt32LittleEndian(header[44..], first.Length);
        BinaryPrimitives.WriteSingleLittleEndian(header[48..], second.Quantization.Scale);
        BinaryPrimitives.WriteInt32LittleEndian(header[52..], second.Quantization.ZeroPoint);
        BinaryPrimitives.WriteUInt32LittleEndian(header[TwoPartCrcOffset..], Crc32.Compute(header[..TwoPartCrcOffset]));
    }

    /// <summary>Parses a bank's header bytes (fewer than 48 when the medium ends first) without judging the geometry.</summary>
    public static BankHeader ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length > 0 && !header.ContainsAnyExcept((byte)0xFF)) return BankHeader.Failed(BankHeaderState.Erased, "the medium is erased there (all 0xFF)");
        if (header.Length < Magic.Length + 1 || !header.StartsWith(Magic))
            return BankHeader.Failed(BankHeaderState.NotAStore, $"expected the magic \"MTLFS\" in a {HeaderBytes}-byte header, found {Describe(header)}");
        // A header is trusted only once a CRC vouches for it; each known version has its own. A version byte
        // that no CRC confirms is a header torn or garbled while it was programmed, not a store of another version.
        bool twoParts = header[5] == TwoPartVersion;
        if (header[5] != Version && !twoParts)
        {
            bool confirmed = header[5] == 1 ? HasVersion1Crc(header) : HasCrc(header);
            return confirmed
                ? BankHeader.Failed(BankHeaderState.OtherVersion, header[5] == 1
                    ? $"format version 1 is not supported (this build reads versions {Version} and {TwoPartVersion}): version 1 is the single-file log of MicroTL before the flash port; move the file aside and start a new store"
                    : header[5] == 2
                        ? $"format version 2 is not supported (this build reads versions {Version} and {TwoPartVersion}): version 2 logs the state of the random generator MicroTL used before PCG32, so its reservoir cannot go on; move the file aside and start a new store"
                        : $"format version {header[5]} is not supported (this build reads versions {Version} and {TwoPartVersion})")
                : BankHeader.Failed(BankHeaderState.Corrupt, $"the header is corrupt (version byte {header[5]}, and no CRC-32 matches)");
        }
        int headerBytes = twoParts ? TwoPartHeaderBytes : HeaderBytes, crcOffset = twoParts ? TwoPartCrcOffset : HeaderCrcOffset;
        if (header.Length < headerBytes)
            return BankHeader.Failed(BankHeaderState.Corrupt, $"the header is cut short ({header.Length} of {headerBytes} bytes)");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[crcOffset..]) != Crc32.Compute(header[..crcOffset]))
        {
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(header[crcOffset..]);
            uint actual = Crc32.Compute(header[..crcOffset]);
            return BankHeader.Failed(BankHeaderState.Corrupt, $"the header is corrupt (CRC-32 0x{actual:X8}, stored 0x{stored:X8})");
        }

        try
        {
            int featureLength = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            var first = new FeatureQuantization(BinaryPrimitives.ReadSingleLittleEndian(header[20..]), BinaryPrimitives.ReadInt32LittleEndian(header[24..]));
            FeatureSegments segments;
            if (!twoParts) segments = FeatureSegments.Single(Math.Max(1, featureLength), first);
            else
            {
                int firstLength = BinaryPrimitives.ReadInt32LittleEndian(header[44..]);
                var second = new FeatureQuantization(BinaryPrimitives.ReadSingleLittleEndian(header[48..]), BinaryPrimitives.ReadInt32LittleEndian(header[52..]));
                if (firstLength <= 0 || firstLength >= featureLength)
                    throw new ArgumentOutOfRangeException(nameof(header), firstLength, $"Part 0 has {firstLength} of the {featureLength} features; each of two parts needs at least 1.");
                segments = new FeatureSegments(new FeatureSegment(firstLength, first), new FeatureSegment(featureLength - firstLength, second));
            }

            if (featureLength <= 0)
                throw new ArgumentOutOfRangeException(nameof(header), featureLength, "Feature length must be positive.");
            var layout = new FeatureLogLayout(segments, BinaryPrimitives.ReadInt32LittleEndian(header[28..]), BinaryPrimitives.ReadInt32LittleEndian(header[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[36..]));
            layout.Validate();
            return new BankHeader(BankHeaderState.Valid, layout, BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(header[12..]), BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), "");
        }
        catch (ArgumentOutOfRangeException e)
        {
            return BankHeader.Failed(BankHeaderState.Unusable, $"the header holds an invalid value: {e.Message}");
        }
    }

    private static bool HasCrc(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderBytes && BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderCrcOffset..]) == Crc32.Compute(header[..HeaderCrcOffset]);

    /// <summary>Version 1 had a 40-byte header with its CRC-32 at offset 36.</summary>
    private static bool HasVersion1Crc(ReadOnlySpan<byte> header) =>
        header.Length >= 40 && BinaryPrimitives.ReadUInt32LittleEndian(header[36..]) == Crc32.Compute(header[..36]);

    /// <summary>Writes a whole slot: the record, its keyed CRC, and 0xFF up to the slot's end.</summary>
    public static void WriteRecord(Span<byte> slotBytes, uint generation, int index, FeatureLogRecordKind kind, int slot, int label, long seen,
        ulong randomState, ReadOnlySpan<sbyte> features)
    {
        slotBytes[0] = (byte)kind;
        slotBytes[1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(slotBytes[2..], (ushort)label);
        BinaryPrimitives.WriteInt32LittleEndian(slotBytes[4..], slot);
        BinaryPrimitives.WriteInt64LittleEndian(slotBytes[8..], seen);
        BinaryPrimitives.WriteUInt64LittleEndian(slotBytes[16..], randomState);
        // In a compaction of records in flash, features is a view of this very buffer: the copy is then a no-op.
        MemoryMarshal.Cast<sbyte, byte>(features).CopyTo(slotBytes[RecordFeaturesOffset..]);
        int crcAt = RecordFeaturesOffset + features.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(slotBytes[crcAt..], RecordCrc(slotBytes[..crcAt], generation, index));
        slotBytes[(crcAt + sizeof(uint))..].Fill(0xFF);
    }

    /// <summary>True when the slot's keyed CRC matches and its fields are in range for <paramref name="layout"/>.</summary>
    public static bool IsValidRecord(ReadOnlySpan<byte> slotBytes, uint generation, int index, FeatureLogLayout layout)
    {
        int crcAt = RecordFeaturesOffset + layout.FeatureLength;
        if (BinaryPrimitives.ReadUInt32LittleEndian(slotBytes[crcAt..]) != RecordCrc(slotBytes[..crcAt], generation, index)) return false;
        var kind = (FeatureLogRecordKind)slotBytes[0];
        return (kind == FeatureLogRecordKind.Store || kind == FeatureLogRecordKind.Replace)
            && Label(slotBytes) < layout.MaxClasses
            && (uint)Slot(slotBytes) < (uint)layout.CapacityRecords
            && Seen(slotBytes) > 0;
    }

    public static FeatureLogRecordKind Kind(ReadOnlySpan<byte> record) => (FeatureLogRecordKind)record[0];
    public static int Label(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt16LittleEndian(record[2..]);
    public static int Slot(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
    public static long Seen(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
    public static ulong RandomState(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt64LittleEndian(record[16..]);

    public static ReadOnlySpan<sbyte> Features(ReadOnlySpan<byte> record, int featureLength) =>
        MemoryMarshal.Cast<byte, sbyte>(record.Slice(RecordFeaturesOffset, featureLength));

    private static uint RecordCrc(ReadOnlySpan<byte> record, uint generation, int index)
    {
        Span<byte> key = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(key, generation);
        BinaryPrimitives.WriteInt32LittleEndian(key[4..], index);
        return Crc32.Append(Crc32.Compute(key), record);
    }

    private static string Describe(ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty) return "an empty medium";
        ReadOnlySpan<byte> first = start[..Math.Min(8, start.Length)];
        return $"{start.Length} bytes starting {Convert.ToHexString(first)} (\"{Encoding.ASCII.GetString(first).Replace('\0', '.')}\")";
    }
}

/// <summary>What a bank's header says, or what is wrong with it.</summary>
internal enum BankHeaderState
{
    Valid,
    Erased,
    NotAStore,
    OtherVersion,
    Corrupt,
    Unusable,
}

/// <summary>A parsed bank header: the layout, generation and geometry it records when <see cref="State"/> is valid, else the problem.</summary>
internal readonly record struct BankHeader(BankHeaderState State, FeatureLogLayout? Layout, uint Generation, int BankBytes, int ProgramUnitBytes, string Problem)
{
    public static BankHeader Failed(BankHeaderState state, string problem) => new(state, null, 0, 0, 0, problem);

    public bool IsValid => State == BankHeaderState.Valid;
}
