// Nothing is dropped in silence: what reading the data or reopening the store skipped is said on stderr (with the
// file and line, or the record, and the count) before any work, and --strict refuses it instead.
using MicroTL.Storage;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Commands;

/// <summary>Warnings (or, with <c>--strict</c>, refusals) for data that a command would skip.</summary>
internal static class SkippedData
{
    /// <summary>Lines of a malformed-line list printed under the warning; the report holds the first 20.</summary>
    private const int ListedLines = 5;

    /// <summary>Says what reading WISDM text files skipped as malformed; with <paramref name="strict"/>, refuses the data.</summary>
    /// <exception cref="CliException">Strict, and a line was malformed.</exception>
    public static void Report(string command, ExperimentData data, bool strict, TextWriter stderr)
    {
        if (data.LoadReport is not { MalformedLines: > 0 } r) return;
        string first = r.Problems.Count > 0 ? r.Problems[0] : "";
        if (strict)
            throw new CliException($"{command}: {r.MalformedLines} malformed line(s) in the WISDM files of {r.Directory}; the first: {first}",
                "fix or remove the lines named ('microtl dataset info --data DIR' lists them), or leave out --strict to skip them with a warning");
        stderr.WriteLine($"warning: {command}: skipped {r.MalformedLines} malformed line(s) in the WISDM files of {r.Directory} (--strict refuses them):");
        foreach (string problem in r.Problems.Take(ListedLines)) stderr.WriteLine($"  {problem}");
        if (r.MalformedLines > ListedLines) stderr.WriteLine($"  ... and {r.MalformedLines - ListedLines} more (the report lists the first {WisdmLoadReport.MaxListedProblems})");
    }

    /// <summary>
    /// Reads the store file at <paramref name="path"/> without writing to it, and says what reopening it will skip (corrupt
    /// records in the middle of its log) or drop (a torn record at its end); with <paramref name="strict"/>, refuses it.
    /// Returns what it found, or null for a new file or one the run itself will judge (not a store, another layout).
    /// </summary>
    /// <exception cref="CliException">Strict, and a record would be skipped or dropped.</exception>
    public static FeatureLogRecovery? CheckStore(string command, string path, bool strict, TextWriter stderr)
    {
        FeatureLogRecovery recovery;
        try
        {
            if (!File.Exists(path)) return null;
            using var medium = Toolkit.IO.FileFlashMedium.Open(path, FlashGeometry.Nrf52840, readOnly: true);
            recovery = Store.FeatureStore.Load(medium).Recovery;
        }
        catch (Store.FeatureStoreException)
        {
            return null; // the run formats an erased image, or refuses a foreign one with its own message
        }

        if (recovery.CorruptRecordsSkipped == 0 && recovery.TornRecordsDropped == 0) return recovery;
        string what = recovery.CorruptRecordsSkipped > 0
            ? $"{recovery.CorruptRecordsSkipped} corrupt record(s) in the middle of its log (the first in slot {recovery.FirstCorruptSlot}), each a lost sample"
            : "";
        if (recovery.TornRecordsDropped > 0)
            what += (what.Length > 0 ? ", and " : "") + $"{recovery.TornRecordsDropped} torn record(s) at its end (an append cut by a crash)";
        if (strict)
            throw new CliException($"{command}: --store {path} holds {what}",
                "leave out --strict to skip them (the store is repaired on reopening and keeps every good record), or start a new store");
        stderr.WriteLine($"warning: {command}: --store {path} holds {what}; reopening skips them and keeps every good record (--strict refuses such a store)");
        return recovery;
    }
}
