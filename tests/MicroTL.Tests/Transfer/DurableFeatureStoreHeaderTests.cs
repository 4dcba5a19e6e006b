using System.Buffers.Binary;
using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

public class DurableFeatureStoreHeaderTests : DurableStoreTestBase
{
    private string CreateWithRecords()
    {
        string path = PathOf("a.mtlfs");
        using DurableFeatureStore durable = CreateDurable(path);
        Feed(durable, 0, 3);
        return path;
    }

    [Theory]
    [InlineData(32, 0.05f, -3, CapacityBytes, Classes, "feature length 16 in the file, 32 requested")]
    [InlineData(F, 0.1f, -3, CapacityBytes, Classes, "scale 0.05 in the file, 0.1 requested")]
    [InlineData(F, 0.05f, 0, CapacityBytes, Classes, "zero point -3 in the file, 0 requested")]
    [InlineData(F, 0.05f, -3, 2 * CapacityBytes, Classes, "capacity 180 bytes in the file, 360 requested")]
    [InlineData(F, 0.05f, -3, CapacityBytes, 10, "max classes 4 in the file, 10 requested")]
    public void OpenOrCreate_DifferentLayout_ThrowsNamingPathAndDifference(int featureLength, float scale, int zeroPoint, int capacityBytes, int maxClasses, string difference)
    {
        string path = CreateWithRecords();
        long length = new FileInfo(path).Length;

        var e = Assert.Throws<FeatureStoreException>(() =>
            DurableFeatureStore.OpenOrCreate(path, featureLength, new FeatureQuantization(scale, zeroPoint), capacityBytes, maxClasses, Seed));

        Assert.Contains(path, e.Message);
        Assert.Contains(difference, e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.Equal(length, new FileInfo(path).Length); // a rejected file is not touched
    }

    [Fact]
    public void OpenOrCreate_DifferentSeed_OpensWithFileState()
    {
        string path = CreateWithRecords();

        using var reopened = DurableFeatureStore.OpenOrCreate(path, F, Quantization, CapacityBytes, Classes, seed: 5);

        AssertSameContents(InRamAfter(3), reopened.Store);
    }

    [Theory]
    [InlineData("")]
    [InlineData("label,f0,f1\n3,1,2\n")]
    [InlineData("MTLF")]
    public void Open_NotAStore_ThrowsNotAFeatureStore(string content)
    {
        string path = PathOf("not-a-store.csv");
        File.WriteAllText(path, content);

        var e = Assert.Throws<FeatureStoreException>(() => DurableFeatureStore.Open(path));

        Assert.Contains("not a MicroTL feature store", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Open_HeaderByteFlipped_ThrowsHeaderCorrupt()
    {
        string path = CreateWithRecords();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[9] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<FeatureStoreException>(() => DurableFeatureStore.Open(path));

        Assert.Contains("header is corrupt", e.Message);
        Assert.Throws<FeatureStoreException>(() => DurableFeatureStore.Load(path));
    }

    [Fact]
    public void Open_OtherFormatVersion_ThrowsNotSupported()
    {
        string path = CreateWithRecords();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[5] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), Crc32.Compute(bytes.AsSpan(0, 36)));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<FeatureStoreException>(() => DurableFeatureStore.Open(path));

        Assert.Contains("format version 2 is not supported", e.Message);
    }

    [Fact]
    public void Open_HeaderWithInvalidValue_ThrowsNamingIt()
    {
        string path = CreateWithRecords();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12), -1f);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), Crc32.Compute(bytes.AsSpan(0, 36)));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<FeatureStoreException>(() => DurableFeatureStore.Open(path));

        Assert.Contains("invalid value", e.Message);
        Assert.Contains("scale", e.Message);
    }

    [Fact]
    public void Create_ExistingFile_Throws()
    {
        string path = CreateWithRecords();

        var e = Assert.Throws<FeatureStoreException>(() => CreateDurable(path));

        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => DurableFeatureStore.Open(PathOf("missing.mtlfs")));
    }

    [Fact]
    public void Create_Header_HasMagicVersionAndLayout()
    {
        string path = PathOf("a.mtlfs");
        CreateDurable(path).Dispose();
        byte[] header = File.ReadAllBytes(path);

        Assert.Equal(HeaderBytes, header.Length);
        Assert.Equal("MTLFS"u8.ToArray(), header[..5]);
        Assert.Equal(1, header[5]);
        Assert.Equal(F, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)));
        Assert.Equal(0.05f, BinaryPrimitives.ReadSingleLittleEndian(header.AsSpan(12)));
        Assert.Equal(-3, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16)));
        Assert.Equal(Crc32.Compute(header.AsSpan(0, 36)), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(36)));
    }

    [Fact]
    public void Add_KeptSample_AppendsRecordWithDocumentedLayout()
    {
        string path = PathOf("a.mtlfs");
        using (DurableFeatureStore durable = CreateDurable(path))
        {
            durable.Add(Sample(F, 0, 2), 2);
            durable.Add(Sample(F, 1, 3), 3);
        }
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> record = bytes.AsSpan(HeaderBytes + RecordBytes, RecordBytes);

        Assert.Equal(HeaderBytes + 2 * RecordBytes, bytes.Length);
        Assert.Equal(1, record[0]); // kind: store
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(record[2..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(record[4..]));
        Assert.Equal(1L, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
        Assert.Equal(Sample(F, 1, 3), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(record.Slice(24, F)).ToArray());
        Assert.Equal(Crc32.Compute(record[..(24 + F)]), BinaryPrimitives.ReadUInt32LittleEndian(record[(24 + F)..]));
    }
}
