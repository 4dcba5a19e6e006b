using MicroTL.IO;
using MicroTL.Tests.IO;
using MicroTL.Transfer;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

/// <summary>
/// A write that fails mid-record without a power loss (disk full, an I/O error) while the program
/// goes on: the failed record must not shift the framing of the records after it.
/// </summary>
public class StoreWriteFailureTests : FlashStoreTestBase
{
    [Fact]
    public void DurableStore_AppendFailsMidRecord_LaterAddsRefusedUntilReopenedAndNothingLost()
    {
        using var harness = new PowerLossHarness();
        string path = Path.Combine(harness.Root, "store.mtlfs");
        FeatureStore acknowledged;
        using (DurableFeatureStore store = CreateDurable(path))
        {
            Feed(store, 0, 5);
            store.SimulatedPowerLoss = new PowerLoss(RecordBytes / 2); // the 6th record fails half written
            var (features, label) = StreamSample(5);
            Assert.ThrowsAny<IOException>(() => store.Add(features, label));
            store.SimulatedPowerLoss = null;

            // The instance no longer matches its file: it refuses to append after a torn record.
            var error = Assert.Throws<FeatureStoreException>(() => store.Add(features, label));
            Assert.Contains("reopen", error.Message);
            acknowledged = InRamAfter(5);
        }

        using DurableFeatureStore reopened = DurableFeatureStore.Open(path);
        FeatureStoreTestData.AssertSameContents(acknowledged, reopened.Store);
        Feed(reopened, 5, 12);
        FeatureStoreTestData.AssertSameContents(InRamAfter(12), reopened.Store);
    }

    [Fact]
    public void FlashStore_AppendFailsMidRecord_NextAddOverwritesTheTornBytes()
    {
        using var harness = new PowerLossHarness();
        string path = Path.Combine(harness.Root, "store.mtlfs");
        List<(int, string)> held;
        using (FlashFeatureStore store = CreateFlash(path))
        {
            Feed(store, 0, 5);
            store.SimulatedPowerLoss = new PowerLoss(RecordBytes / 2);
            var (features, label) = StreamSample(5);
            Assert.ThrowsAny<IOException>(() => store.Add(features, label));
            store.SimulatedPowerLoss = null;
            Feed(store, 6, 12); // writes at the index's end of file, over the torn bytes
            held = Held(store);
        }

        // The file replays to exactly what the instance held: the failed record left no trace.
        using FlashFeatureStore reopened = FlashFeatureStore.Open(path);
        Assert.True(reopened.Recovery.WasClean, reopened.Recovery.ToString());
        Assert.Equal(held, Held(reopened));
    }

    private static List<(int, string)> Held(FlashFeatureStore store) =>
        [.. Enumerable.Range(0, store.Count).Select(i => (store.LabelOf(i), Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(store.FeaturesOf(i)))))];
}
