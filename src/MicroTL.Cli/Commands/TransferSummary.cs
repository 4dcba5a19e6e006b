using MicroTL.Session;
using MicroTL.Toolkit.Experiments;
using MicroTL.Training;

namespace MicroTL.Cli.Commands;

/// <summary>The summary of a transfer run for people (the report for machines: <see cref="Toolkit.Reports.TransferReport"/>).</summary>
public static class TransferSummary
{
    /// <summary>What the run did and how its models score on the test set (<paramref name="t"/>), in a few lines.</summary>
    public static void Write(TextWriter w, TransferOutcome o, TransferEvaluation t, string outPath)
    {
        w.WriteLine($"cut        tensor {o.CutTensor} '{o.CutTensorName}': {o.Head.Inputs} int8 features");
        w.WriteLine($"head       {o.Head} (initialised from {o.Initialisation})");
        string reopened = o.RecordsReopened > 0 ? $" (plus {o.RecordsReopened} records reopened from the store file)" : "";
        w.WriteLine($"store      {o.SamplesStored} of {o.SamplesOffered} samples{reopened}, {o.StoreBytesUsed} bytes; train {o.TrainRecords}, validation {o.ValidationRecords}");
        w.WriteLine($"training   {o.Training.EpochsRun} epochs, stopped: {o.Training.Reason}");
        w.WriteLine($"accuracy   before {t.AccuracyBefore:P1} -> after {t.AccuracyAfter:P1} on {t.TestSamples} test samples (new head {t.CandidateAccuracy:P1})");
        w.WriteLine($"decision   {o.Decision}: {(o.Decision == DeploymentDecision.Rejected ? "the original model is kept" : "the new head is deployed")} -> {outPath}");
        w.WriteLine($"           {o.DecisionReason}");
        TransferCommand.WriteMemory(w, o.Memory, o.Device);
    }
}
