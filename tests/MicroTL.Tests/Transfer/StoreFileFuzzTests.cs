using System.Globalization;
using MicroTL.Tests.IO;
using MicroTL.Tests.TfLite;
using MicroTL.Transfer;
using Xunit.Abstractions;

namespace MicroTL.Tests.Transfer;

/// <summary>
/// A store file damaged in any way (flips, truncation, extreme values, copied and inserted ranges)
/// opens, with what could be recovered, or is refused with <see cref="FeatureStoreException"/>;
/// a store that opens can be read record by record and appended to.
/// </summary>
public class StoreFileFuzzTests(ITestOutputHelper output) : FlashStoreTestBase
{
    private static int Mutants =>
        int.TryParse(Environment.GetEnvironmentVariable("MICROTL_FUZZ_MUTANTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 1000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_MutatedStoreFile_RecoversOrRefusesCleanly(bool flash)
    {
        using var harness = new PowerLossHarness();
        string path = Path.Combine(harness.Root, "store.mtlfs");
        using (DurableFeatureStore store = CreateDurable(path))
        {
            store.CompactionFactor = 1000; // replacements stay in the log, so mutants hit both kinds of record
            Feed(store, 0, 30);
        }

        byte[] original = File.ReadAllBytes(path);
        var mutator = new ModelMutator(original, _ => false);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int seed = 0; seed < Mutants; seed++)
        {
            (byte[] bytes, string mutation) = mutator.Mutate(seed);
            File.WriteAllBytes(path, bytes);
            string outcome;
            try
            {
                outcome = flash ? OpenFlash(path) : OpenDurable(path);
            }
            catch (FeatureStoreException e) when (e.Message.Contains(path, StringComparison.Ordinal))
            {
                outcome = "refused (FeatureStoreException naming the file)";
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} ({mutation}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                return;
            }

            if (outcome == "opened clean")
            {
                // Damage must never pass unnoticed: a clean open means the mutation changed nothing, or cut the
                // log exactly at a record boundary, which reads as a shorter log (appends are fsynced, so a
                // power loss never does that).
                bool unchanged = bytes.AsSpan().SequenceEqual(original);
                bool cutAtRecord = bytes.Length < original.Length && (bytes.Length - HeaderBytes) % RecordBytes == 0
                    && original.AsSpan(0, bytes.Length).SequenceEqual(bytes);
                bool recordCopied = IsOneRecordCopiedOverAnother(original, bytes);
                Assert.True(unchanged || cutAtRecord || recordCopied, $"seed {seed} ({mutation}) opened clean with changed bytes");
                outcome = unchanged ? "opened clean (mutation changed no byte)"
                    : cutAtRecord ? "opened clean (cut at a record boundary)"
                    : "opened clean (a whole valid record copied over another)";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{(flash ? "FlashFeatureStore" : "DurableFeatureStore")}: {Mutants} mutants: {string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.Contains(outcomes.Keys, k => k.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(outcomes.Keys, k => k.StartsWith("opened after", StringComparison.Ordinal));
    }

    /// <summary>
    /// True when the mutant differs from the original only inside one record, which now holds a copy of another
    /// record: the CRC covers a record's content, not its position, so this misdirected write reads as valid.
    /// </summary>
    private static bool IsOneRecordCopiedOverAnother(byte[] original, byte[] mutant)
    {
        if (mutant.Length != original.Length) return false;
        int first = original.AsSpan().CommonPrefixLength(mutant);
        int record = (first - HeaderBytes) / RecordBytes;
        int start = HeaderBytes + (record * RecordBytes);
        if (first < HeaderBytes || start + RecordBytes > mutant.Length
            || !original.AsSpan(start + RecordBytes).SequenceEqual(mutant.AsSpan(start + RecordBytes))) return false;
        ReadOnlySpan<byte> copied = mutant.AsSpan(start, RecordBytes);
        for (int other = HeaderBytes; other + RecordBytes <= original.Length; other += RecordBytes)
            if (original.AsSpan(other, RecordBytes).SequenceEqual(copied)) return true;
        return false;
    }

    private static string OpenDurable(string path)
    {
        using DurableFeatureStore store = DurableFeatureStore.Open(path);
        for (int i = 0; i < store.Store.Count; i++) _ = store.Store.FeaturesOf(i);
        store.Add(new sbyte[F], 0);
        return store.Recovery.WasClean ? "opened clean" : "opened after recovery";
    }

    private static string OpenFlash(string path)
    {
        using FlashFeatureStore store = FlashFeatureStore.Open(path);
        for (int i = 0; i < store.Count; i++) _ = store.FeaturesOf(i);
        store.Add(new sbyte[F], 0);
        return store.Recovery.WasClean ? "opened clean" : "opened after recovery";
    }
}
