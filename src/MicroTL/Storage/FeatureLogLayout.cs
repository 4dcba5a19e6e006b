using MicroTL.Features;
using MicroTL.Store;

namespace MicroTL.Storage;

/// <summary>What a feature log's header fixes: the layout every record must have, and the store's seed.</summary>
/// <param name="Segments">The parts of each record's features and their quantization (F = <c>Segments.Length</c>).</param>
/// <param name="CapacityBytes">The store's byte budget as a RAM store counts it (2 + F per record).</param>
/// <param name="MaxClasses">Labels are in [0, MaxClasses).</param>
/// <param name="Seed">The seed the store's PRNG started from (an existing log's logged PRNG state wins).</param>
internal sealed record FeatureLogLayout(FeatureSegments Segments, int CapacityBytes, int MaxClasses, ulong Seed)
{
    /// <summary>F, the int8 values per record.</summary>
    public int FeatureLength => Segments.Length;

    /// <summary>Records the store holds: <c>floor(CapacityBytes / (2 + F))</c>.</summary>
    public int CapacityRecords => CapacityBytes / (FeatureStore.LabelBytes + FeatureLength);

    /// <summary>Checks the sizes as the <see cref="FeatureStore"/> constructor does.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is invalid; the message has the numbers.</exception>
    public FeatureLogLayout Validate()
    {
        FeatureStore.RequiredBytes(FeatureLength, CapacityBytes, MaxClasses);
        return this;
    }

    /// <summary>The differences that make a log unusable for the requested layout (the seed is not one: the log's wins), or empty.</summary>
    public string Differences(FeatureLogLayout requested)
    {
        var d = new List<string>();
        if (FeatureLength != requested.FeatureLength) d.Add($"feature length {FeatureLength} in the store, {requested.FeatureLength} requested");
        string parts = Segments.Differences(requested.Segments);
        if (parts.Length > 0) d.Add(parts);
        if (CapacityBytes != requested.CapacityBytes) d.Add($"capacity {CapacityBytes} bytes in the store, {requested.CapacityBytes} requested");
        if (MaxClasses != requested.MaxClasses) d.Add($"max classes {MaxClasses} in the store, {requested.MaxClasses} requested");
        return string.Join("; ", d);
    }
}
