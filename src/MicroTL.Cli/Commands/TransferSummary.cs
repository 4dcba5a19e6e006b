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
        string extra = o.HeadFeatures is { } h ? $" + {h.Length} head features ('{Features.HeadFeatures.TensorName}')" : "";
        w.WriteLine($"cut        tensor {o.CutTensor} '{o.CutTensorName}': {o.Head.Inputs - (o.HeadFeatures?.Length ?? 0)} int8 features{extra}");
        w.WriteLine($"head       {o.Head} (initialised from {o.Initialisation})");
        string reopened = o.RecordsReopened > 0 ? $" (plus {o.RecordsReopened} records reopened from the store file)" : "";
        string copies = o.AugmentedCopies > 0 ? $" and {o.AugmentedCopies} augmented copies of each" : "";
        w.WriteLine($"store      {o.SamplesStored} records of {o.SamplesOffered} samples{copies}{reopened}, {o.StoreBytesUsed} bytes ({TransferCommand.StoreModeText(o.StoreMode)}); " +
            $"train {o.TrainRecords}, validation {o.ValidationRecords}");
        w.WriteLine($"training   {o.Training.EpochsRun} epochs, stopped: {o.Training.Reason}");
        w.WriteLine($"accuracy   before {t.AccuracyBefore:P1} -> after {t.AccuracyAfter:P1} on {t.TestSamples} test samples (new head {t.CandidateAccuracy:P1})");
        w.WriteLine($"decision   {o.Decision}: {(o.Decision == DeploymentDecision.Rejected ? "the original model is kept" : "the new head is deployed")} -> {outPath}");
        w.WriteLine($"           {o.DecisionReason}");
        TransferCommand.WriteMemory(w, o.Memory, o.Device);
    }
}
