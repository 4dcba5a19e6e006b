using System.Globalization;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Tests.TfLite;
using Xunit.Abstractions;

namespace MicroTL.Tests.Store;

/// <summary>
/// A store's flash image damaged in any way (flips, truncation, extreme values, copied and inserted
/// ranges) opens, with what could be recovered, or is refused with <see cref="FeatureStoreException"/>;
/// a store that opens can be read record by record and appended to.
/// </summary>
public class StoreImageFuzzTests(ITestOutputHelper output) : LoggedStoreTestBase
{
    private static int Mutants =>
        int.TryParse(Environment.GetEnvironmentVariable("MICROTL_FUZZ_MUTANTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 1000;

    [Theory]
    [MemberData(nameof(LoggedModes))]
    public void Open_MutatedStoreImage_RecoversOrRefusesCleanly(FeatureStoreMode mode)
    {
        (byte[] original, int activeBank, int usedSlots) = ImageWithBothRecordKindsAfterACompaction();
        var mutator = new ModelMutator(original, _ => false);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int seed = 0; seed < Mutants; seed++)
        {
            (byte[] bytes, string mutation) = mutator.Mutate(seed);
            string outcome;
            try
            {
                outcome = OpenReadAndAppend(new RamFlashMedium(bytes, Geometry, "fuzzed flash"), mode);
            }
            catch (FeatureStoreException e) when (e.Message.Contains("fuzzed flash", StringComparison.Ordinal))
            {
                outcome = "refused (FeatureStoreException naming the medium)";
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} ({mutation}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                return;
            }

            if (outcome == "opened clean")
            {
                // Damage must never pass unnoticed: a clean open means the mutation changed nothing the log holds.
                outcome = bytes.AsSpan().SequenceEqual(original) ? "opened clean (mutation changed no byte)"
                    : ActiveBankUnchanged(original, bytes, activeBank) ? "opened clean (only bytes outside the log's bank changed)"
                    : LastRecordsErased(original, bytes, activeBank, usedSlots) ? "opened clean (the last records erased: a shorter log)"
                    : "";
                Assert.True(outcome.Length > 0, $"seed {seed} ({mutation}) opened clean with changed bytes in the log");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{mode}: {Mutants} mutants: {string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.Contains(outcomes.Keys, k => k.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, k => k.StartsWith("opened after", StringComparison.Ordinal));
    }

    /// <summary>A compacted log (store records) followed by replacements, with the other bank's old records behind its erased header.</summary>
    private static (byte[] Image, int ActiveBank, int UsedSlots) ImageWithBothRecordKindsAfterACompaction()
    {
        RamFlashMedium medium = NewMedium();
        FeatureStore store = Create(medium, FeatureStoreMode.RamJournaled);
        int compactions = 0, before = store.LogBytesInUse;
        for (int i = 0; compactions == 0 || store.LogBytesInUse < HeaderBytes + (Capacity + 5) * RecordBytes; i++)
        {
            Feed(store, i, i + 1);
            if (store.LogBytesInUse < before) compactions++;
            before = store.LogBytesInUse;
        }

        int activeBank = medium.Bytes[BankBytes..].StartsWith("MTLFS"u8) ? 1 : 0;
        return (medium.Bytes.ToArray(), activeBank, (store.LogBytesInUse - HeaderBytes) / RecordBytes);
    }

    private static string OpenReadAndAppend(RamFlashMedium medium, FeatureStoreMode mode)
    {
        FeatureStore store = FeatureStore.Open(medium, mode);
        for (int i = 0; i < store.Count; i++) _ = store.FeaturesOf(i);
        store.Add(new sbyte[F], 0);
        return store.Recovery.WasClean && !store.Recovery.Compacted ? "opened clean" : "opened after recovery";
    }

    /// <summary>
    /// True when the mutant has the same bank geometry and the log's header and record slots are byte for byte the same:
    /// the other bank, the few bytes after a bank's last whole slot, or bytes past both banks changed.
    /// </summary>
    private static bool ActiveBankUnchanged(byte[] original, byte[] mutant, int activeBank)
    {
        if (BanksOf(mutant) != BanksOf(original)) return false;
        int start = activeBank * BankBytes, logBytes = HeaderBytes + SlotsPerBank * RecordBytes;
        return original.AsSpan(start, logBytes).SequenceEqual(mutant.AsSpan(start, logBytes));
    }

    /// <summary>True when the mutant differs in the log's bank only in its last used slots, which it erased: what a shorter log looks like.</summary>
    private static bool LastRecordsErased(byte[] original, byte[] mutant, int activeBank, int usedSlots)
    {
        if (BanksOf(mutant) != BanksOf(original)) return false;
        int start = activeBank * BankBytes;
        ReadOnlySpan<byte> before = original.AsSpan(start, BankBytes), after = mutant.AsSpan(start, BankBytes);
        int index = (before.CommonPrefixLength(after) - HeaderBytes) / RecordBytes;
        if (index < 0 || index >= usedSlots) return false;
        int from = HeaderBytes + index * RecordBytes, to = HeaderBytes + usedSlots * RecordBytes;
        return !after[from..to].ContainsAnyExcept((byte)0xFF) && before[to..].SequenceEqual(after[to..]);
    }

    /// <summary>The bank size a medium of this length gets: what the store checks against its header.</summary>
    private static int BanksOf(byte[] image) => image.Length / 2 / Geometry.EraseBlockBytes;
}
