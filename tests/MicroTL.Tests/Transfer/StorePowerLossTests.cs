using MicroTL.IO;
using MicroTL.Tests.IO;
using MicroTL.Transfer;
using Xunit.Abstractions;

namespace MicroTL.Tests.Transfer;

/// <summary>
/// A power loss at every step (every byte, fsync and rename) of a run of appends, replacements and
/// compactions, for both durable stores. After each, the file is reopened: it must hold every
/// record whose <c>Add</c> returned (possibly plus the one in flight), nothing torn.
/// </summary>
public class StorePowerLossTests(ITestOutputHelper output) : FlashStoreTestBase
{
    /// <summary>Enough samples to fill the store, replace records and compact twice with the default factor.</summary>
    private const int Samples = 60;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DurableStore_PowerLossAtEveryStep_LosesNoAcknowledgedRecord(bool garbleTornWrite)
    {
        Tally tally = CrashEverywhere(
            path => CreateDurable(path),
            (store, loss) => ((DurableFeatureStore)store).SimulatedPowerLoss = loss,
            (store, features, label) => ((DurableFeatureStore)store).Add(features, label),
            path => DurableFeatureStore.Open(path), store => ((DurableFeatureStore)store).Store,
            store => ((DurableFeatureStore)store).Recovery, garbleTornWrite);
        output.WriteLine($"DurableFeatureStore, {Samples} samples, torn write {(garbleTornWrite ? "garbled" : "cut short")}: {tally}");
        Assert.Equal(0, tally.AcknowledgedLost);
        Assert.True(tally.Compactions >= 2, "the run should compact, so that compaction is crashed too");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FlashStore_PowerLossAtEveryStep_LosesNoAcknowledgedRecord(bool garbleTornWrite)
    {
        Tally tally = CrashEverywhere(
            path => CreateFlash(path),
            (store, loss) => ((FlashFeatureStore)store).SimulatedPowerLoss = loss,
            (store, features, label) => ((FlashFeatureStore)store).Add(features, label),
            path => FlashFeatureStore.Open(path), store => (FlashFeatureStore)store,
            store => ((FlashFeatureStore)store).Recovery, garbleTornWrite);
        output.WriteLine($"FlashFeatureStore, {Samples} samples, torn write {(garbleTornWrite ? "garbled" : "cut short")}: {tally}");
        Assert.Equal(0, tally.AcknowledgedLost);
        Assert.True(tally.Compactions >= 2);
    }

    private static Tally CrashEverywhere(
        Func<string, IDisposable> create, Action<IDisposable, PowerLoss> arm, Func<IDisposable, sbyte[], int, AddResult> add,
        Func<string, IDisposable> open, Func<IDisposable, IFeatureRecords> records, Func<IDisposable, FeatureLogRecovery> recovery, bool garbleTornWrite)
    {
        using var harness = new PowerLossHarness(garbleTornWrite);
        int acknowledged = 0;
        void Sequence(string directory, PowerLoss loss)
        {
            acknowledged = 0;
            using IDisposable store = create(Path.Combine(directory, "store.mtlfs"));
            arm(store, loss);
            for (int i = 0; i < Samples; i++)
            {
                var (features, label) = StreamSample(i);
                add(store, features, label);
                acknowledged = i + 1;
            }
        }

        long steps = harness.CountSteps(Sequence);
        var expected = Enumerable.Range(0, Samples + 1).Select(n => Contents(InRamAfter(n))).ToList();
        (int appends, int compactions) = CountWrites(create, add);
        var tally = new Tally { Appends = appends, Compactions = compactions };
        for (long n = 0; n <= steps; n++)
        {
            harness.CrashAt(n, Sequence, directory =>
            {
                using IDisposable reopened = open(Path.Combine(directory, "store.mtlfs"));
                var contents = Contents(records(reopened));
                FeatureLogRecovery found = recovery(reopened);
                tally.CrashPoints++;
                tally.RecordsRecovered += contents.Count;
                tally.AcknowledgedRecords += expected[acknowledged].Count;
                if (found.TornBytesDropped > 0) tally.TornTailsDropped++;
                if (found.StaleCompactionFileRemoved) tally.UnfinishedCompactionsRemoved++;
                if (SameRecords(contents, expected[acknowledged])) return;
                if (acknowledged < Samples && SameRecords(contents, expected[acknowledged + 1])) { tally.InFlightRecordKept++; return; }
                int lost = expected[acknowledged].Count(r => !contents.Any(c => c.Label == r.Label && c.Features.SequenceEqual(r.Features)));
                tally.AcknowledgedLost += lost;
                tally.Failures.Add($"crash after {n} steps ({acknowledged} adds returned): {lost} acknowledged records lost, {contents.Count} recovered");
            });
        }

        Assert.True(tally.Failures.Count == 0, string.Join("\n", tally.Failures.Take(10)));
        return tally;
    }

    /// <summary>Appends (kept samples) and compactions of the uncrashed run: the log shrinks each time one happens.</summary>
    private static (int Appends, int Compactions) CountWrites(Func<string, IDisposable> create, Func<IDisposable, sbyte[], int, AddResult> add)
    {
        using var harness = new PowerLossHarness();
        string path = Path.Combine(harness.Root, "count.mtlfs");
        using IDisposable store = create(path);
        int appends = 0, compactions = 0;
        long before = new FileInfo(path).Length;
        for (int i = 0; i < Samples; i++)
        {
            var (features, label) = StreamSample(i);
            if (add(store, features, label).Kept) appends++;
            long after = new FileInfo(path).Length;
            if (after < before) compactions++;
            before = after;
        }

        return (appends, compactions);
    }

    private static List<(int Label, sbyte[] Features)> Contents(IFeatureRecords store) =>
        [.. Enumerable.Range(0, store.Count).Select(i => (store.LabelOf(i), store.FeaturesOf(i).ToArray()))];

    private static bool SameRecords(List<(int Label, sbyte[] Features)> a, List<(int Label, sbyte[] Features)> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Label == p.Second.Label && p.First.Features.SequenceEqual(p.Second.Features));

    private sealed class Tally
    {
        public int CrashPoints, Appends, Compactions, RecordsRecovered, AcknowledgedRecords, AcknowledgedLost, InFlightRecordKept, TornTailsDropped, UnfinishedCompactionsRemoved;
        public List<string> Failures { get; } = [];

        public override string ToString() =>
            $"{CrashPoints} crash points ({Appends} appends and {Compactions} compactions in the run); acknowledged records {AcknowledgedRecords}, recovered {RecordsRecovered}, " +
            $"acknowledged lost {AcknowledgedLost}; in-flight record already complete {InFlightRecordKept}; torn tails dropped {TornTailsDropped}; " +
            $"unfinished compactions removed {UnfinishedCompactionsRemoved}";
    }
}
