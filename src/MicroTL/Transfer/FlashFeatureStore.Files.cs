using MicroTL.IO;
using Microsoft.Win32.SafeHandles;

namespace MicroTL.Transfer;

/// <summary>Creating, opening (with recovery) and compacting a <see cref="FlashFeatureStore"/>'s file.</summary>
public sealed partial class FlashFeatureStore
{
    /// <summary>Test hook: runs after the compacted file is flushed, before it replaces the log (a throw here is a power loss).</summary>
    internal Action? BeforeCompactionRename { get; set; }

    /// <summary>Test seam: a simulated power loss at a step of the appends and compactions (see <see cref="IO.PowerLoss"/>).</summary>
    internal PowerLoss? SimulatedPowerLoss { get; set; }

    private string CompactionPath => FilePath + ".compact";

    /// <summary>Creates a new, empty store file (header only, written atomically) and opens it.</summary>
    /// <exception cref="FeatureStoreException">The file already exists.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for the <see cref="FeatureStore"/> constructor.</exception>
    public static FlashFeatureStore Create(string path, int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256, ulong seed = 1)
    {
        FeatureLogHeader header = FeatureLogFormat.RequestedHeader(featureLength, quantization, capacityBytes, maxClasses, seed);
        FeatureLogFormat.CreateFile(path, header);
        return OpenPath(path, header);
    }

    /// <summary>Opens an existing store file (written by this type or a <see cref="DurableFeatureStore"/>), recovering what a power loss left (see <see cref="Recovery"/>).</summary>
    /// <exception cref="FeatureStoreException">The file is not a store, or its header is corrupt or of another version.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static FlashFeatureStore Open(string path) => OpenPath(path, requested: null);

    /// <summary>Opens the store file if it exists (checking it has the requested layout), else creates it.</summary>
    /// <remarks>The seed is used only when the file is created; an existing file's logged PRNG state wins.</remarks>
    /// <exception cref="FeatureStoreException">The file is not a store, or its layout differs from the request; the message lists each difference.</exception>
    public static FlashFeatureStore OpenOrCreate(string path, int featureLength, FeatureQuantization quantization, int capacityBytes, int maxClasses = 256, ulong seed = 1)
    {
        if (!File.Exists(path)) return Create(path, featureLength, quantization, capacityBytes, maxClasses, seed);
        return OpenPath(path, FeatureLogFormat.RequestedHeader(featureLength, quantization, capacityBytes, maxClasses, seed));
    }

    /// <summary>
    /// Rewrites the log as one record per live slot, in slot order: each is read (CRC-checked) into
    /// the record buffer and written to <c>PATH.compact</c>, which is flushed and renamed over the
    /// log, so a power loss leaves either the old log or the new one. Offsets move only after the
    /// rename, when the new file is the log.
    /// </summary>
    /// <exception cref="FeatureStoreException">A live record on flash no longer matches its CRC.</exception>
    public void Compact()
    {
        OpenFile();
        using (SafeFileHandle output = File.OpenHandle(CompactionPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Span<byte> header = stackalloc byte[FeatureLogFormat.HeaderBytes];
            FeatureLogFormat.WriteHeader(header, _header);
            PowerLoss.Write(SimulatedPowerLoss, output, header, 0);
            for (int slot = 0; slot < Count; slot++)
            {
                Span<byte> record = ReadRecord(slot);
                int label = _labels[slot];
                // Rewritten in place: the features are already where WriteRecord puts them.
                FeatureLogFormat.WriteRecord(record, FeatureLogRecordKind.Store, slot, label, _seenOfClass[label], _random.State,
                    FeatureLogFormat.Features(record, FeatureLength));
                PowerLoss.Write(SimulatedPowerLoss, output, record, CompactedOffset(slot));
            }
            PowerLoss.Boundary(SimulatedPowerLoss);
            RandomAccess.FlushToDisk(output);
        }

        BeforeCompactionRename?.Invoke();
        PowerLoss.Boundary(SimulatedPowerLoss);
        _file!.Dispose();
        try
        {
            File.Move(CompactionPath, FilePath, overwrite: true);
        }
        catch
        {
            _file = OpenForAppend(FilePath); // the old log is still the log, and the index still points into it
            throw;
        }

        _file = OpenForAppend(FilePath);
        for (int slot = 0; slot < Count; slot++) _offsets[slot] = CompactedOffset(slot);
        _fileBytes = LiveBytes;
        PowerLoss.Boundary(SimulatedPowerLoss);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(FilePath))!);
    }

    private long CompactedOffset(int slot) => FeatureLogFormat.HeaderBytes + (long)slot * RecordBytes;

    private static FlashFeatureStore OpenPath(string path, FeatureLogHeader? requested)
    {
        FlashFeatureStore store;
        FeatureLogReplay replay;
        using (var log = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            FeatureLogHeader header = FeatureLogReplay.ReadHeader(path, log);
            string differences = requested is null ? "" : header.Differences(requested);
            if (differences.Length > 0)
                throw new FeatureStoreException(path, $"the file's layout differs from the requested one: {differences}.");
            store = new FlashFeatureStore(path, header);
            replay = FeatureLogReplay.Run(header, log, store);
        }

        // The log was not replaced, so an unfinished compaction is garbage; the old log is complete.
        bool staleRemoved = File.Exists(store.CompactionPath);
        if (staleRemoved) File.Delete(store.CompactionPath);

        store._file = OpenForAppend(path);
        try
        {
            if (replay.TornBytes > 0)
            {
                RandomAccess.SetLength(store._file, replay.GoodLength);
                RandomAccess.FlushToDisk(store._file);
            }
            store._fileBytes = replay.GoodLength;
            // After a skipped record the file no longer replays to exactly the index: rewrite it.
            bool compact = replay.CorruptRecords > 0 || replay.SlotsDiverged;
            if (compact) store.Compact();
            store.Recovery = new FeatureLogRecovery(replay.RecordsReplayed, replay.CorruptRecords, replay.TornRecords, replay.TornBytes, compact, staleRemoved);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static SafeFileHandle OpenForAppend(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
}
