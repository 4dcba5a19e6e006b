using MicroTL.Storage;
using MicroTL.Store;
using static MicroTL.Tests.Store.FeatureStoreTestData;
using MicroTL.TestSupport;

namespace MicroTL.Tests.Store;

/// <summary>The store with a log on a flash medium, records journaled from RAM or kept only in flash: the same policy, slots and contents as a RAM store.</summary>
public class LoggedFeatureStoreTests : LoggedStoreTestBase
{
    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Add_SameSeedAndStream_KeepsTheSameRecordsAsRamStore(FeatureStoreMode mode)
    {
        FeatureStore logged = Create(NewMedium(), mode);
        FeatureStore ram = CreateInRam();

        for (int i = 0; i < 300; i++)
        {
            var (features, label) = StreamSample(i);
            Assert.Equal(ram.Add(features, label), logged.Add(features, label));
        }

        AssertSameContents(ram, logged);
        for (int c = 0; c < Classes; c++) Assert.Equal(ram.SeenOf(c), logged.SeenOf(c));
        Assert.Equal(ram.RandomState, logged.RandomState);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_AfterReplacementsAndCompactions_EqualsInRamStore(FeatureStoreMode mode)
    {
        RamFlashMedium medium = WrittenMedium(500, mode);

        FeatureStore reopened = FeatureStore.Open(medium, mode);

        FeatureStore expected = InRamAfter(500);
        AssertSameContents(expected, reopened);
        AssertSameContents(expected, FeatureStore.Load(medium));
        Assert.True(reopened.Recovery.WasClean, reopened.Recovery.ToString());
        Assert.False(reopened.Recovery.Compacted);
    }

    [Theory]
    [InlineData(FeatureStoreMode.RamJournaled, FeatureStoreMode.Flash)]
    [InlineData(FeatureStoreMode.Flash, FeatureStoreMode.RamJournaled)]
    public void Open_InTheOtherMode_ReadsTheSameRecords(FeatureStoreMode written, FeatureStoreMode read)
    {
        RamFlashMedium medium = WrittenMedium(200, written);

        AssertSameContents(InRamAfter(200), FeatureStore.Open(medium, read));
    }

    [Fact]
    public void Open_AfterStream_PolicyStateIsThatOfLastLoggedSample()
    {
        // Discarded samples are not logged, so the PRNG state and counts come back as they were
        // right after the last kept sample: equal to an in-RAM store fed up to that sample.
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, FeatureStoreMode.RamJournaled);
        int lastKept = -1;
        for (int i = 0; i < 500; i++) if (Feed(store, i, i + 1).Kept) lastKept = i;

        FeatureStore reopened = FeatureStore.Open(medium);

        FeatureStore expected = InRamAfter(lastKept + 1);
        Assert.Equal(expected.RandomState, reopened.RandomState);
        Assert.Equal(expected.SeenOf(StreamSample(lastKept).Label), reopened.SeenOf(StreamSample(lastKept).Label));
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Add_ManyReplacements_LogStaysInOneBankAndCompactsWhenItIsFull(FeatureStoreMode mode)
    {
        FeatureStore store = Create(NewMedium(), mode);
        int compactions = 0, before = store.LogBytesInUse;
        for (int i = 0; i < 2000; i++)
        {
            Feed(store, i, i + 1);
            Assert.True(store.LogBytesInUse <= BankBytes, $"{store.LogBytesInUse} bytes in use after sample {i}, banks of {BankBytes}.");
            if (store.LogBytesInUse < before) compactions++;
            before = store.LogBytesInUse;
        }

        Assert.True(compactions > 10, $"{compactions} compactions");
        AssertSameContents(InRamAfter(2000), store);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_MediumWithoutRecords_IsEmptyStoreWithTheLogsLayout(FeatureStoreMode mode)
    {
        RamFlashMedium medium = NewMedium();
        Create(medium, mode);

        FeatureStore reopened = FeatureStore.Open(medium, mode);

        Assert.Equal(0, reopened.Count);
        Assert.Equal(F, reopened.FeatureLength);
        Assert.Equal(Quantization, reopened.Segments.First);
        Assert.Equal(Capacity, reopened.CapacityRecords);
        Assert.Equal(HeaderBytes, reopened.LogBytesInUse);
        Assert.True(reopened.Recovery.WasClean);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void OpenOrCreate_ErasedThenWritten_CreatesThenReopens(FeatureStoreMode mode)
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore created = OpenOrCreate(medium, mode);
        Assert.True(created.Recovery.Formatted);
        Feed(created, 0, 7);

        FeatureStore reopened = OpenOrCreate(medium, mode);

        Assert.False(reopened.Recovery.Formatted);
        AssertSameContents(InRamAfter(7), reopened);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void AddReadAndCompact_SteadyState_AllocateNothing(FeatureStoreMode mode)
    {
        FeatureStore store = Create(NewMedium(), mode);
        Feed(store, 0, 200); // warm-up, compactions included
        var samples = new (sbyte[], int)[300];
        for (int i = 0; i < samples.Length; i++) samples[i] = StreamSample(200 + i);
        var destination = new float[F];

        // The fewest bytes of a few runs: a recompilation by the JIT under load may allocate once (SteadyState).
        long allocated = SteadyState.FewestAllocatedBytes(() =>
        {
            foreach (var (features, label) in samples)
            {
                store.Add(features, label); // 300 samples: appends and several compactions
                store.Dequantize(label % store.Count, destination);
                _ = store.FeaturesOf(store.Count - 1);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Dequantize_AnyRecord_EqualsRamStoreBitwise(FeatureStoreMode mode)
    {
        FeatureStore logged = Create(NewMedium(), mode);
        Feed(logged, 0, 120);
        FeatureStore ram = InRamAfter(120);
        var expected = new float[F];
        var actual = new float[F];

        for (int i = 0; i < ram.Count; i++)
        {
            ram.Dequantize(i, expected);
            logged.Dequantize(i, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(FeatureStoreMode.Ram, 709 * (288 + 2) + 10 * 12)]
    [InlineData(FeatureStoreMode.RamJournaled, 709 * (288 + 2) + 10 * 12 + (28 + 288))]
    [InlineData(FeatureStoreMode.Flash, 709 * (4 + 2) + 10 * 12 + (28 + 288))]
    public void AllocatedBytes_EveryMode_EqualsArraysAndRequiredBytes(FeatureStoreMode mode, long expected)
    {
        var geometry = FlashGeometry.Nrf52840;
        FeatureStore store = mode == FeatureStoreMode.Ram
            ? new FeatureStore(288, Quantization, 201 * 1024, 10)
            : FeatureStore.Create(new RamFlashMedium(FeatureStore.RequiredFlashBytes(288, 201 * 1024, geometry), geometry), 288, Quantization, 201 * 1024, 10, mode: mode);

        Assert.Equal(expected, FeatureStore.RequiredBytes(288, 201 * 1024, 10, mode, geometry));
        Assert.Equal(ArrayBytesHeldBy(store), store.AllocatedBytes);
        Assert.Equal(expected, store.AllocatedBytes);
    }

    [Fact]
    public void Create_MicroSpeechShapeInFlash_RamPartWellUnderTenKilobytes()
    {
        const int features = 4000, records = 100;
        var geometry = FlashGeometry.Nrf52840;
        var medium = new RamFlashMedium(FeatureStore.RequiredFlashBytes(features, records * 4002, geometry), geometry);
        FeatureStore store = FeatureStore.Create(medium, features, Quantization, records * 4002, maxClasses: 4, mode: FeatureStoreMode.Flash);
        for (int i = 0; i < records; i++) store.Add(Sample(features, i, i % 4), i % 4);

        Assert.True(store.IsFull);
        Assert.Equal(records * 6 + 4 * 12 + 4028, store.AllocatedBytes); // 4676 bytes
        Assert.True(store.AllocatedBytes < 10 * 1024, $"{store.AllocatedBytes} bytes of RAM");
        Assert.Equal(48 + records * 4028, store.LogBytesInUse); // the 400 KB are on flash
        Assert.True(Sample(features, 57, 1).AsSpan().SequenceEqual(store.FeaturesOf(57)));
    }

    [Fact]
    public void Dequantize_RecordCorruptedInFlash_ThrowsNamingMediumAndSlot()
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, FeatureStoreMode.Flash);
        Feed(store, 0, 5);
        medium.Bytes[SlotAddress(0, 2) + 30] ^= 0x5A;

        var error = Assert.Throws<FeatureStoreException>(() => store.Dequantize(2, new float[F]));

        Assert.Contains("test flash", error.Message);
        Assert.Contains("slot 2", error.Message);
        Assert.Equal("test flash", error.MediumName);
        store.Dequantize(1, new float[F]); // the other records still read
    }

    [Fact]
    public void RequiredFlashBytes_TwoBanksOfTwiceTheRecordsInWholeEraseBlocks()
    {
        Assert.Equal(2 * BankBytes, FeatureStore.RequiredFlashBytes(F, CapacityBytes, Geometry)); // 48 + 20 x 44 = 928 -> 1024
        // micro_speech, 100 records of 4000 features: 48 + 200 x 4028 = 805,648 -> 197 pages of 4096 a bank.
        Assert.Equal(2 * 197 * 4096, FeatureStore.RequiredFlashBytes(4000, 400200, FlashGeometry.Nrf52840));
        // A feature count that is not a multiple of the program unit pads each record, 28 + 5 -> 36: 48 + 6 x 36 = 264 -> 512 a bank.
        Assert.Equal(2 * 512, FeatureStore.RequiredFlashBytes(5, 3 * 7, Geometry));
    }

    [Fact]
    public void Create_MediumHoldingAStore_ThrowsAndLeavesItIntact()
    {
        RamFlashMedium medium = WrittenMedium(30);
        byte[] before = medium.Bytes.ToArray();

        var error = Assert.Throws<FeatureStoreException>(() => Create(medium, FeatureStoreMode.RamJournaled));

        Assert.Contains("already holds a feature store", error.Message);
        Assert.Equal(before, medium.Bytes.ToArray());
    }

    [Fact]
    public void CreateAndOpenOrCreate_RamMode_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Create(NewMedium(), FeatureStoreMode.Ram));
        Assert.Throws<ArgumentException>(() => OpenOrCreate(NewMedium(), FeatureStoreMode.Ram));
    }

    [Fact]
    public void Compact_StoreInRamOnly_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => CreateInRam().Compact());
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Compact_Explicit_LeavesOneRecordPerSlotAndReopensTheSame(FeatureStoreMode mode)
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, mode);
        // Feed until the log holds more records than slots (replacements since the last automatic compaction).
        int fed = 0;
        do Feed(store, fed, fed += 5); while (store.LogBytesInUse <= HeaderBytes + Capacity * RecordBytes && fed < 500);
        Assert.True(store.LogBytesInUse > HeaderBytes + Capacity * RecordBytes);

        store.Compact();

        Assert.Equal(HeaderBytes + Capacity * RecordBytes, store.LogBytesInUse);
        AssertSameContents(InRamAfter(fed), store);
        AssertSameContents(InRamAfter(fed), FeatureStore.Load(medium));
    }
}
