using System.Buffers.Binary;
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

/// <summary>A store of records in two feature parts (the cut's features and the head features): each part dequantized on its own, and its log (format version 4).</summary>
public class TwoPartStoreTests : LoggedStoreTestBase
{
    private static readonly FeatureSegments Parts =
        new(new FeatureSegment(12, new FeatureQuantization(0.05f, -3)), new FeatureSegment(4, new FeatureQuantization(0.0625f, 0)));

    [Fact]
    public void Dequantize_TwoPartRecord_EachPartWithItsQuantization()
    {
        var store = new FeatureStore(Parts, CapacityBytes, Classes, Seed);
        sbyte[] features = Sample(F, 3, 1);
        store.Add(features, 1);
        var real = new float[F];

        store.Dequantize(0, real);

        for (int f = 0; f < 12; f++) Assert.Equal(0.05f * (features[f] + 3), real[f]);
        for (int f = 12; f < F; f++) Assert.Equal(0.0625f * features[f], real[f]);
        Assert.Equal(Parts, store.Segments);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Create_TwoPartLog_HeaderIsVersionFourWithBothParts(FeatureStoreMode mode)
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore.Create(medium, Parts, CapacityBytes, Classes, Seed, mode);
        ReadOnlySpan<byte> header = medium.Bytes[..64];

        Assert.Equal(4, header[5]);
        Assert.Equal(F, BinaryPrimitives.ReadInt32LittleEndian(header[16..]));
        Assert.Equal(0.05f, BinaryPrimitives.ReadSingleLittleEndian(header[20..]));
        Assert.Equal(-3, BinaryPrimitives.ReadInt32LittleEndian(header[24..]));
        Assert.Equal(12, BinaryPrimitives.ReadInt32LittleEndian(header[44..]));
        Assert.Equal(0.0625f, BinaryPrimitives.ReadSingleLittleEndian(header[48..]));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(header[52..]));
        Assert.Equal(Crc32.Compute(header[..60]), BinaryPrimitives.ReadUInt32LittleEndian(header[60..]));
        Assert.False(medium.Bytes[64..].ContainsAnyExcept((byte)0xFF)); // records start after the longer header
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_TwoPartLog_ReopensItsPartsAndRecords(FeatureStoreMode mode)
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore written = FeatureStore.Create(medium, Parts, CapacityBytes, Classes, Seed, mode);
        Feed(written, 0, 25); // more than a bank: compactions rewrite the longer header too

        FeatureStore reopened = FeatureStore.Open(medium, mode);

        Assert.Equal(Parts, reopened.Segments);
        AssertSameContents(written, reopened);
        Assert.Equal(reopened.Count, FeatureStore.OpenOrCreate(medium, Parts, CapacityBytes, Classes, Seed, mode).Count);
    }

    [Fact]
    public void OpenOrCreate_OtherSecondPart_ThrowsNamingIt()
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore.Create(medium, Parts, CapacityBytes, Classes, Seed);
        var other = new FeatureSegments(Parts.Segments[0], new FeatureSegment(4, new FeatureQuantization(0.125f, 0)));

        var error = Assert.Throws<FeatureStoreException>(() => FeatureStore.OpenOrCreate(medium, other, CapacityBytes, Classes, Seed));

        Assert.Contains("part 1 scale 0.0625 in the store, 0.125 requested", error.Message);
    }

    [Fact]
    public void OpenOrCreate_OnePartRequestedOfATwoPartLog_ThrowsNamingThePartCounts()
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore.Create(medium, Parts, CapacityBytes, Classes, Seed);

        var error = Assert.Throws<FeatureStoreException>(() => OpenOrCreate(medium, FeatureStoreMode.RamJournaled));

        Assert.Contains("2 feature part(s) in the store, 1 requested", error.Message);
    }

    [Fact]
    public void Open_TwoPartHeaderGarbled_IsCorruptAndNeverFormattedOver()
    {
        RamFlashMedium medium = NewMedium();
        Feed(FeatureStore.Create(medium, Parts, CapacityBytes, Classes, Seed), 0, 3);
        medium.Bytes[50] ^= 0x10; // part 1's scale, covered by the CRC at 60

        var error = Assert.Throws<FeatureStoreException>(() => FeatureStore.Open(medium));

        Assert.Contains("header is corrupt", error.Message);
        Assert.Throws<FeatureStoreException>(() => FeatureStore.OpenOrCreate(medium, Parts, CapacityBytes, Classes, Seed));
    }

    [Fact]
    public void Open_TwoPartHeaderWithPartLongerThanTheRecord_IsUnusable()
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore.Create(medium, Parts, CapacityBytes, Classes, Seed);
        BinaryPrimitives.WriteInt32LittleEndian(medium.Bytes[44..], F);
        BinaryPrimitives.WriteUInt32LittleEndian(medium.Bytes[60..], Crc32.Compute(medium.Bytes[..60]));

        var error = Assert.Throws<FeatureStoreException>(() => FeatureStore.Open(medium));

        Assert.Contains("Part 0 has 16 of the 16 features", error.Message);
    }
}
