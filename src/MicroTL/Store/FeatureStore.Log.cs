using MicroTL.Features;
using MicroTL.Storage;

namespace MicroTL.Store;

/// <summary>A <see cref="FeatureStore"/> on a flash medium: creating, opening (with recovery), loading and compacting its log.</summary>
public sealed partial class FeatureStore : IFeatureLogSink
{
    private bool _replayKindsDisagree;

    /// <summary>Formats <paramref name="medium"/> with an empty store's log and opens it.</summary>
    /// <param name="medium">The flash the log lives in; at least <see cref="RequiredFlashBytes(int, int, FlashGeometry)"/> bytes for a store that compacts as planned.</param>
    /// <param name="featureLength">F.</param>
    /// <param name="quantization">How the features map back to real values.</param>
    /// <param name="capacityBytes">The byte budget: <c>R = floor(capacityBytes / (2 + F))</c>.</param>
    /// <param name="maxClasses">Labels are in [0, maxClasses).</param>
    /// <param name="seed">Seeds the policy's PRNG.</param>
    /// <param name="mode"><see cref="FeatureStoreMode.RamJournaled"/> or <see cref="FeatureStoreMode.Flash"/>.</param>
    /// <exception cref="FeatureStoreException">The medium already holds a feature store, or is too small for this one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="FeatureStoreMode.Ram"/>, which keeps no log.</exception>
    public static FeatureStore Create(IFlashMedium medium, int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256,
        ulong seed = 1, FeatureStoreMode mode = FeatureStoreMode.RamJournaled)
    {
        ArgumentNullException.ThrowIfNull(medium);
        CheckLogged(mode);
        return Create(medium, Segments1(featureLength, quantization), capacityBytes, maxClasses, seed, mode);
    }

    /// <summary>Formats <paramref name="medium"/> with an empty store's log for records of <paramref name="segments"/> and opens it.</summary>
    /// <param name="medium">The flash the log lives in.</param>
    /// <param name="segments">The parts of each record's features and their quantization (F = <c>segments.Length</c>).</param>
    /// <param name="capacityBytes">The byte budget: <c>R = floor(capacityBytes / (2 + F))</c>.</param>
    /// <param name="maxClasses">Labels are in [0, maxClasses).</param>
    /// <param name="seed">Seeds the policy's PRNG.</param>
    /// <param name="mode"><see cref="FeatureStoreMode.RamJournaled"/> or <see cref="FeatureStoreMode.Flash"/>.</param>
    /// <exception cref="FeatureStoreException">The medium already holds a feature store, or is too small for this one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for the constructor.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="FeatureStoreMode.Ram"/>, which keeps no log.</exception>
    public static FeatureStore Create(IFlashMedium medium, FeatureSegments segments, int capacityBytes, int maxClasses = 256,
        ulong seed = 1, FeatureStoreMode mode = FeatureStoreMode.RamJournaled)
    {
        ArgumentNullException.ThrowIfNull(medium);
        CheckLogged(mode);
        FeatureLogLayout layout = Layout(segments, capacityBytes, maxClasses, seed);
        if (FeatureLog.HoldsStore(medium))
            throw new FeatureStoreException(medium.Name, "the medium already holds a feature store; open it, or erase the medium to start over.");
        return new FeatureStore(layout, FeatureLog.Format(medium, layout), mode);
    }

    /// <summary>Opens the store on <paramref name="medium"/>, recovering what a power loss or damage left (see <see cref="Recovery"/>); the layout comes from its header.</summary>
    /// <param name="medium">The flash the log lives in.</param>
    /// <param name="mode">Where the records go: <see cref="FeatureStoreMode.Ram"/> reads a copy and never writes (<see cref="Load"/>).</param>
    /// <exception cref="FeatureStoreException">The medium holds no usable store: not a store, another format version, a corrupt header, or a geometry other than the store's. The message names the medium.</exception>
    public static FeatureStore Open(IFlashMedium medium, FeatureStoreMode mode = FeatureStoreMode.RamJournaled)
    {
        ArgumentNullException.ThrowIfNull(medium);
        return OpenLog(medium, requested: null, formatWhenEmpty: false, mode);
    }

    /// <summary>
    /// Opens the store on <paramref name="medium"/>, checking it has the requested layout; a medium
    /// that holds no store (erased, or only a header torn while the store was created) is formatted first.
    /// </summary>
    /// <remarks>The seed is used only when the store is created; an existing log's PRNG state wins.</remarks>
    /// <exception cref="FeatureStoreException">As for <see cref="Open"/>, or the store's layout differs from the request (each difference listed),
    /// or the medium is too small.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="FeatureStoreMode.Ram"/>, which keeps no log.</exception>
    public static FeatureStore OpenOrCreate(IFlashMedium medium, int featureLength, FeatureQuantization quantization, int capacityBytes,
        int maxClasses = 256, ulong seed = 1, FeatureStoreMode mode = FeatureStoreMode.RamJournaled)
    {
        ArgumentNullException.ThrowIfNull(medium);
        CheckLogged(mode);
        return OpenOrCreate(medium, Segments1(featureLength, quantization), capacityBytes, maxClasses, seed, mode);
    }

    /// <summary>
    /// Opens the store on <paramref name="medium"/> for records of <paramref name="segments"/>, checking it has the requested
    /// layout; a medium that holds no store (erased, or only a header torn while the store was created) is formatted first.
    /// </summary>
    /// <remarks>The seed is used only when the store is created; an existing log's PRNG state wins.</remarks>
    /// <exception cref="FeatureStoreException">As for <see cref="Open"/>, or the store's layout differs from the request (each difference listed),
    /// or the medium is too small.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is <see cref="FeatureStoreMode.Ram"/>, which keeps no log.</exception>
    public static FeatureStore OpenOrCreate(IFlashMedium medium, FeatureSegments segments, int capacityBytes,
        int maxClasses = 256, ulong seed = 1, FeatureStoreMode mode = FeatureStoreMode.RamJournaled)
    {
        ArgumentNullException.ThrowIfNull(medium);
        CheckLogged(mode);
        return OpenLog(medium, Layout(segments, capacityBytes, maxClasses, seed), formatWhenEmpty: true, mode);
    }

    /// <summary>Reads the store on <paramref name="medium"/> into a new store in RAM only, without writing to the medium.</summary>
    /// <exception cref="FeatureStoreException">As for <see cref="Open"/>.</exception>
    public static FeatureStore Load(IFlashMedium medium) => Open(medium, FeatureStoreMode.Ram);

    /// <summary>
    /// Rewrites the log as one record per live slot in the other bank and makes it the log
    /// (<see cref="FeatureLog"/>: the header is programmed last, so a power loss leaves one whole log).
    /// <see cref="Add"/> compacts on its own when the active bank is full.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store keeps no log.</exception>
    /// <exception cref="FeatureStoreException">A record in flash no longer matches its CRC-32; reopen the store, which drops it.</exception>
    public void Compact()
    {
        FeatureLog log = _log ?? throw new InvalidOperationException("A store in RAM only keeps no log to compact.");
        log.BeginCompaction();
        for (int slot = 0; slot < Count; slot++)
        {
            int label = _policy.LabelOf(slot);
            log.WriteCompacted(slot, label, _policy.SeenOf(label), _policy.RandomState, _records.Read(slot, label));
        }

        log.CommitCompaction();
        _records.Relocate(Count); // before anything can fail again: the new bank is the log now
        log.RetireOtherBank();
    }

    void IFeatureLogSink.Apply(FeatureLogRecordKind kind, int slot, int label, long seen, ulong randomState, ReadOnlySpan<sbyte> features, int address)
    {
        if (!_policy.PlaceLogged(slot, label, kind == FeatureLogRecordKind.Store, seen, randomState)) _replayKindsDisagree = true;
        _records.Put(slot, features, address);
    }

    private static FeatureStore OpenLog(IFlashMedium medium, FeatureLogLayout? requested, bool formatWhenEmpty, FeatureStoreMode mode)
    {
        FeatureLog.Opening opening = FeatureLog.Open(medium, requested, formatWhenEmpty);
        bool readOnly = mode == FeatureStoreMode.Ram;
        var store = new FeatureStore(opening.Log.Layout, readOnly ? null : opening.Log, mode);
        FeatureLogScan scan = opening.Log.Replay(store);
        bool gapsClosed = store._policy.CloseGaps(store._records);

        // Flash cannot cut a torn tail off or overwrite it: rewriting the live records into the other bank is the repair.
        bool compact = !readOnly && (scan.CorruptRecords > 0 || scan.TornRecords > 0 || gapsClosed || store._replayKindsDisagree);
        if (compact) store.Compact();
        else if (!readOnly && opening.OlderBankFound) opening.Log.RetireOtherBank();
        store.Recovery = new FeatureLogRecovery(scan.RecordsReplayed, scan.CorruptRecords, scan.TornRecords, scan.TornBytes,
            compact, opening.OlderBankFound && !readOnly, opening.Formatted, scan.FirstCorruptSlot);
        return store;
    }

    private static void CheckLogged(FeatureStoreMode mode)
    {
        if (mode == FeatureStoreMode.Ram)
            throw new ArgumentException("A store on a flash medium keeps its records in RAM journaled to the log, or in the log: use RamJournaled or Flash.", nameof(mode));
    }
}
