using MicroTL.IO;
using MicroTL.Tests.IO;
using MicroTL.Transfer;
using Xunit.Abstractions;
using static MicroTL.Tests.Transfer.FeatureStoreTestData;

namespace MicroTL.Tests.Transfer;

/// <summary>
/// A write that fails at any step (any byte, fsync or rename) of appends and a compaction while
/// the program goes on with the same store, reopening it only when the store says so. At the end every sample whose <c>Add</c> returned is in the file. The store is large enough
/// that nothing is replaced, so "every acknowledged sample" is the whole expectation.
/// </summary>
public class StoreWriteFailureSweepTests(ITestOutputHelper output) : FlashStoreTestBase
{
    private const int Samples = 30;
    private const int CompactAfter = 15;
    private const int LargeCapacityBytes = 40 * (2 + F);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Store_WriteFailsAtEveryStepAndProgramGoesOn_KeepsEveryAcknowledgedSample(bool flash)
    {
        using var harness = new PowerLossHarness();
        long steps = harness.CountSteps((directory, loss) => Run(Path.Combine(directory, "s.mtlfs"), flash, loss, out _));
        int failures = 0, lost = 0, recoveredTotal = 0;
        for (long n = 0; n < steps; n++)
        {
            string path = Path.Combine(harness.Root, $"sweep{n}.mtlfs");
            List<int> acknowledged = [];
            try
            {
                Run(path, flash, new PowerLoss(n), out acknowledged);
            }
            finally
            {
                var held = Contents(flash ? FlashContents(path) : DurableFeatureStore.Load(path));
                recoveredTotal += held.Count;
                foreach (int i in acknowledged)
                {
                    var (features, label) = StreamSample(i);
                    if (!held.Any(r => r.Label == label && r.Features.SequenceEqual(features))) lost++;
                }
                File.Delete(path);
            }
            failures++;
        }

        output.WriteLine($"{(flash ? "FlashFeatureStore" : "DurableFeatureStore")}: a failed write at each of {failures} steps, the program going on: " +
            $"{recoveredTotal} records in the files at the end, acknowledged samples lost {lost}");
        Assert.Equal(0, lost);
    }

    /// <summary>Feeds the samples, compacting once; the first write failure is survived as a program would.</summary>
    private static void Run(string path, bool flash, PowerLoss loss, out List<int> acknowledged)
    {
        acknowledged = [];
        IDisposable store = flash
            ? FlashFeatureStore.Create(path, F, Quantization, LargeCapacityBytes, Classes, Seed)
            : DurableFeatureStore.Create(path, F, Quantization, LargeCapacityBytes, Classes, Seed);
        Arm(store, loss);
        try
        {
            for (int i = 0; i < Samples; i++)
            {
                try
                {
                    var (features, label) = StreamSample(i);
                    if (store is FlashFeatureStore f) f.Add(features, label); else ((DurableFeatureStore)store).Add(features, label);
                    acknowledged.Add(i);
                    if (i == CompactAfter) { if (store is FlashFeatureStore fc) fc.Compact(); else ((DurableFeatureStore)store).Compact(); }
                }
                catch (IOException)
                {
                    Arm(store, null); // the disk is fine again; the program goes on with the same store
                }
                catch (FeatureStoreException)
                {
                    // The durable store refuses to go on after a failed write: reopen it, as its message says.
                    store.Dispose();
                    store = DurableFeatureStore.Open(path);
                }
            }
        }
        finally
        {
            store.Dispose();
        }
    }

    private static void Arm(IDisposable store, PowerLoss? loss)
    {
        if (store is FlashFeatureStore f) f.SimulatedPowerLoss = loss; else ((DurableFeatureStore)store).SimulatedPowerLoss = loss;
    }

    private static FeatureStore FlashContents(string path)
    {
        using FlashFeatureStore reopened = FlashFeatureStore.Open(path);
        var copy = new FeatureStore(F, Quantization, LargeCapacityBytes, Classes, Seed);
        for (int i = 0; i < reopened.Count; i++) copy.Add(reopened.FeaturesOf(i), reopened.LabelOf(i));
        return copy;
    }
}
