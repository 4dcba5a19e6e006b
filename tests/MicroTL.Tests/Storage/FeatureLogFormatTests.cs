using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.Store;
using MicroTL.Training;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Storage;

/// <summary>The bytes on flash are those <see cref="FeatureLogFormat"/> documents (the C firmware reads and writes the same).</summary>
public class FeatureLogFormatTests : LoggedStoreTestBase
{
    [Fact]
    public void Create_BankZeroHeader_HasMagicVersionGeometryAndLayout()
    {
        RamFlashMedium medium = NewMedium();
        Create(medium, FeatureStoreMode.RamJournaled);
        ReadOnlySpan<byte> header = medium.Bytes[..HeaderBytes];

        Assert.Equal("MTLFS"u8.ToArray(), header[..5].ToArray());
        Assert.Equal(3, header[5]);
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(header[6..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(header[8..])); // generation
        Assert.Equal(BankBytes, BinaryPrimitives.ReadInt32LittleEndian(header[12..]));
        Assert.Equal(F, BinaryPrimitives.ReadInt32LittleEndian(header[16..]));
        Assert.Equal(0.05f, BinaryPrimitives.ReadSingleLittleEndian(header[20..]));
        Assert.Equal(-3, BinaryPrimitives.ReadInt32LittleEndian(header[24..]));
        Assert.Equal(CapacityBytes, BinaryPrimitives.ReadInt32LittleEndian(header[28..]));
        Assert.Equal(Classes, BinaryPrimitives.ReadInt32LittleEndian(header[32..]));
        Assert.Equal(Seed, BinaryPrimitives.ReadUInt64LittleEndian(header[36..]));
        Assert.Equal(Crc32.Compute(header[..44]), BinaryPrimitives.ReadUInt32LittleEndian(header[44..]));
        Assert.False(medium.Bytes[HeaderBytes..].ContainsAnyExcept((byte)0xFF)); // records, and the whole other bank, erased
    }

    [Fact]
    public void Add_KeptSample_ProgramsRecordWithDocumentedLayoutAndKeyedCrc()
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, FeatureStoreMode.RamJournaled);
        store.Add(Sample(F, 0, 2), 2);
        store.Add(Sample(F, 1, 3), 3);
        ReadOnlySpan<byte> record = medium.Bytes.Slice(SlotAddress(0, 1), RecordBytes);

        Assert.Equal(1, record[0]); // kind: store
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(record[2..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(record[4..]));
        Assert.Equal(1L, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
        // The reservoir's PCG32 state: seeded on its stream, and not drawn from while the store has room.
        Assert.Equal(new Pcg32(Seed, RandomStreams.Reservoir).State, BinaryPrimitives.ReadUInt64LittleEndian(record[16..]));
        Assert.Equal(Sample(F, 1, 3), MemoryMarshal.Cast<byte, sbyte>(record.Slice(24, F)).ToArray());
        byte[] key = [1, 0, 0, 0, 1, 0, 0, 0]; // generation 1, slot index 1
        Assert.Equal(Crc32.Append(Crc32.Compute(key), record[..(24 + F)]), BinaryPrimitives.ReadUInt32LittleEndian(record[(24 + F)..]));
        Assert.False(medium.Bytes[SlotAddress(0, 2)..].ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void Open_ValidRecordCopiedOverAnother_ReadsAsCorrupt()
    {
        // The CRC covers the record's bank generation and position: a misdirected write of a whole valid record is caught.
        RamFlashMedium medium = WrittenMedium(8);
        medium.Bytes.Slice(SlotAddress(0, 2), RecordBytes).CopyTo(medium.Bytes.Slice(SlotAddress(0, 5), RecordBytes));

        FeatureStore reopened = FeatureStore.Open(medium);

        Assert.Equal(1, reopened.Recovery.CorruptRecordsSkipped);
        Assert.Equal(7, reopened.Count);
    }

    [Fact]
    public void Compact_OtherBank_GetsTheNextGenerationAndTheOldHeaderIsErased()
    {
        RamFlashMedium medium = WrittenMedium(5);
        FeatureStore store = FeatureStore.Open(medium);

        store.Compact();

        Assert.False(medium.Bytes[..256].ContainsAnyExcept((byte)0xFF)); // bank 0 retired: its header block erased
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(medium.Bytes[(BankBytes + 8)..]));
        store.Compact();
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(medium.Bytes[8..])); // back in bank 0
        AssertSameContents(InRamAfter(5), FeatureStore.Open(medium));
    }
}
