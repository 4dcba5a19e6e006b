using System.Text;
using System.Text.Json;
using MicroTL.Budget;
using MicroTL.Runtime.Ops;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;
using MicroTL.Training;
using MicroTL.Transfer;

namespace MicroTL.Cli.Commands;

/// <summary>The report of a transfer run: JSON for machines, a short summary for people.</summary>
public static class TransferReport
{
    /// <summary>The report; with <paramref name="experiment"/> (a run on a data set) it adds the baselines and the workload.</summary>
    public static string ToJson(TransferOutcome o, TransferExperimentResult? experiment = null)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            // energy --scenario prints what was run.
            if (experiment is not null) j.WriteString("description", experiment.Workload.Description);
            j.WriteStartObject("accuracy");
            Number(j, "before", o.AccuracyBefore);
            Number(j, "after", o.AccuracyAfter);
            Number(j, "candidate", o.CandidateAccuracy);
            Number(j, "floatHead", o.HeadAccuracy);
            Number(j, "validationOld", o.OldValidationAccuracy);
            Number(j, "validationNew", o.NewValidationAccuracy);
            if (experiment is not null) WriteBaselineAccuracies(j, experiment);
            j.WriteEndObject();
            j.WriteNumber("epochs", o.Training.EpochsRun);
            j.WriteString("stopReason", o.Training.Reason.ToString());
            j.WriteString("decision", o.Decision.ToString());
            j.WriteBoolean("deployed", o.Decision != DeploymentDecision.Rejected);
            WriteMemory(j, o.Memory, o.Device, o.AllocatedBytes);
            j.WriteStartObject("cut");
            j.WriteNumber("tensor", o.CutTensor);
            j.WriteString("name", o.CutTensorName);
            j.WriteNumber("features", o.Head.Inputs);
            j.WriteEndObject();
            j.WriteStartObject("head");
            j.WriteNumber("inputs", o.Head.Inputs);
            j.WriteNumber("hidden", o.Head.Hidden);
            j.WriteNumber("classes", o.Head.Classes);
            j.WriteString("initialisation", o.Initialisation);
            j.WriteBoolean("classesChanged", o.ClassesChanged);
            j.WriteEndObject();
            j.WriteStartObject("store");
            j.WriteNumber("samplesOffered", o.SamplesOffered);
            j.WriteNumber("samplesStored", o.SamplesStored);
            j.WriteNumber("recordsReopened", o.RecordsReopened);
            j.WriteNumber("bytesUsed", o.StoreBytesUsed);
            j.WriteNumber("trainRecords", o.TrainRecords);
            j.WriteNumber("validationRecords", o.ValidationRecords);
            j.WriteStartArray("perClass");
            foreach (int c in o.StoredPerClass) j.WriteNumberValue(c);
            j.WriteEndArray();
            j.WriteEndObject();
            WriteOps(j, o);
            EpochJson.WriteHeadEpochs(j, "perEpoch", o.Training.Epochs);
            j.WriteStartObject("export");
            j.WriteString("format", o.ExportFormat);
            j.WriteNumber("testSamples", o.TestSamples);
            j.WriteNumber("agreements", o.ExportAgreements);
            j.WriteEndObject();
            if (experiment is not null) WriteExperiment(j, experiment);
            j.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteSummary(TextWriter w, TransferOutcome o, string outPath)
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

    internal static void WriteMemory(Utf8JsonWriter j, MemoryBudget memory, DeviceMemory device, long allocatedBytes)
    {
        j.WriteStartObject("memory");
        j.WriteNumber("totalBytes", memory.TotalBytes);
        j.WriteNumber("allocatedBytes", allocatedBytes);
        j.WriteNumber("deviceRamBytes", device.RamBytes);
        j.WriteString("device", device.Name);
        j.WriteBoolean("fits", memory.Fits(device));
        j.WriteStartArray("components");
        foreach (MemoryComponent c in memory.Components)
        {
            j.WriteStartObject();
            j.WriteString("name", c.Name);
            j.WriteNumber("bytes", c.Bytes);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    private static void WriteBaselineAccuracies(Utf8JsonWriter j, TransferExperimentResult e)
    {
        Number(j, "cloudScratch", e.Cloud.Int8Accuracy);
        Number(j, "cloudScratchFloat", e.Cloud.FloatAccuracy);
        if (e.FloatFineTune is { } f) Number(j, "floatFineTune", f.Accuracy);
        else j.WriteNull("floatFineTune");
        if (e.Classical is { } c) Number(j, "classical", c.Accuracy);
        else j.WriteNull("classical");
    }

    /// <summary>The baselines' training facts and the workload the energy model reads (timing: cloudTrainHostSeconds only).</summary>
    private static void WriteExperiment(Utf8JsonWriter j, TransferExperimentResult e)
    {
        j.WriteStartObject("baselines");
        j.WriteStartObject("cloudScratch");
        j.WriteNumber("epochs", e.Cloud.History.Count);
        j.WriteNumber("modelBytes", e.Cloud.ModelBytes);
        j.WriteStartArray("perEpochTrainAccuracy");
        foreach (EpochProgress p in e.Cloud.History) j.WriteNumberValue(p.Accuracy);
        j.WriteEndArray();
        j.WriteEndObject();
        if (e.FloatFineTune is { } f)
        {
            j.WriteStartObject("floatFineTune");
            j.WriteNumber("epochs", f.Training.EpochsRun);
            j.WriteString("stopReason", f.Training.Reason.ToString());
            j.WriteStartArray("perEpochValidationAccuracy");
            foreach (EpochRecord r in f.Training.Epochs) Number(j, r.ValidationAccuracy);
            j.WriteEndArray();
            j.WriteEndObject();
        }

        j.WriteEndObject();
        Toolkit.Energy.Workload w = e.Workload;
        j.WriteStartObject("workload");
        j.WriteNumber("samples", w.Samples);
        j.WriteNumber("rawBytesPerSample", w.RawBytesPerSample);
        j.WriteNumber("cloudTrainHostSeconds", Math.Round(w.CloudTrainHostSeconds, 3));
        j.WriteNumber("cloudModelBytes", w.CloudModelBytes);
        j.WriteNumber("deployedModelBytes", w.DeployedModelBytes);
        j.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter j, double value)
    {
        if (double.IsFinite(value)) j.WriteNumberValue(value);
        else j.WriteNullValue();
    }

    internal static void WriteOps(Utf8JsonWriter j, TransferOutcome o) =>
        Toolkit.Energy.WorkloadFile.WriteOps(j, o.CollectionMacs.ToDictionary(kv => OperatorNames.Of(kv.Key), kv => kv.Value), o.BytesStored, o.Training.Ops);

    // JSON has no NaN: a value that does not exist (no validation split, classes changed) is null.
    private static void Number(Utf8JsonWriter j, string name, double value)
    {
        if (double.IsFinite(value)) j.WriteNumber(name, value);
        else j.WriteNull(name);
    }
}
