using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

public class DurableFeatureStoreTests : DurableStoreTestBase
{
    [Fact]
    public void Add_SameSeedAndStream_EqualsInRamStore()
    {
        using DurableFeatureStore durable = CreateDurable(PathOf("a.mtlfs"));
        Feed(durable, 0, 300);

        AssertSameContents(InRamAfter(300), durable.Store);
    }

    [Fact]
    public void Open_AfterReplacementsAndCompactions_EqualsInRamStore()
    {
        string path = PathOf("a.mtlfs");
        using (DurableFeatureStore durable = CreateDurable(path)) Feed(durable, 0, 500);

        using DurableFeatureStore reopened = DurableFeatureStore.Open(path);

        FeatureStore expected = InRamAfter(500);
        AssertSameContents(expected, reopened.Store);
        AssertSameContents(expected, DurableFeatureStore.Load(path));
        Assert.True(reopened.Recovery.WasClean);
    }

    [Fact]
    public void Open_AfterStream_PolicyStateIsThatOfLastLoggedSample()
    {
        // Discarded samples are not logged, so the PRNG state and counts come back as they were
        // right after the last kept sample: equal to an in-RAM store fed up to that sample.
        string path = PathOf("a.mtlfs");
        int lastKept = -1;
        using (DurableFeatureStore durable = CreateDurable(path))
            for (int i = 0; i < 500; i++) if (Feed(durable, i, i + 1).Kept) lastKept = i;

        using DurableFeatureStore reopened = DurableFeatureStore.Open(path);

        FeatureStore expected = InRamAfter(lastKept + 1);
        Assert.Equal(expected.RandomState, reopened.Store.RandomState);
        Assert.Equal(expected.SeenOf(StreamSample(lastKept).Label), reopened.Store.SeenOf(StreamSample(lastKept).Label));
    }

    [Fact]
    public void Add_ManyReplacements_LogStaysWithinCompactionFactor()
    {
        using DurableFeatureStore durable = CreateDurable(PathOf("a.mtlfs"));
        for (int i = 0; i < 2000; i++)
        {
            Feed(durable, i, i + 1);
            Assert.True(durable.LogBytes <= 2 * durable.LiveBytes, $"Log {durable.LogBytes} bytes after sample {i}, live {durable.LiveBytes}.");
        }
        Assert.Equal(HeaderBytes + Capacity * RecordBytes, durable.LiveBytes);
    }

    [Fact]
    public void Open_FileWithoutRecords_IsEmptyStoreWithFileLayout()
    {
        string path = PathOf("a.mtlfs");
        CreateDurable(path).Dispose();

        using DurableFeatureStore reopened = DurableFeatureStore.Open(path);

        Assert.Equal(0, reopened.Store.Count);
        Assert.Equal(F, reopened.Store.FeatureLength);
        Assert.Equal(Quantization, reopened.Store.Quantization);
        Assert.Equal(Capacity, reopened.Store.CapacityRecords);
        Assert.Equal(HeaderBytes, new FileInfo(path).Length);
    }

    [Fact]
    public void OpenOrCreate_MissingThenExisting_CreatesThenReopens()
    {
        string path = PathOf("a.mtlfs");
        using (var created = DurableFeatureStore.OpenOrCreate(path, F, Quantization, CapacityBytes, Classes, Seed)) Feed(created, 0, 7);

        using var reopened = DurableFeatureStore.OpenOrCreate(path, F, Quantization, CapacityBytes, Classes, Seed);

        AssertSameContents(InRamAfter(7), reopened.Store);
    }

    [Fact]
    public void Add_SteadyState_AllocatesNothing()
    {
        using DurableFeatureStore durable = CreateDurable(PathOf("a.mtlfs"));
        Feed(durable, 0, 200); // warm-up, including compactions
        var samples = new (sbyte[], int)[50];
        for (int i = 0; i < samples.Length; i++) samples[i] = StreamSample(200 + i);
        durable.CompactionFactor = 1000; // compaction allocates its stream; the append path must not

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var (features, label) in samples) durable.Add(features, label);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void CompactionFactor_BelowOne_Throws()
    {
        using DurableFeatureStore durable = CreateDurable(PathOf("a.mtlfs"));
        Assert.Throws<ArgumentOutOfRangeException>(() => durable.CompactionFactor = 0.5);
    }

    [Fact]
    public void Add_AfterDispose_Throws()
    {
        DurableFeatureStore durable = CreateDurable(PathOf("a.mtlfs"));
        durable.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Feed(durable, 0, 1));
    }
}
