using MicroTL.Session;
using MicroTL.Training;

namespace MicroTL.Cli.Commands;

/// <summary>The summary of a transfer run for people (the report for machines: <see cref="Toolkit.Reports.TransferReport"/>).</summary>
public static class TransferSummary
{
    /// <summary>The report; with <paramref name="experiment"/> (a run on a data set) it adds the baselines and the workload.</summary>
    /// <summary>What the run did, in a few lines.</summary>
    public static void Write(TextWriter w, TransferOutcome o, string outPath)
    {
        w.WriteLine($"cut        tensor {o.CutTensor} '{o.CutTensorName}': {o.Head.Inputs} int8 features");
        w.WriteLine($"head       {o.Head} (initialised from {o.Initialisation})");
        string reopened = o.RecordsReopened > 0 ? $" (plus {o.RecordsReopened} records reopened from the store file)" : "";
        w.WriteLine($"store      {o.SamplesStored} of {o.SamplesOffered} samples{reopened}, {o.StoreBytesUsed} bytes; train {o.TrainRecords}, validation {o.ValidationRecords}");
        w.WriteLine($"training   {o.Training.EpochsRun} epochs, stopped: {o.Training.Reason}");
        w.WriteLine($"accuracy   before {o.AccuracyBefore:P1} -> after {o.AccuracyAfter:P1} on {o.TestSamples} test samples (new head {o.CandidateAccuracy:P1})");
        w.WriteLine($"decision   {o.Decision}: {(o.Decision == DeploymentDecision.Rejected ? "the original model is kept" : "the new head is deployed")} -> {outPath}");
        TransferCommand.WriteMemory(w, o.Memory, o.Device);
    }
}
