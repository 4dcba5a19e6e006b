using MicroTL.Storage;
using MicroTL.Store;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

/// <summary>
/// What a power loss or damage leaves on the medium, opened: a torn last record is dropped, a
/// corrupt one in the middle skipped and counted, both repaired by compacting into the other bank,
/// and a bank left over from a compaction that had just committed is retired.
/// </summary>
public class FeatureStoreRecoveryTests : LoggedStoreTestBase
{
    public static TheoryData<FeatureStoreMode, bool> ModesAndLastKind => new()
    {
        { FeatureStoreMode.RamJournaled, false }, { FeatureStoreMode.RamJournaled, true },
        { FeatureStoreMode.Flash, false }, { FeatureStoreMode.Flash, true },
    };

    /// <summary>A stream length whose last sample was kept (stored, or replacing a record) and appended, not followed by a compaction.</summary>
    private static int SamplesEndingWithAppend(bool replacement)
    {
        if (!replacement) return 5;
        FeatureStore store = Create(NewMedium(), FeatureStoreMode.RamJournaled);
        for (int i = 0; ; i++)
        {
            AddResult added = Feed(store, i, i + 1);
            bool justCompacted = store.LogBytesInUse == HeaderBytes + store.Count * RecordBytes;
            if (added.Outcome == AddOutcome.Replaced && i > 3 * Capacity && !justCompacted) return i + 1;
        }
    }

    /// <summary>Where the active bank starts: the bank whose header is there (the other's header block is erased).</summary>
    private static int ActiveBankStart(RamFlashMedium medium) => medium.Bytes[BankBytes..].StartsWith("MTLFS"u8) ? BankBytes : 0;

    [Theory]
    [MemberData(nameof(ModesAndLastKind))]
    public void Open_LastRecordTornAtEveryByte_RecoversEveryPreviousRecord(FeatureStoreMode mode, bool replacement)
    {
        int samples = SamplesEndingWithAppend(replacement);
        RamFlashMedium written = NewMedium();
        FeatureStore writer = Create(written, mode);
        Feed(writer, 0, samples);
        int last = ActiveBankStart(written) + writer.LogBytesInUse - RecordBytes;
        FeatureStore before = InRamAfter(samples - 1);

        for (int programmed = 0; programmed < RecordBytes; programmed++)
        {
            var medium = new RamFlashMedium(written.Bytes.ToArray(), Geometry, "test flash");
            medium.Bytes.Slice(last + programmed, RecordBytes - programmed).Fill(0xFF); // the power went after this many bytes

            FeatureStore recovered = FeatureStore.Open(medium, mode);

            AssertSameContents(before, recovered);
            Assert.Equal(programmed > 0 ? 1 : 0, recovered.Recovery.TornRecordsDropped);
            Assert.Equal(programmed > 0 ? RecordBytes : 0, recovered.Recovery.TornBytesDropped);
            Assert.Equal(programmed > 0, recovered.Recovery.Compacted); // flash cannot overwrite the torn slot
            Assert.Equal(0, recovered.Recovery.CorruptRecordsSkipped);

            // Appending after recovery lands on a free slot and is itself recoverable.
            Feed(recovered, samples - 1, samples);
            recovered.Add(Sample(F, 9999, 3), 3);
            FeatureStore reopened = FeatureStore.Open(medium, mode);
            Assert.True(reopened.Recovery.WasClean, $"Torn after {programmed} bytes: {reopened.Recovery}");
            AssertSameContents(recovered, reopened);
        }
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_LastSlotZeroFilled_DropsItAsATornTail(FeatureStoreMode mode)
    {
        RamFlashMedium medium = WrittenMedium(6, mode);
        medium.Bytes.Slice(SlotAddress(0, 5), RecordBytes).Clear();

        FeatureStore recovered = FeatureStore.Open(medium, mode);

        AssertSameContents(InRamAfter(5), recovered);
        Assert.Equal(1, recovered.Recovery.TornRecordsDropped);
        Assert.True(FeatureStore.Open(medium, mode).Recovery.WasClean);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_LastSlotErased_ReadsAsAShorterLog(FeatureStoreMode mode)
    {
        // A program cut before its first byte leaves the slot erased: nothing torn, the slot is free again.
        RamFlashMedium medium = WrittenMedium(6, mode);
        medium.Bytes.Slice(SlotAddress(0, 5), RecordBytes).Fill(0xFF);

        FeatureStore recovered = FeatureStore.Open(medium, mode);

        AssertSameContents(InRamAfter(5), recovered);
        Assert.True(recovered.Recovery.WasClean);
        Assert.False(recovered.Recovery.Compacted);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_AnyByteFlippedInMiddleRecord_SkipsOnlyThatRecordAndKeepsTheOrder(FeatureStoreMode mode)
    {
        RamFlashMedium written = WrittenMedium(8, mode); // eight store records in slots 0..7
        List<(int Label, sbyte[] Features)> expected = Contents(InRamAfter(8));
        expected.RemoveAt(3);

        for (int offset = 0; offset < RecordBytes; offset++)
        {
            var medium = new RamFlashMedium(written.Bytes.ToArray(), Geometry);
            medium.Bytes[SlotAddress(0, 3) + offset] ^= 0x10;

            FeatureStore recovered = FeatureStore.Open(medium, mode);

            Assert.Equal(1, recovered.Recovery.CorruptRecordsSkipped);
            Assert.Equal(3, recovered.Recovery.FirstCorruptSlot); // named in the command's warning
            Assert.Equal(0, recovered.Recovery.TornRecordsDropped);
            Assert.True(recovered.Recovery.Compacted); // slots 4..7 moved down to 3..6
            Assert.Equal(expected.Select(r => r.Label), Contents(recovered).Select(r => r.Label));
            Assert.Equal(expected.Select(r => r.Features), Contents(recovered).Select(r => r.Features));
            FeatureStore reopened = FeatureStore.Open(medium, mode);
            Assert.True(reopened.Recovery.WasClean);
            Assert.Equal(7, reopened.Count);
        }
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_CorruptReplacementRecord_SlotKeepsPreviousSampleAndStoreStaysFull(FeatureStoreMode mode)
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, mode);
        for (int i = 0; store.LogBytesInUse < HeaderBytes + 15 * RecordBytes; i++) Feed(store, i, i + 1);
        medium.Bytes[SlotAddress(0, Capacity + 1) + 30] ^= 0x01; // slots 0..9 filled the store, 10.. replace

        FeatureStore recovered = FeatureStore.Open(medium, mode);

        Assert.Equal(1, recovered.Recovery.CorruptRecordsSkipped);
        Assert.Equal(Capacity + 1, recovered.Recovery.FirstCorruptSlot);
        Assert.Equal(14, recovered.Recovery.RecordsReplayed);
        Assert.Equal(Capacity, recovered.Count);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_BothBanksValidAfterACommittedCompaction_UsesTheNewerAndRetiresTheOlder(FeatureStoreMode mode)
    {
        // The power went after the compaction's header was committed, before the old bank was retired.
        RamFlashMedium medium = WrittenMedium(8, mode);
        byte[] beforeCompaction = medium.Bytes.ToArray();
        FeatureStore store = FeatureStore.Open(medium, mode);
        Feed(store, 8, 9);
        store.Compact();
        beforeCompaction.AsSpan(0, 256).CopyTo(medium.Bytes); // bank 0's header block as it was

        FeatureStore loaded = FeatureStore.Load(medium);
        FeatureStore reopened = FeatureStore.Open(medium, mode);

        AssertSameContents(InRamAfter(9), loaded);
        Assert.False(loaded.Recovery.OlderBankRetired); // loading never writes
        AssertSameContents(InRamAfter(9), reopened);
        Assert.True(reopened.Recovery.OlderBankRetired);
        Assert.False(medium.Bytes[..256].ContainsAnyExcept((byte)0xFF));
        Assert.True(FeatureStore.Open(medium, mode).Recovery.WasClean);
    }

    [Fact]
    public void Open_ActiveHeaderDamaged_RefusesRatherThanServeTheRetiredBanksRecords()
    {
        // After one compaction bank 1 is the log, and bank 0 keeps its old records behind an erased header.
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, FeatureStoreMode.RamJournaled);
        for (int i = 0; ActiveBankStart(medium) == 0; i++) Feed(store, i, i + 1);
        Assert.True(medium.Bytes[(HeaderBytes + RecordBytes)..BankBytes].ContainsAnyExcept((byte)0xFF));
        medium.Bytes[BankBytes + 30] ^= 0x01;

        var e = Assert.Throws<FeatureStoreException>(() => FeatureStore.Open(medium));

        Assert.Contains("the header is corrupt", e.Message);
        Assert.Contains($"address {BankBytes}", e.Message);
    }

    [Fact]
    public void Compact_RecordCorruptedInFlash_ThrowsAndReopeningDropsIt()
    {
        RamFlashMedium medium = WrittenMedium(8, FeatureStoreMode.Flash);
        FeatureStore store = FeatureStore.Open(medium, FeatureStoreMode.Flash);
        medium.Bytes[SlotAddress(0, 6) + 40] ^= 0x08;

        var e = Assert.Throws<FeatureStoreException>(store.Compact);

        Assert.Contains("slot 6", e.Message);
        FeatureStore reopened = FeatureStore.Open(medium, FeatureStoreMode.Flash);
        Assert.Equal(1, reopened.Recovery.CorruptRecordsSkipped);
        Assert.Equal(7, reopened.Count);
    }
}
