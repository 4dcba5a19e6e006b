using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

public class FlashFeatureStoreRecoveryTests : FlashStoreTestBase
{
    /// <summary>A stream length whose last sample is kept: stored (room left) or replacing a record.</summary>
    private static int SamplesEndingWithKept(bool replacement)
    {
        if (!replacement) return 5;
        FeatureStore store = CreateInRam();
        for (int i = 0; ; i++)
        {
            var (features, label) = StreamSample(i);
            if (store.Add(features, label).Outcome == AddOutcome.Replaced && i > 3 * Capacity) return i + 1;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_LastRecordTruncatedAtEveryOffset_RecoversAllPreviousRecords(bool replacement)
    {
        int samples = SamplesEndingWithKept(replacement);
        string path = WriteFlashLog(samples);
        byte[] whole = File.ReadAllBytes(path);
        int lastStart = whole.Length - RecordBytes;
        FeatureStore before = InRamAfter(samples - 1);

        for (int cut = lastStart; cut < whole.Length; cut++)
        {
            File.WriteAllBytes(path, whole.AsSpan(0, cut).ToArray());

            using (FlashFeatureStore recovered = FlashFeatureStore.Open(path))
            {
                AssertSameContents(before, recovered);
                Assert.Equal(cut - lastStart, recovered.Recovery.TornBytesDropped);
                Assert.Equal(0, recovered.Recovery.CorruptRecordsSkipped);
                Assert.Equal(lastStart, new FileInfo(path).Length);
                Assert.Equal(lastStart, recovered.FlashBytes);

                // Appending after recovery starts on the record boundary and is itself recoverable.
                var (features, label) = StreamSample(samples - 1);
                recovered.Add(features, label);
                AssertSameContents(InRamAfter(samples), recovered);
            }
            using FlashFeatureStore reopened = FlashFeatureStore.Open(path);
            Assert.True(reopened.Recovery.WasClean, $"Cut at {cut}: {reopened.Recovery}");
            AssertSameContents(InRamAfter(samples), reopened);
        }
    }

    [Fact]
    public void Open_AnyByteFlippedInMiddleRecord_SkipsOnlyThatRecordAndReadsTheRest()
    {
        string path = WriteFlashLog(8); // eight store records in slots 0..7
        byte[] whole = File.ReadAllBytes(path);
        List<(int Label, sbyte[] Features)> expected = Contents(InRamAfter(8));
        expected.RemoveAt(3);

        for (int offset = 0; offset < RecordBytes; offset++)
        {
            byte[] bytes = (byte[])whole.Clone();
            bytes[HeaderBytes + 3 * RecordBytes + offset] ^= 0x10;
            File.WriteAllBytes(path, bytes);

            using (FlashFeatureStore recovered = FlashFeatureStore.Open(path))
            {
                Assert.Equal(1, recovered.Recovery.CorruptRecordsSkipped);
                Assert.True(recovered.Recovery.Compacted); // slots 4..7 moved down to 3..6, offsets with them
                Assert.Equal(expected.Count, recovered.Count);
                for (int i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(expected[i].Label, recovered.LabelOf(i));
                    Assert.True(expected[i].Features.AsSpan().SequenceEqual(recovered.FeaturesOf(i)), $"Record {i} differs.");
                }
            }
            using FlashFeatureStore reopened = FlashFeatureStore.Open(path);
            Assert.True(reopened.Recovery.WasClean);
            Assert.Equal(7, reopened.Count);
        }
    }

    [Theory]
    [InlineData(0x00)] // zero-filled
    [InlineData(0xFF)] // erased flash
    public void Open_LastRecordFullLengthGarbage_DropsItAsTornTail(byte fill)
    {
        string path = WriteFlashLog(6);
        byte[] bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length - RecordBytes).Fill(fill);
        File.WriteAllBytes(path, bytes);

        using FlashFeatureStore recovered = FlashFeatureStore.Open(path);

        AssertSameContents(InRamAfter(5), recovered);
        Assert.Equal(1, recovered.Recovery.TornRecordsDropped);
        Assert.Equal(bytes.Length - RecordBytes, new FileInfo(path).Length);
    }

    [Fact]
    public void Compact_Explicit_FileShrinksToLiveSizeAndReadsSame()
    {
        string path = WriteFlashLog(300);
        using FlashFeatureStore flash = FlashFeatureStore.Open(path);
        Assert.True(flash.FlashBytes > flash.LiveBytes);

        flash.Compact();

        Assert.Equal(flash.LiveBytes, new FileInfo(path).Length);
        Assert.Equal(flash.LiveBytes, flash.FlashBytes);
        AssertSameContents(InRamAfter(300), flash);
        FeatureStoreTestData.AssertSameContents(InRamAfter(300), DurableFeatureStore.Load(path));
    }
}
