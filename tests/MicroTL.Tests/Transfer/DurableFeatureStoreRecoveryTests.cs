using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

public class DurableFeatureStoreRecoveryTests : DurableStoreTestBase
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

    private string WriteLog(int samples)
    {
        string path = PathOf("a.mtlfs");
        using DurableFeatureStore durable = CreateDurable(path);
        durable.CompactionFactor = 1000; // keep every replacement record in the log
        Feed(durable, 0, samples);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_LastRecordTruncatedAtEveryOffset_RecoversAllPreviousRecords(bool replacement)
    {
        int samples = SamplesEndingWithKept(replacement);
        string path = WriteLog(samples);
        byte[] whole = File.ReadAllBytes(path);
        int lastStart = whole.Length - RecordBytes;
        FeatureStore before = InRamAfter(samples - 1);

        for (int cut = lastStart; cut < whole.Length; cut++)
        {
            File.WriteAllBytes(path, whole.AsSpan(0, cut).ToArray());

            FeatureStore afterAppend;
            using (DurableFeatureStore recovered = DurableFeatureStore.Open(path))
            {
                AssertSameContents(before, recovered.Store);
                Assert.Equal(cut - lastStart, recovered.Recovery.TornBytesDropped);
                Assert.Equal(0, recovered.Recovery.CorruptRecordsSkipped);
                Assert.Equal(lastStart, new FileInfo(path).Length);

                // Appending after recovery starts on the record boundary and is itself recoverable.
                var (features, label) = StreamSample(samples - 1);
                recovered.Add(features, label);
                recovered.Add(Sample(F, 9999, 3), 3);
                afterAppend = recovered.Store;
            }
            using DurableFeatureStore reopened = DurableFeatureStore.Open(path);
            Assert.True(reopened.Recovery.WasClean, $"Cut at {cut}: {reopened.Recovery}");
            AssertSameContents(afterAppend, reopened.Store);
        }
    }

    [Fact]
    public void Open_TruncatedInsideStoreRecord_ReappendedSampleMatchesUninterruptedStore()
    {
        string path = WriteLog(5);
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole.AsSpan(0, whole.Length - 10).ToArray());

        using DurableFeatureStore recovered = DurableFeatureStore.Open(path);
        var (features, label) = StreamSample(4);
        recovered.Add(features, label);

        AssertSameContents(InRamAfter(5), recovered.Store);
    }

    [Theory]
    [InlineData(0x00)] // zero-filled
    [InlineData(0xFF)] // erased flash
    public void Open_LastRecordFullLengthGarbage_DropsItAsTornTail(byte fill)
    {
        string path = WriteLog(6);
        byte[] bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length - RecordBytes).Fill(fill);
        File.WriteAllBytes(path, bytes);

        using DurableFeatureStore recovered = DurableFeatureStore.Open(path);

        AssertSameContents(InRamAfter(5), recovered.Store);
        Assert.Equal(1, recovered.Recovery.TornRecordsDropped);
        Assert.Equal(RecordBytes, recovered.Recovery.TornBytesDropped);
        Assert.Equal(bytes.Length - RecordBytes, new FileInfo(path).Length);
    }

    [Fact]
    public void Open_AnyByteFlippedInMiddleRecord_SkipsOnlyThatRecord()
    {
        string path = WriteLog(8); // eight store records in slots 0..7
        byte[] whole = File.ReadAllBytes(path);
        List<(int Label, sbyte[] Features)> expected = Contents(InRamAfter(8));
        expected.RemoveAt(3);

        for (int offset = 0; offset < RecordBytes; offset++)
        {
            byte[] bytes = (byte[])whole.Clone();
            bytes[HeaderBytes + 3 * RecordBytes + offset] ^= 0x10;
            File.WriteAllBytes(path, bytes);

            using (DurableFeatureStore recovered = DurableFeatureStore.Open(path))
            {
                Assert.Equal(1, recovered.Recovery.CorruptRecordsSkipped);
                Assert.Equal(0, recovered.Recovery.TornBytesDropped);
                Assert.True(recovered.Recovery.Compacted); // slots 4..7 moved down to 3..6
                Assert.Equal(expected.Select(r => r.Label), Contents(recovered.Store).Select(r => r.Label));
                Assert.Equal(expected.Select(r => r.Features), Contents(recovered.Store).Select(r => r.Features));
            }
            using DurableFeatureStore reopened = DurableFeatureStore.Open(path);
            Assert.True(reopened.Recovery.WasClean);
            Assert.Equal(7, reopened.Store.Count);
        }
    }

    [Fact]
    public void Open_CorruptReplacementRecord_SlotKeepsPreviousSampleAndStoreStaysFull()
    {
        int samples = SamplesEndingWithKept(replacement: true);
        string path = WriteLog(samples);
        byte[] bytes = File.ReadAllBytes(path);
        int middleReplacement = Capacity + 1; // records 0..9 fill the store, 10.. replace
        bytes[HeaderBytes + middleReplacement * RecordBytes + 30] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using DurableFeatureStore recovered = DurableFeatureStore.Open(path);

        Assert.Equal(1, recovered.Recovery.CorruptRecordsSkipped);
        Assert.Equal(Capacity, recovered.Store.Count);
        Assert.Equal(recovered.Recovery.RecordsReplayed, (bytes.Length - HeaderBytes) / RecordBytes - 1);
    }

    [Fact]
    public void Compact_PowerLossBeforeRename_OldLogKeepsEveryRecord()
    {
        string path = PathOf("a.mtlfs");
        List<(int, sbyte[])> atCrash;
        using (DurableFeatureStore durable = CreateDurable(path))
        {
            Feed(durable, 0, 50);
            durable.BeforeCompactionRename = () => throw new IOException("simulated power loss");
            Action feedUntilCompaction = () => { for (int i = 50; ; i++) Feed(durable, i, i + 1); };
            Assert.Throws<IOException>(feedUntilCompaction);
            atCrash = Contents(durable.Store); // the sample that triggered compaction was logged first
            Assert.True(File.Exists(path + ".compact"));
        }

        using DurableFeatureStore reopened = DurableFeatureStore.Open(path);

        Assert.Equal(atCrash.Select(r => r.Item2), Contents(reopened.Store).Select(r => r.Features));
        Assert.Equal(atCrash.Select(r => r.Item1), Contents(reopened.Store).Select(r => r.Label));
        Assert.True(reopened.Recovery.StaleCompactionFileRemoved);
        Assert.False(File.Exists(path + ".compact"));
        Feed(reopened, 1000, 1100); // compaction works again
        Assert.True(reopened.LogBytes <= 2 * reopened.LiveBytes);
    }

    [Fact]
    public void Open_TornCompactionFileLeftBehind_OldLogIsUsedAndFileRemoved()
    {
        string path = WriteLog(60);
        byte[] log = File.ReadAllBytes(path);
        File.WriteAllBytes(path + ".compact", log.AsSpan(0, HeaderBytes + 3 * RecordBytes + 7).ToArray());

        using DurableFeatureStore reopened = DurableFeatureStore.Open(path);

        AssertSameContents(InRamAfter(60), reopened.Store);
        Assert.True(reopened.Recovery.StaleCompactionFileRemoved);
        Assert.False(File.Exists(path + ".compact"));
    }

    [Fact]
    public void Compact_Explicit_FileShrinksToLiveSizeAndReplaysSame()
    {
        string path = WriteLog(300);
        using (DurableFeatureStore durable = DurableFeatureStore.Open(path))
        {
            Assert.True(durable.LogBytes > durable.LiveBytes);
            durable.Compact();
            Assert.Equal(durable.LiveBytes, new FileInfo(path).Length);
        }

        AssertSameContents(InRamAfter(300), DurableFeatureStore.Load(path));
    }
}
