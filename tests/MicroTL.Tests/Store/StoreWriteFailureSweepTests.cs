using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.Storage;
using Xunit.Abstractions;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

/// <summary>
/// A write that fails at any step (any programmed byte, erase block or sync) of appends and a
/// compaction while the program goes on with the same store. At the end every sample whose
/// <c>Add</c> returned is on the medium. The store is large enough that nothing is replaced, so
/// "every acknowledged sample" is the whole expectation.
/// </summary>
public class StoreWriteFailureSweepTests(ITestOutputHelper output) : LoggedStoreTestBase
{
    private const int Samples = 30;
    private const int CompactAfter = 15;
    private const int LargeCapacityBytes = 40 * (2 + F);

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Store_WriteFailsAtEveryStepAndProgramGoesOn_KeepsEveryAcknowledgedSample(FeatureStoreMode mode)
    {
        var counting = FaultInjectingFlashMedium.Counting(LargeMedium());
        Run(counting, mode, out _);
        int failures = 0, lost = 0, recoveredTotal = 0;
        for (long n = 0; n < counting.Steps; n++)
        {
            RamFlashMedium medium = LargeMedium();
            var faulty = new FaultInjectingFlashMedium(medium, n, FlashFault.WriteError);
            Run(faulty, mode, out List<int> acknowledged);
            Assert.True(faulty.Faulted);

            List<(int Label, sbyte[] Features)> held = Contents(FeatureStore.Load(medium));
            recoveredTotal += held.Count;
            foreach (int i in acknowledged)
            {
                var (features, label) = StreamSample(i);
                if (!held.Any(r => r.Label == label && r.Features.SequenceEqual(features))) lost++;
            }
            failures++;
        }

        output.WriteLine($"{mode}: a failed write at each of {failures} steps, the program going on: " +
            $"{recoveredTotal} records on the media at the end, acknowledged samples lost {lost}");
        Assert.Equal(0, lost);
    }

    private static RamFlashMedium LargeMedium() => new(FeatureStore.RequiredFlashBytes(F, LargeCapacityBytes, Geometry), Geometry);

    /// <summary>Creates the store and feeds the samples, compacting once; a failed write is survived as a program would.</summary>
    private static void Run(IFlashMedium medium, FeatureStoreMode mode, out List<int> acknowledged)
    {
        acknowledged = [];
        FeatureStore? store = null;
        for (int i = 0; i < Samples; i++)
        {
            try
            {
                store ??= FeatureStore.OpenOrCreate(medium, F, Quantization, LargeCapacityBytes, Classes, Seed, mode);
                Feed(store, i, i + 1);
                acknowledged.Add(i);
                if (i == CompactAfter) store.Compact();
            }
            catch (IOException)
            {
                // The medium works again; the program goes on with the same store (or opens it, if creating it failed).
            }
        }
    }
}
