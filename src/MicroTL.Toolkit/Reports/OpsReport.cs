using MicroTL.Training;

namespace MicroTL.Toolkit.Reports;

/// <summary>
/// The work of an on-device run: <c>ops</c> of the transfer, demo and workload reports, the op counts the energy model prices.
/// </summary>
/// <param name="CollectionInt8Macs">int8 multiply-accumulates of feature collection by operator name, in ordinal order of the names.</param>
/// <param name="BytesStored">Feature bytes written to the store.</param>
/// <param name="Training">Float work of head training and validation.</param>
/// <param name="CollectionFloatOperations">Float operations of feature collection besides the int8 MACs (window statistics, augmentation); 0 when absent.</param>
public sealed record OpsReport(
    [property: System.Text.Json.Serialization.JsonRequired] IReadOnlyDictionary<string, long> CollectionInt8Macs,
    [property: System.Text.Json.Serialization.JsonRequired] long BytesStored,
    [property: System.Text.Json.Serialization.JsonRequired] TrainingOpsReport Training,
    // Absent when 0, so the reports (and the built-in workload) of a model without float collection work keep their bytes.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    long CollectionFloatOperations = 0)
{
    /// <summary>The report of the counts; operators sorted by name so the same run gives the same bytes.</summary>
    public static OpsReport From(IReadOnlyDictionary<string, long> collectionInt8Macs, long bytesStored, OpCounts training, long collectionFloatOperations = 0)
    {
        var macs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string op, long count) in collectionInt8Macs.OrderBy(kv => kv.Key, StringComparer.Ordinal)) macs[op] = count;
        return new OpsReport(macs, bytesStored, TrainingOpsReport.From(training), collectionFloatOperations);
    }
}

/// <summary>Float work of head training: <c>ops.training</c>.</summary>
/// <param name="ForwardMultiplyAdds">Multiply-adds of forward passes.</param>
/// <param name="BackwardMultiplyAdds">Multiply-adds of backward passes.</param>
/// <param name="OptimizerMultiplyAdds">Multiply-adds of optimizer updates.</param>
/// <param name="BytesDequantized">int8 feature bytes turned into floats.</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="OptimizerRootsAndDivisions">Square roots and divisions of optimizer updates (Adam's); absent when 0, and in
/// reports written before they were counted, which therefore price none.</param>
public sealed record TrainingOpsReport(
    [property: System.Text.Json.Serialization.JsonRequired] long ForwardMultiplyAdds,
    [property: System.Text.Json.Serialization.JsonRequired] long BackwardMultiplyAdds,
    [property: System.Text.Json.Serialization.JsonRequired] long OptimizerMultiplyAdds,
    [property: System.Text.Json.Serialization.JsonRequired] long BytesDequantized,
    [property: System.Text.Json.Serialization.JsonRequired] long Steps,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    long OptimizerRootsAndDivisions = 0)
{
    /// <summary>The report of <paramref name="ops"/> (samples are not reported: the steps and bytes carry them).</summary>
    public static TrainingOpsReport From(OpCounts ops) =>
        new(ops.ForwardMultiplyAdds, ops.BackwardMultiplyAdds, ops.OptimizerMultiplyAdds, ops.BytesDequantized, ops.Steps,
            ops.OptimizerRootsAndDivisions);

    /// <summary>The op counts back (samples 0: not reported).</summary>
    public OpCounts ToOpCounts() =>
        new(ForwardMultiplyAdds, BackwardMultiplyAdds, OptimizerMultiplyAdds, OptimizerRootsAndDivisions, BytesDequantized, 0, Steps);
}
