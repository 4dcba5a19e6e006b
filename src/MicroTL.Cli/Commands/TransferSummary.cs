using MicroTL.Session;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Training;

namespace MicroTL.Cli.Commands;

/// <summary>The summary of a transfer run for people (the report for machines: <see cref="Toolkit.Reports.TransferReport"/>).</summary>
public static class TransferSummary
{
    /// <summary>What the run did, in a few lines.</summary>
    public static void Write(TextWriter w, TransferOutcome o, TransferEvaluation t, string outPath)
    {
        string extra = o.HeadFeatures is { } h ? $" + {h.Length} head features ('{Features.HeadFeatures.TensorName}')" : "";
        w.WriteLine($"cut        tensor {o.CutTensor} '{o.CutTensorName}': {o.Head.Inputs - (o.HeadFeatures?.Length ?? 0)} int8 features{extra}");
        w.WriteLine($"head       {o.Head}, {TransferHtmlReport.Initialisation(o.Initialisation)}");
        string reopened = o.RecordsReopened > 0 ? $" (plus {Markup.Count(o.RecordsReopened, "record")} reopened from the store file)" : "";
        string copies = o.AugmentedCopies > 0 ? $" and {Markup.Count(o.AugmentedCopies, "augmented copy", "augmented copies")} of each" : "";
        w.WriteLine($"store      {o.SamplesStored} records of {Markup.Count(o.SamplesOffered, "sample")}{copies}{reopened}, {o.StoreBytesUsed} bytes " +
            $"({TransferCommand.StoreModeText(o.StoreMode)}); train {o.TrainRecords}, validation {o.ValidationRecords}");
        w.WriteLine($"training   {Markup.Count(o.Training.EpochsRun, "epoch")}, stopped: {o.Training.Reason}");
        w.WriteLine($"accuracy   before {t.AccuracyBefore:P1} -> after {t.AccuracyAfter:P1} on {Markup.Count(t.TestSamples, "test sample")} (new head {t.CandidateAccuracy:P1})");
        w.WriteLine($"decision   {o.Decision}: {(o.Decision == DeploymentDecision.Rejected ? "the original model is kept" : "the new head is deployed")} -> {outPath}");
        w.WriteLine($"           {o.DecisionReason}");
        TransferCommand.WriteMemory(w, o.Memory, o.Device);
    }

    /// <summary>The files the command wrote, on one line: a user sees at once where the model and the reports went.</summary>
    public static void WriteWritten(TextWriter w, IReadOnlyList<string> paths) => w.WriteLine($"wrote      {string.Join(", ", paths)}");
}
