namespace MicroTL.Transfer;

/// <summary>
/// Reads a feature store log record by record (one record buffer of memory, as on a device) and
/// replays it into a fresh <see cref="FeatureStore"/> or another <see cref="IFeatureLogSink"/>,
/// checking every CRC.
/// </summary>
/// <remarks>
/// Each record says "log slot s now holds this sample". Normally log slot s is RAM slot s. If a
/// corrupt record in the middle was skipped and it was the one that first filled a slot, later
/// slots would leave a gap, and the RAM store has none; so a map from log slots to RAM slots
/// (one int per slot, allocated only while opening) assigns RAM slots in the order slots first
/// appear, and <see cref="SlotsDiverged"/> tells the caller to compact so the file matches RAM.
/// The policy state (per-class samples offered, PRNG state) is taken from the last good record
/// that carries it, so a reopened store continues the same random sequence; samples discarded
/// after the last logged record are not in the log (they changed no content) and their draws
/// are replayed differently.
/// </remarks>
internal sealed class FeatureLogReplay
{
    private readonly IFeatureLogSink _sink;

    private FeatureLogReplay(FeatureLogHeader header, IFeatureLogSink sink) { Header = header; _sink = sink; }

    public FeatureLogHeader Header { get; }

    /// <summary>The RAM store replayed into by <see cref="Run(FeatureLogHeader, Stream)"/>.</summary>
    public FeatureStore Store => _sink as FeatureStore ?? throw new InvalidOperationException("This replay went into another sink.");
    public int RecordsReplayed { get; private set; }
    public int CorruptRecords { get; private set; }
    public int TornRecords { get; private set; }
    public long TornBytes { get; private set; }

    /// <summary>Length of the file up to the end of its last good record: where appends continue.</summary>
    public long GoodLength { get; private set; }

    /// <summary>True when RAM slot numbers differ from the log's (after a skipped record).</summary>
    public bool SlotsDiverged { get; private set; }

    /// <summary>Reads the header from the start of <paramref name="stream"/>; throws <see cref="FeatureStoreException"/> if it is not a usable store.</summary>
    public static FeatureLogHeader ReadHeader(string path, Stream stream)
    {
        Span<byte> header = stackalloc byte[FeatureLogFormat.HeaderBytes];
        stream.Position = 0;
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return FeatureLogFormat.ReadHeader(path, header[..read]);
    }

    /// <summary>Replays the records that follow an already checked header.</summary>
    public static FeatureLogReplay Run(FeatureLogHeader header, Stream stream) => Run(header, stream, header.CreateStore());

    /// <summary>Replays the records that follow an already checked header into <paramref name="sink"/>.</summary>
    public static FeatureLogReplay Run(FeatureLogHeader header, Stream stream, IFeatureLogSink sink)
    {
        var replay = new FeatureLogReplay(header, sink);
        replay.ReplayRecords(stream);
        return replay;
    }

    private void ReplayRecords(Stream stream)
    {
        int recordBytes = FeatureLogFormat.RecordBytes(Header.FeatureLength);
        long body = stream.Length - FeatureLogFormat.HeaderBytes;
        long fullRecords = body / recordBytes;
        var record = new byte[recordBytes];
        var ramSlotOf = new int[_sink.CapacityRecords];
        Array.Fill(ramSlotOf, -1);

        long lastGood = -1;
        int badSinceGood = 0;
        stream.Position = FeatureLogFormat.HeaderBytes;
        for (long i = 0; i < fullRecords; i++)
        {
            stream.ReadExactly(record);
            if (!FeatureLogFormat.IsValidRecord(record, Header, _sink.CapacityRecords))
            {
                badSinceGood++;
                continue;
            }
            CorruptRecords += badSinceGood; // bad records followed by a good one were in the middle
            badSinceGood = 0;
            lastGood = i;
            Apply(record, ramSlotOf, FeatureLogFormat.HeaderBytes + i * recordBytes);
        }

        TornRecords = badSinceGood;
        GoodLength = FeatureLogFormat.HeaderBytes + (lastGood + 1) * recordBytes;
        TornBytes = stream.Length - GoodLength;
    }

    private void Apply(ReadOnlySpan<byte> record, int[] ramSlotOf, long offset)
    {
        int logSlot = FeatureLogFormat.Slot(record);
        int label = FeatureLogFormat.Label(record);
        ReadOnlySpan<sbyte> features = FeatureLogFormat.Features(record, Header.FeatureLength);
        bool firstUse = ramSlotOf[logSlot] < 0;
        if (firstUse != (FeatureLogFormat.Kind(record) == FeatureLogRecordKind.Store)) SlotsDiverged = true;

        if (firstUse)
        {
            ramSlotOf[logSlot] = _sink.Count;
            if (logSlot != _sink.Count) SlotsDiverged = true;
        }
        _sink.Put(ramSlotOf[logSlot], label, features, offset);
        _sink.RestorePolicy(label, FeatureLogFormat.Seen(record), FeatureLogFormat.RandomState(record));
        RecordsReplayed++;
    }
}
