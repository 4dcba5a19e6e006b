using MicroTL.IO;

namespace MicroTL.Transfer;

/// <summary>
/// A <see cref="FeatureStore"/> whose every change is logged to a file (the device's flash) so the
/// collected features survive a reset or power loss. Record layout: <see cref="FeatureLogFormat"/>.
/// </summary>
/// <remarks>
/// <para>Append-only: each kept sample (stored or replacing a record) appends one record saying
/// "slot i now holds this" and flushes it to the disk before <see cref="Add"/> returns, so a power
/// loss loses at most the record being written. Opening replays the log into RAM, verifies every
/// CRC, skips corrupt records in the middle, and cuts a torn tail back to the last good record so
/// later appends start on a record boundary.</para>
/// <para>Replacements make the log outgrow the store; when the file exceeds
/// <see cref="CompactionFactor"/> times the live size (<c>40 + Count * (28 + F)</c> bytes) it is
/// compacted: every live record is written to <c>PATH.compact</c>, flushed, and renamed over the
/// log (an atomic replace), so a power loss leaves either the old log or the new one; an
/// unfinished <c>PATH.compact</c> is deleted on the next open; the directory is fsynced after the
/// rename (<see cref="DirectorySync"/>). Flash needed at most:
/// <c>(CompactionFactor + 1) * live size</c> plus one record (<see cref="FlashFeatureStore.MaxFlashBytes"/>).</para>
/// <para>Memory beyond the store: one record buffer (28 + F bytes) and the file handle; while
/// opening, also one int per slot to map log slots to RAM slots (see <see cref="FeatureLogReplay"/>).</para>
/// </remarks>
public sealed class DurableFeatureStore : IDisposable
{
    /// <summary>The default log-to-live size ratio that triggers compaction.</summary>
    public const double DefaultCompactionFactor = 2.0;

    private readonly FeatureLogHeader _header;
    private readonly byte[] _record;
    private FileStream _log;
    private double _compactionFactor = DefaultCompactionFactor;
    private string? _writeFailure;

    private DurableFeatureStore(string path, FeatureLogHeader header, FeatureStore store, FileStream log)
    {
        FilePath = path;
        _header = header;
        Store = store;
        _log = log;
        _record = new byte[FeatureLogFormat.RecordBytes(header.FeatureLength)];
        Recovery = new FeatureLogRecovery(0, 0, 0, 0, false, false);
    }

    /// <summary>Creates a new, empty store file (header only, written atomically) and opens it.</summary>
    /// <exception cref="FeatureStoreException">The file already exists.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for the <see cref="FeatureStore"/> constructor.</exception>
    public static DurableFeatureStore Create(string path, int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256, ulong seed = 1)
    {
        FeatureLogHeader header = FeatureLogFormat.RequestedHeader(featureLength, quantization, capacityBytes, maxClasses, seed);
        FeatureLogFormat.CreateFile(path, header);
        return OpenFile(path, header);
    }

    /// <summary>Opens an existing store file, recovering what a power loss left (see <see cref="Recovery"/>); the layout comes from its header.</summary>
    /// <exception cref="FeatureStoreException">The file is not a store, or its header is corrupt or of another version.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static DurableFeatureStore Open(string path) => OpenFile(path, requested: null);

    /// <summary>Opens the store file if it exists (checking it has the requested layout), else creates it.</summary>
    /// <remarks>The seed is used only when the file is created; an existing file's logged PRNG state wins.</remarks>
    /// <exception cref="FeatureStoreException">The file is not a store, or its feature length, quantization, capacity or class count differs from the request; the message lists each difference.</exception>
    public static DurableFeatureStore OpenOrCreate(string path, int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256, ulong seed = 1)
    {
        if (!File.Exists(path)) return Create(path, featureLength, quantization, capacityBytes, maxClasses, seed);
        return OpenFile(path, FeatureLogFormat.RequestedHeader(featureLength, quantization, capacityBytes, maxClasses, seed));
    }

    /// <summary>Reads a store file into a new in-RAM <see cref="FeatureStore"/> without changing the file (no truncation, no cleanup).</summary>
    /// <exception cref="FeatureStoreException">The file is not a store, or its header is corrupt or of another version.</exception>
    public static FeatureStore Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return FeatureLogReplay.Run(FeatureLogReplay.ReadHeader(path, stream), stream).Store;
    }

    /// <summary>The log file.</summary>
    public string FilePath { get; }

    /// <summary>The in-RAM store, equal to what the log replays to. Add through <see cref="Add"/> only, or changes are not logged.</summary>
    public FeatureStore Store { get; }

    /// <summary>What opening found and repaired.</summary>
    public FeatureLogRecovery Recovery { get; private set; }

    /// <summary>Bytes in the log file now.</summary>
    public long LogBytes => _log.Length;

    /// <summary>Bytes a compacted log of the current contents takes: <c>40 + Count * (28 + F)</c>.</summary>
    public long LiveBytes => FeatureLogFormat.HeaderBytes + (long)Store.Count * _record.Length;

    /// <summary>Compaction runs when <c>LogBytes &gt; CompactionFactor * LiveBytes</c>; at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or not finite.</exception>
    public double CompactionFactor
    {
        get => _compactionFactor;
        set => _compactionFactor = value >= 1 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Compaction factor must be finite and at least 1.");
    }

    /// <summary>Test hook: runs after the compacted file is flushed, before it replaces the log (a throw here is a power loss).</summary>
    internal Action? BeforeCompactionRename { get; set; }

    /// <summary>Test seam: a simulated power loss at a step of the appends and compactions (see <see cref="IO.PowerLoss"/>).</summary>
    internal PowerLoss? SimulatedPowerLoss { get; set; }

    private string CompactionPath => FilePath + ".compact";

    /// <summary>
    /// Adds a sample to the store (<see cref="FeatureStore.Add"/>: the class-balanced reservoir) and,
    /// when it is kept, appends its record and flushes it to the disk before returning; may compact.
    /// </summary>
    /// <exception cref="IOException">The append failed (e.g. the disk is full); from then on this instance refuses to write.</exception>
    /// <exception cref="FeatureStoreException">An earlier append failed; reopen the store.</exception>
    public AddResult Add(ReadOnlySpan<sbyte> features, int label)
    {
        ObjectDisposedException.ThrowIf(!_log.CanWrite, this);
        ThrowIfWriteFailed();
        AddResult result = Store.Add(features, label);
        if (!result.Kept) return result;

        var kind = result.Outcome == AddOutcome.Stored ? FeatureLogRecordKind.Store : FeatureLogRecordKind.Replace;
        FeatureLogFormat.WriteRecord(_record, kind, result.Slot, label, Store.SeenOf(label), Store.RandomState, features);
        try
        {
            PowerLoss.Write(SimulatedPowerLoss, _log, _record);
            PowerLoss.Boundary(SimulatedPowerLoss);
            _log.Flush(flushToDisk: true);
        }
        catch (Exception error)
        {
            // Part of the record may be in the file: appending after it would shift every later
            // record off the record grid, and reopening would drop them all. The RAM store also
            // holds a sample the log lacks. Only reopening (which cuts the torn tail) makes the two agree.
            _writeFailure = error.Message;
            throw;
        }

        if (_log.Length > _compactionFactor * LiveBytes) Compact();
        return result;
    }

    /// <summary>Rewrites the log as one record per live slot (atomically, see the remarks).</summary>
    /// <exception cref="FeatureStoreException">An earlier append failed; reopen the store.</exception>
    public void Compact()
    {
        ObjectDisposedException.ThrowIf(!_log.CanWrite, this);
        ThrowIfWriteFailed();
        string temporary = CompactionPath;
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Span<byte> header = stackalloc byte[FeatureLogFormat.HeaderBytes];
            FeatureLogFormat.WriteHeader(header, _header);
            PowerLoss.Write(SimulatedPowerLoss, output, header);
            for (int slot = 0; slot < Store.Count; slot++)
            {
                int label = Store.LabelOf(slot);
                FeatureLogFormat.WriteRecord(_record, FeatureLogRecordKind.Store, slot, label, Store.SeenOf(label), Store.RandomState, Store.FeaturesOf(slot));
                PowerLoss.Write(SimulatedPowerLoss, output, _record);
            }
            PowerLoss.Boundary(SimulatedPowerLoss);
            output.Flush(flushToDisk: true);
        }

        BeforeCompactionRename?.Invoke();
        PowerLoss.Boundary(SimulatedPowerLoss);
        _log.Dispose();
        try
        {
            File.Move(temporary, FilePath, overwrite: true);
            PowerLoss.Boundary(SimulatedPowerLoss);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(FilePath))!);
        }
        finally
        {
            // The new log after the rename, the old (complete) one if it failed: either way appends continue on a record boundary.
            _log = OpenForAppend(FilePath);
            _log.Seek(0, SeekOrigin.End);
        }
    }

    private void ThrowIfWriteFailed()
    {
        if (_writeFailure is not null)
            throw new FeatureStoreException(FilePath, $"an earlier append to the log failed ({_writeFailure}); reopen the store, which drops the torn record and keeps every complete one.");
    }

    /// <summary>Closes the log file; every kept sample is already on the disk.</summary>
    public void Dispose() => _log.Dispose();

    private static DurableFeatureStore OpenFile(string path, FeatureLogHeader? requested)
    {
        bool staleRemoved = false;
        string temporary = path + ".compact";
        FileStream log = OpenForAppend(path);
        try
        {
            FeatureLogHeader header = FeatureLogReplay.ReadHeader(path, log);
            string differences = requested is null ? "" : header.Differences(requested);
            if (differences.Length > 0)
                throw new FeatureStoreException(path, $"the file's layout differs from the requested one: {differences}.");

            // The log was not replaced, so an unfinished compaction is garbage; the old log is complete.
            if (File.Exists(temporary)) { File.Delete(temporary); staleRemoved = true; }

            FeatureLogReplay replay = FeatureLogReplay.Run(header, log);
            if (replay.TornBytes > 0)
            {
                log.SetLength(replay.GoodLength);
                log.Flush(flushToDisk: true);
            }
            log.Seek(0, SeekOrigin.End);

            var store = new DurableFeatureStore(path, header, replay.Store, log);
            bool compact = replay.CorruptRecords > 0 || replay.SlotsDiverged;
            if (compact) store.Compact();
            store.Recovery = new FeatureLogRecovery(replay.RecordsReplayed, replay.CorruptRecords, replay.TornRecords, replay.TornBytes, compact, staleRemoved);
            return store;
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    // Unbuffered (bufferSize 0): each record goes straight to the OS, so Flush(true) is one fsync.
    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
}
