// What the session firmware (Runtime/app/mtl_session_app.c) printed: init, one line per collected sample, the split,
// and its final status; the instruction counts of each phase (a resolution of 40 under QEMU, 0 on the host; not cycles).
using System.Globalization;

namespace MicroTL.Firmware.Session;

/// <summary>One collected sample: what the store did with it and the instructions of its body run and store add.</summary>
/// <param name="Sample">Its index among the training samples.</param>
/// <param name="Label">Its label.</param>
/// <param name="Outcome">0 stored, 1 replaced, 2 discarded (<c>mtl_add_outcome</c>).</param>
/// <param name="Slot">The slot it went to, or -1.</param>
/// <param name="Instructions">Instructions of the collection (not cycles).</param>
public sealed record CollectedSample(int Sample, int Label, int Outcome, int Slot, long Instructions);

/// <summary>The session firmware's report.</summary>
/// <param name="InitStatus">The status of <c>mtl_session_init</c>.</param>
/// <param name="ArenaBytes">The static arena's bytes.</param>
/// <param name="RecordsReopened">Records the store's log held when the run opened it.</param>
/// <param name="Collected">Every collected sample, in order.</param>
/// <param name="SplitStatus">The split's status, or null when the run did not get there.</param>
/// <param name="TrainRecords">Training records of the split.</param>
/// <param name="ValidationRecords">Validation records of the split.</param>
/// <param name="SplitInstructions">Instructions of the split.</param>
/// <param name="Status">The final status (0: every step succeeded), or null when the firmware stopped before it.</param>
/// <param name="Error">The error line, or null.</param>
public sealed record SessionRunReport(int InitStatus, long ArenaBytes, int RecordsReopened, IReadOnlyList<CollectedSample> Collected,
    int? SplitStatus, int TrainRecords, int ValidationRecords, long SplitInstructions, int? Status, string? Error)
{
    /// <summary>Parses the firmware's stdout.</summary>
    /// <exception cref="FormatException">There is no init line (the firmware did not start) or a line is malformed.</exception>
    public static SessionRunReport Parse(string stdout)
    {
        string[] lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Dictionary<string, string> init = Fields(lines.FirstOrDefault(l => l.StartsWith("mtl-session: init ", StringComparison.Ordinal))
            ?? throw new FormatException($"no 'mtl-session: init' line in the firmware's output:\n{stdout}"));
        var collected = new List<CollectedSample>();
        int? splitStatus = null, status = null;
        int train = 0, validation = 0;
        long splitInstructions = 0;
        string? error = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("mtl-collect:", StringComparison.Ordinal))
            {
                Dictionary<string, string> f = Fields(line);
                collected.Add(new CollectedSample(Int(f, "sample"), Int(f, "label"), Int(f, "outcome"), Int(f, "slot"), Long(f, "instructions")));
            }
            else if (line.StartsWith("mtl-split:", StringComparison.Ordinal))
            {
                Dictionary<string, string> f = Fields(line);
                (splitStatus, train, validation, splitInstructions) = (Int(f, "status"), Int(f, "train"), Int(f, "validation"), Long(f, "instructions"));
            }
            else if (line.StartsWith("mtl-session: error:", StringComparison.Ordinal))
            {
                error = line["mtl-session: error:".Length..].Trim();
            }
            else if (line.StartsWith("mtl-session: status=", StringComparison.Ordinal))
            {
                status = Int(Fields(line), "status");
            }
        }
        return new SessionRunReport(Int(init, "status"), Long(init, "arena_bytes"), Int(init, "reopened"), collected, splitStatus, train, validation,
            splitInstructions, status, error);
    }

    /// <summary>The key=value pairs after a line's prefix (<c>mtl-x:</c> and an optional word).</summary>
    internal static Dictionary<string, string> Fields(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq > 0) fields[pair[..eq]] = pair[(eq + 1)..];
        }
        return fields;
    }

    internal static long Long(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out string? text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new FormatException($"the firmware's line has no number '{key}=' (fields: {string.Join(' ', fields.Select(f => $"{f.Key}={f.Value}"))})");

    internal static int Int(Dictionary<string, string> fields, string key) => checked((int)Long(fields, key));
}
