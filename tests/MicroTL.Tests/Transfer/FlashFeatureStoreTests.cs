using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

public class FlashFeatureStoreTests : FlashStoreTestBase
{
    [Fact]
    public void Add_SameSeedAndStream_KeepsTheSameRecordsAsRamStore()
    {
        using FlashFeatureStore flash = CreateFlash(PathOf("a.mtlfs"));
        FeatureStore ram = CreateInRam();

        for (int i = 0; i < 300; i++)
        {
            var (features, label) = StreamSample(i);
            Assert.Equal(ram.Add(features, label), flash.Add(features, label));
        }

        AssertSameContents(ram, flash);
        for (int c = 0; c < Classes; c++) Assert.Equal(ram.SeenOf(c), flash.SeenOf(c));
    }

    [Fact]
    public void Open_AfterReplacementsAndCompactions_EqualsContentsBeforeClosing()
    {
        string path = PathOf("a.mtlfs");
        using (FlashFeatureStore flash = CreateFlash(path)) Feed(flash, 0, 500);

        using FlashFeatureStore reopened = FlashFeatureStore.Open(path);

        AssertSameContents(InRamAfter(500), reopened);
        Assert.True(reopened.Recovery.WasClean);
        Assert.Equal(new FileInfo(path).Length, reopened.FlashBytes);
    }

    [Fact]
    public void Open_DurableStoreFile_ReadsTheSameRecords()
    {
        string path = PathOf("a.mtlfs");
        using (DurableFeatureStore durable = CreateDurable(path)) Feed(durable, 0, 200);

        using FlashFeatureStore flash = FlashFeatureStore.Open(path);

        AssertSameContents(InRamAfter(200), flash);
    }

    [Fact]
    public void Dequantize_AnyRecord_EqualsRamStoreBitwise()
    {
        using FlashFeatureStore flash = CreateFlash(PathOf("a.mtlfs"));
        Feed(flash, 0, 120);
        FeatureStore ram = InRamAfter(120);
        var expected = new float[F];
        var actual = new float[F];

        for (int i = 0; i < ram.Count; i++)
        {
            ram.Dequantize(i, expected);
            flash.Dequantize(i, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void AllocatedBytes_Always_EqualsArraysAndRequiredRamBytes()
    {
        using FlashFeatureStore flash = FlashFeatureStore.Create(PathOf("a.mtlfs"), 288, Quantization, 201 * 1024, 10);

        long arrays = typeof(FlashFeatureStore)
            .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(field => field.GetValue(flash)).OfType<Array>().Sum(array => (long)Buffer.ByteLength(array));

        Assert.Equal(709 * (8 + 2) + 10 * 12 + (28 + 288), FlashFeatureStore.RequiredRamBytes(288, 201 * 1024, 10));
        Assert.Equal(arrays, flash.AllocatedBytes);
        Assert.Equal(FlashFeatureStore.RequiredRamBytes(288, 201 * 1024, 10), flash.AllocatedBytes);
    }

    [Fact]
    public void Create_MicroSpeechShape_RamPartWellUnderTenKilobytes()
    {
        const int features = 4000, records = 100;
        using FlashFeatureStore flash = FlashFeatureStore.Create(PathOf("speech.mtlfs"), features, Quantization, records * 4002, maxClasses: 4);
        for (int i = 0; i < records; i++) flash.Add(Sample(features, i, i % 4), i % 4);

        Assert.True(flash.IsFull);
        Assert.Equal(records * 10 + 4 * 12 + 4028, flash.AllocatedBytes); // 5076 bytes
        Assert.True(flash.AllocatedBytes < 10 * 1024, $"{flash.AllocatedBytes} bytes of RAM");
        Assert.Equal(40 + records * 4028L, flash.FlashBytes); // the 400 KB are on flash
        Assert.True(Sample(features, 57, 1).AsSpan().SequenceEqual(flash.FeaturesOf(57)));
    }

    [Fact]
    public void AddAndDequantize_AfterWarmUp_AllocateNothing()
    {
        using FlashFeatureStore flash = CreateFlash(PathOf("a.mtlfs"));
        flash.CompactionFactor = 1000; // appends only: compaction allocates a file handle
        Feed(flash, 0, 20);
        var samples = Enumerable.Range(0, 3).Select(i => Sample(F, 100 + i, i)).ToArray();
        var destination = new float[F];
        flash.Add(samples[0], 0);
        flash.Dequantize(0, destination);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            flash.Add(samples[i % 3], i % 3);
            flash.Dequantize(i % flash.Count, destination);
            _ = flash.FeaturesOf(i % flash.Count);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Dequantize_RecordCorruptedOnFlash_ThrowsNamingFileAndSlot()
    {
        string path = PathOf("a.mtlfs");
        using FlashFeatureStore flash = CreateFlash(path);
        Feed(flash, 0, 5);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = HeaderBytes + 2 * RecordBytes + 30;
            file.WriteByte(0x5A);
        }

        var error = Assert.Throws<FeatureStoreException>(() => flash.Dequantize(2, new float[F]));

        Assert.Contains(path, error.Message);
        Assert.Contains("slot 2", error.Message);
        flash.Dequantize(1, new float[F]); // the other records still read
    }

    [Fact]
    public void Add_ManyReplacements_FileStaysWithinTheFactorAndMaxFlashBytes()
    {
        using FlashFeatureStore flash = CreateFlash(PathOf("a.mtlfs"));
        long largest = 0;
        for (int i = 0; i < 1000; i++)
        {
            Feed(flash, i, i + 1);
            largest = Math.Max(largest, flash.FlashBytes);
            Assert.True(flash.FlashBytes <= 2 * flash.LiveBytes, $"{flash.FlashBytes} > 2 x {flash.LiveBytes}");
        }

        Assert.True(largest + flash.LiveBytes <= FlashFeatureStore.MaxFlashBytes(F, CapacityBytes));
        AssertSameContents(InRamAfter(1000), flash);
    }

    [Fact]
    public void MaxFlashBytes_DefaultFactor_IsTwoLogsPlusARecordPlusTheCompactedCopy()
    {
        long live = 40 + Capacity * RecordBytes;

        Assert.Equal(2 * live + RecordBytes + live, FlashFeatureStore.MaxFlashBytes(F, CapacityBytes));
        Assert.Equal(402840 * 3 + 4028, FlashFeatureStore.MaxFlashBytes(4000, 400200));
    }

    [Fact]
    public void Compact_PowerLossBeforeRename_StoreStillReadsAndOldLogKeepsEveryRecord()
    {
        string path = PathOf("a.mtlfs");
        using (FlashFeatureStore flash = CreateFlash(path))
        {
            Feed(flash, 0, 50);
            flash.BeforeCompactionRename = () => throw new IOException("simulated power loss");
            Action feedUntilCompaction = () => { for (int i = 50; ; i++) Feed(flash, i, i + 1); };
            Assert.Throws<IOException>(feedUntilCompaction);
            Assert.True(File.Exists(path + ".compact"));
            flash.Dequantize(0, new float[F]); // offsets still point into the old log
        }

        using FlashFeatureStore reopened = FlashFeatureStore.Open(path);

        Assert.True(reopened.Recovery.StaleCompactionFileRemoved);
        Assert.False(File.Exists(path + ".compact"));
        Assert.Equal(Capacity, reopened.Count);
        Feed(reopened, 1000, 1100); // compaction works again
        Assert.True(reopened.FlashBytes <= 2 * reopened.LiveBytes);
    }

    [Fact]
    public void Dispose_ThenRead_ThrowsObjectDisposed()
    {
        FlashFeatureStore flash = CreateFlash(PathOf("a.mtlfs"));
        Feed(flash, 0, 3);
        flash.Dispose();

        Assert.Throws<ObjectDisposedException>(() => flash.Dequantize(0, new float[F]));
        Assert.Throws<ObjectDisposedException>(() => flash.Add(Sample(F, 1, 1), 1));
    }

    [Fact]
    public void OpenOrCreate_OtherLayout_ThrowsListingTheDifference()
    {
        string path = PathOf("a.mtlfs");
        using (CreateFlash(path)) { }

        var error = Assert.Throws<FeatureStoreException>(() => FlashFeatureStore.OpenOrCreate(path, F + 1, Quantization, CapacityBytes, Classes));

        Assert.Contains("feature length", error.Message);
    }
}
