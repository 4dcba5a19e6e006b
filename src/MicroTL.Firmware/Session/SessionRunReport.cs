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

/// <summary>One kept training epoch as the firmware ran it (doubles printed to 17 digits: exact).</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy of the epoch's forward passes.</param>
/// <param name="ValidationLoss">Validation loss, NaN without validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy, NaN without validation.</param>
/// <param name="Instructions">Instructions of the epoch (shuffle, steps, validation pass).</param>
public sealed record FirmwareEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, long Instructions);

/// <summary>What training, the deployment check, the export and the predictions did in the firmware.</summary>
/// <param name="Epochs">The kept epochs (after the last restart).</param>
/// <param name="Restarts">Rollbacks that started the run over.</param>
/// <param name="EpochsRun">Epochs the trainer kept.</param>
/// <param name="StopReason">0 max epochs, 1 patience, 2 energy-aware, 3 diverged (StopReason's numbering).</param>
/// <param name="BestEpoch">The best epoch (0: none).</param>
/// <param name="RestoredBest">True when the best epoch's weights were put back.</param>
/// <param name="Retried">True when a divergence was retried at half the learning rate.</param>
/// <param name="TrainingInstructions">Instructions of all of training.</param>
/// <param name="OldValidation">The model's own head on the validation records (NaN: not measured).</param>
/// <param name="NewValidation">The new head there (NaN: no validation records).</param>
/// <param name="Decision">0 rejected, 1 accepted, 2 accepted, classes changed (DeploymentDecision's numbering).</param>
/// <param name="Initialisation">0 the model's own head, 1 He.</param>
/// <param name="DecisionInstructions">Instructions of the deployment check.</param>
/// <param name="ExportBytes">Bytes of the head written out.</param>
/// <param name="ExportInstructions">Instructions of writing it.</param>
/// <param name="TestSamples">Test samples predicted.</param>
/// <param name="Correct">Of them, predicted right.</param>
/// <param name="PredictionInstructions">Instructions of all predictions.</param>
public sealed record FirmwareTraining(IReadOnlyList<FirmwareEpoch> Epochs, int Restarts, int EpochsRun, int StopReason, int BestEpoch, bool RestoredBest,
    bool Retried, long TrainingInstructions, double OldValidation, double NewValidation, int Decision, int Initialisation, long DecisionInstructions,
    int ExportBytes, long ExportInstructions, int TestSamples, int Correct, long PredictionInstructions);

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
    /// <summary>Training and what followed it; null when the firmware did not get through the predictions.</summary>
    public FirmwareTraining? Training { get; init; }

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
            splitInstructions, status, error) { Training = ParseTraining(lines) };
    }

    private static FirmwareTraining? ParseTraining(string[] lines)
    {
        var epochs = new List<FirmwareEpoch>();
        int restarts = 0;
        Dictionary<string, string>? train = null, decide = null, export = null, predict = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("mtl-epoch: restarted=", StringComparison.Ordinal))
            {
                restarts++;
                epochs.Clear();
            }
            else if (line.StartsWith("mtl-epoch:", StringComparison.Ordinal))
            {
                Dictionary<string, string> f = Fields(line);
                epochs.Add(new FirmwareEpoch(Int(f, "epoch"), Double(f, "train_loss"), Double(f, "train_accuracy"), Double(f, "validation_loss"),
                    Double(f, "validation_accuracy"), Long(f, "instructions")));
            }
            else if (line.StartsWith("mtl-train:", StringComparison.Ordinal)) train = Fields(line);
            else if (line.StartsWith("mtl-decide:", StringComparison.Ordinal)) decide = Fields(line);
            else if (line.StartsWith("mtl-export:", StringComparison.Ordinal)) export = Fields(line);
            else if (line.StartsWith("mtl-predict:", StringComparison.Ordinal)) predict = Fields(line);
        }
        if (train is null || decide is null || export is null || predict is null) return null;
        return new FirmwareTraining(epochs, restarts, Int(train, "epochs"), Int(train, "reason"), Int(train, "best_epoch"), Int(train, "restored_best") != 0,
            Int(train, "retried") != 0, Long(train, "instructions"), Double(decide, "old_validation"), Double(decide, "new_validation"),
            Int(decide, "decision"), Int(decide, "initialisation"), Long(decide, "instructions"), Int(export, "bytes"), Long(export, "instructions"),
            Int(predict, "samples"), Int(predict, "correct"), Long(predict, "instructions"));
    }

    /// <summary>A double the C printed with %.17g (nan, inf and -inf as newlib and glibc spell them).</summary>
    internal static double Double(Dictionary<string, string> fields, string key)
    {
        if (!fields.TryGetValue(key, out string? text)) throw new FormatException($"the firmware's line has no number '{key}='");
        return text.ToLowerInvariant() switch
        {
            "nan" or "-nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
                : throw new FormatException($"the firmware's '{key}={text}' is not a number"),
        };
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
