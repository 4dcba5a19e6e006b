namespace MicroTL.Storage;

/// <summary>
/// Where <see cref="FeatureLog.Replay"/> applies a log's good records, in log order: the feature
/// store, which places the record in its slot (a copy of the features in RAM, or only the record's
/// address when its records stay in flash) and restores the policy state the record carries.
/// </summary>
internal interface IFeatureLogSink
{
    /// <summary>Slot <paramref name="slot"/> now holds this record, found at <paramref name="address"/> of the medium.</summary>
    /// <param name="kind">Store (a new slot) or replace.</param>
    /// <param name="slot">The slot the record names.</param>
    /// <param name="label">Its class.</param>
    /// <param name="seen">Samples of its class offered up to it.</param>
    /// <param name="randomState">The policy's PRNG state after it.</param>
    /// <param name="features">Its features, valid during the call only.</param>
    /// <param name="address">Where the record is on the medium.</param>
    void Apply(FeatureLogRecordKind kind, int slot, int label, long seen, ulong randomState, ReadOnlySpan<sbyte> features, int address);
}
