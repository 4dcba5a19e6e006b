using System.Diagnostics;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.Storage;
using Xunit.Abstractions;
using static MicroTL.Tests.Store.FeatureStoreTestData;

namespace MicroTL.Tests.Store;

/// <summary>
/// A power cut at every step (every programmed byte, erase block and sync) of a run that creates a
/// store, fills it, replaces records and compacts, for both modes with a log. After each, the
/// medium is reopened: it must hold every record whose <c>Add</c> returned (possibly plus the one
/// in flight), nothing torn. On a <see cref="RamFlashMedium"/>, so the whole sweep takes milliseconds.
/// </summary>
public class StorePowerLossTests(ITestOutputHelper output) : LoggedStoreTestBase
{
    /// <summary>Enough samples to fill the store, replace records and compact twice.</summary>
    private const int Samples = 60;

    public static TheoryData<FeatureStoreMode, bool> ModesAndGarbling => new()
    {
        { FeatureStoreMode.RamJournaled, false }, { FeatureStoreMode.RamJournaled, true },
        { FeatureStoreMode.Flash, false }, { FeatureStoreMode.Flash, true },
    };

    [Theory]
    [MemberData(nameof(ModesAndGarbling))]
    public void Store_PowerCutAtEveryStep_LosesNoAcknowledgedRecord(FeatureStoreMode mode, bool garble)
    {
        var clock = Stopwatch.StartNew();
        int acknowledged = 0;
        void Sequence(IFlashMedium medium)
        {
            acknowledged = 0;
            FeatureStore store = Create(medium, mode);
            for (int i = 0; i < Samples; i++)
            {
                Feed(store, i, i + 1);
                acknowledged = i + 1;
            }
        }

        var counting = FaultInjectingFlashMedium.Counting(NewMedium());
        Sequence(counting);
        long steps = counting.Steps;
        var expected = Enumerable.Range(0, Samples + 1).Select(n => Contents(InRamAfter(n))).ToList();
        var tally = new Tally { Compactions = CountCompactions(mode) };
        for (long n = 0; n <= steps; n++)
        {
            RamFlashMedium medium = NewMedium();
            var faulty = new FaultInjectingFlashMedium(medium, n, FlashFault.PowerCut, garble);
            try { Sequence(faulty); }
            catch (PowerCutException) { }
            Assert.Equal(n < steps, faulty.Faulted);

            FeatureStore reopened = OpenOrCreate(medium, mode); // the power is back
            List<(int Label, sbyte[] Features)> contents = Contents(reopened);
            FeatureLogRecovery found = reopened.Recovery;
            tally.CrashPoints++;
            tally.RecordsRecovered += contents.Count;
            tally.AcknowledgedRecords += expected[acknowledged].Count;
            if (found.TornRecordsDropped > 0) tally.TornTailsDropped++;
            if (found.Compacted) tally.CompactedOnOpen++;
            if (found.OlderBankRetired) tally.OlderBanksRetired++;
            if (found.Formatted) tally.FormattedAgain++;
            if (SameRecords(contents, expected[acknowledged])) continue;
            if (acknowledged < Samples && SameRecords(contents, expected[acknowledged + 1])) { tally.InFlightRecordKept++; continue; }
            int lost = expected[acknowledged].Count(r => !contents.Any(c => c.Label == r.Label && c.Features.SequenceEqual(r.Features)));
            tally.AcknowledgedLost += lost;
            tally.Failures.Add($"cut after {n} steps ({acknowledged} adds returned): {lost} acknowledged records lost, {contents.Count} recovered");
        }

        output.WriteLine($"{mode}, {Samples} samples, torn program {(garble ? "garbled" : "cut short")}: {tally}; {clock.ElapsedMilliseconds} ms");
        Assert.True(tally.Failures.Count == 0, string.Join("\n", tally.Failures.Take(10)));
        Assert.Equal(0, tally.AcknowledgedLost);
        Assert.True(tally.Compactions >= 2, "the run should compact, so that compaction is cut too");
        Assert.True(tally.OlderBanksRetired > 0 && tally.FormattedAgain > 0 && tally.TornTailsDropped > 0, tally.ToString());
    }

    /// <summary>Compactions of the uncut run: each shrinks the bytes in use.</summary>
    private static int CountCompactions(FeatureStoreMode mode)
    {
        FeatureStore store = Create(NewMedium(), mode);
        int compactions = 0, before = store.LogBytesInUse;
        for (int i = 0; i < Samples; i++)
        {
            Feed(store, i, i + 1);
            if (store.LogBytesInUse < before) compactions++;
            before = store.LogBytesInUse;
        }

        return compactions;
    }

    private static bool SameRecords(List<(int Label, sbyte[] Features)> a, List<(int Label, sbyte[] Features)> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Label == p.Second.Label && p.First.Features.SequenceEqual(p.Second.Features));

    private sealed class Tally
    {
        public int CrashPoints, Compactions, RecordsRecovered, AcknowledgedRecords, AcknowledgedLost, InFlightRecordKept, TornTailsDropped,
            CompactedOnOpen, OlderBanksRetired, FormattedAgain;
        public List<string> Failures { get; } = [];

        public override string ToString() =>
            $"{CrashPoints} crash points ({Compactions} compactions in the run); acknowledged records {AcknowledgedRecords}, recovered {RecordsRecovered}, " +
            $"acknowledged lost {AcknowledgedLost}; in-flight record already complete {InFlightRecordKept}; torn tails dropped {TornTailsDropped}; " +
            $"compacted on open {CompactedOnOpen}; older bank retired {OlderBanksRetired}; formatted again (cut while creating) {FormattedAgain}";
    }
}
