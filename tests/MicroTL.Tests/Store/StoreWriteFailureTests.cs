using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.Storage;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

/// <summary>
/// A write that fails mid-record without a power loss (disk full, an I/O error) while the program
/// goes on with the same store: the failed sample leaves the store as it was, and the next write
/// compacts past the torn slot, which flash cannot program again.
/// </summary>
public class StoreWriteFailureTests : LoggedStoreTestBase
{
    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Add_ProgramFailsMidRecord_StoreUnchangedAndTheNextAddCompactsAndGoesOn(FeatureStoreMode mode)
    {
        var counting = FaultInjectingFlashMedium.Counting(NewMedium());
        Feed(Create(counting, mode), 0, 5);
        RamFlashMedium medium = NewMedium();
        var faulty = new FaultInjectingFlashMedium(medium, counting.Steps + RecordBytes / 2, FlashFault.WriteError);
        FeatureStore store = Create(faulty, mode);
        Feed(store, 0, 5);
        var (features, label) = StreamSample(5);

        Assert.Throws<IOException>(() => store.Add(features, label)); // the 6th record fails half programmed

        FeatureStore beforeIt = InRamAfter(5);
        AssertSameContents(beforeIt, store);
        Assert.Equal(beforeIt.SeenOf(label), store.SeenOf(label)); // as if the sample had never been offered
        Assert.Equal(beforeIt.RandomState, store.RandomState);
        int tornLogBytes = store.LogBytesInUse;

        store.Add(features, label); // compacts first: the torn slot is erased with its bank
        Feed(store, 6, 12);

        Assert.True(store.LogBytesInUse < tornLogBytes + 7 * RecordBytes);
        AssertSameContents(InRamAfter(12), store);
        FeatureStore reopened = FeatureStore.Open(medium, mode);
        Assert.True(reopened.Recovery.WasClean, reopened.Recovery.ToString());
        AssertSameContents(InRamAfter(12), reopened);
    }

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Add_SyncFailsAfterAWholeRecord_TheRecordIsNotAcknowledgedAndTheStoreGoesOn(FeatureStoreMode mode)
    {
        var counting = FaultInjectingFlashMedium.Counting(NewMedium());
        Feed(Create(counting, mode), 0, 5);
        RamFlashMedium medium = NewMedium();
        var faulty = new FaultInjectingFlashMedium(medium, counting.Steps + RecordBytes, FlashFault.WriteError); // the sync after the 6th record fails
        FeatureStore store = Create(faulty, mode);
        Feed(store, 0, 5);

        Assert.Throws<IOException>(() => Feed(store, 5, 6));

        Assert.Equal(5, store.Count);
        Assert.Equal(6, FeatureStore.Load(medium).Count); // durable, though not acknowledged
        Feed(store, 5, 12);
        AssertSameContents(InRamAfter(12), FeatureStore.Open(medium, mode));
    }
}
