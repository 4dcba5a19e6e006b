// The energy model's input as a file: written by `microtl energy --measure` (and the built-in scenario),
// read from such a file or from a transfer report, whose fields it shares (a transfer report has `head`
// and `store` where a workload file has `headParameterBytes`; other fields of a report are ignored).
using System.Text.Json.Serialization;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Reports;

/// <summary>A workload file, or the part of a transfer report the energy model reads.</summary>
/// <param name="Description">What was run.</param>
/// <param name="MeasuredWith">How it was measured (workload files).</param>
/// <param name="Epochs">Epochs trained and kept.</param>
/// <param name="HeadParameterBytes">Bytes of the head's float32 parameters (workload files; reports give <paramref name="Head"/>).</param>
/// <param name="StoreInFlash">True when the store lived in flash.</param>
/// <param name="Memory">RAM the job needs, when known.</param>
/// <param name="Head">The head's shape (transfer reports).</param>
/// <param name="Store">The store's counts (transfer reports: <c>samplesOffered</c> when <c>workload.samples</c> is absent).</param>
/// <param name="Ops">The run's work.</param>
/// <param name="Workload">The cloud-side figures.</param>
public sealed record WorkloadDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MeasuredWith,
    [property: JsonRequired] int Epochs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? HeadParameterBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? StoreInFlash,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MemoryTotalReport? Memory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HeadReport? Head,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StoreReport? Store,
    OpsReport? Ops,
    WorkloadReport? Workload)
{
    /// <summary>The file of <paramref name="w"/>, saying how it was measured.</summary>
    public static WorkloadDocument From(Workload w, string measuredWith) => new(
        w.Description, measuredWith, w.Epochs, w.HeadParameterBytes, w.StoreInFlash,
        w.RamBytesNeeded is { } ram ? new MemoryTotalReport(ram) : null, null, null,
        OpsReport.From(w.CollectionInt8Macs, w.BytesStored, w.Training, w.CollectionFloatOperations), WorkloadReport.From(w));

    /// <summary>The workload this document describes; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="ReportFormatException">A field the energy model needs is missing.</exception>
    /// <exception cref="WorkloadException">A count is out of range.</exception>
    public Workload ToWorkload(string origin)
    {
        OpsReport ops = Ops ?? throw new ReportFormatException(origin, "ops", "is missing");
        WorkloadReport w = Workload ?? throw new ReportFormatException(origin, "workload", "is missing");
        int samples = w.Samples ?? Store?.SamplesOffered ?? throw new ReportFormatException(origin, "workload.samples", "is missing");
        long headBytes = HeadParameterBytes
            ?? (Head is { } head ? Energy.Workload.HeadParameterBytesOf(head.Shape) : throw new ReportFormatException(origin, "head", "is missing"));
        return new Workload
        {
            Description = Description ?? $"transfer report {origin}",
            Samples = samples,
            RawBytesPerSample = w.RawBytesPerSample,
            CollectionInt8Macs = ops.CollectionInt8Macs,
            CollectionFloatOperations = ops.CollectionFloatOperations,
            BytesStored = ops.BytesStored,
            Training = ops.Training.ToOpCounts(),
            Epochs = Epochs,
            HeadParameterBytes = headBytes,
            CloudTrainHostSeconds = w.CloudTrainHostSeconds,
            CloudModelBytes = w.CloudModelBytes,
            DeployedModelBytes = w.DeployedModelBytes,
            RamBytesNeeded = Memory?.TotalBytes,
            StoreInFlash = StoreInFlash ?? Store?.Mode == "flash",
        }.Validated();
    }
}
