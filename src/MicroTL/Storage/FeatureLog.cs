using MicroTL.Store;

namespace MicroTL.Storage;

/// <summary>
/// A feature store's record log on a flash medium, in two banks: records are appended to the
/// active bank; when it is full, the live records are compacted into the other, and the banks swap.
/// Works over <see cref="IFlashMedium"/> alone. Byte layout: <see cref="FeatureLogFormat"/>.
/// </summary>
/// <remarks>
/// <para><b>Appends.</b> Each record is programmed into the next free slot of the active bank and
/// the medium synced before <see cref="Append"/> returns, so a power loss loses at most the record
/// being written. Flash cannot overwrite a torn slot, so after a failed append the log needs a
/// compaction (<see cref="NeedsCompaction"/>) before it takes another.</para>
/// <para><b>Compaction without a rename.</b> The other bank's non-erased blocks are erased, the
/// live records programmed into it from its first slot and synced, and only then its header, with
/// the next generation, is programmed and synced: the commit point. Until then the old bank is the
/// log; after it, the new one. The old bank is then retired by erasing its first block (its
/// header). Opening takes the valid header of the newest generation, so a power loss at any point
/// leaves one complete log.</para>
/// <para><b>Flash.</b> Each bank holds the header and room for <c>2 R</c> records (R appends
/// between compactions, the amortised cost of the single-file log this replaced), rounded up to
/// erase blocks; two banks: <see cref="RequiredMediumBytes"/>, about <c>4 L</c> for the compacted
/// full log <c>L = H + R * S</c>. A larger medium gives larger banks (fewer compactions).</para>
/// <para><b>RAM.</b> One slot buffer of S bytes (<see cref="AllocatedBytes"/>), and the stack's
/// header and blank-check buffers.</para>
/// </remarks>
internal sealed partial class FeatureLog
{
    private const int BlankCheckChunkBytes = 256;

    private readonly IFlashMedium _medium;
    private readonly byte[] _slot;
    private int _compacted = -1; // records an unfinished compaction has programmed into the other bank; -1 when none runs

    private FeatureLog(IFlashMedium medium, FeatureLogLayout layout, int bankBytes, uint generation, int activeBank)
    {
        _medium = medium;
        Layout = layout;
        BankBytes = bankBytes;
        RecordsOffset = FlashGeometry.Of(medium).RoundToProgramUnits(FeatureLogFormat.HeaderBytesOf(layout));
        RecordBytes = SlotBytes(layout.FeatureLength, FlashGeometry.Of(medium));
        SlotsPerBank = SlotsIn(bankBytes, RecordsOffset, RecordBytes);
        Generation = generation;
        ActiveBank = activeBank;
        _slot = new byte[RecordBytes];
    }

    /// <summary>The layout the header records.</summary>
    public FeatureLogLayout Layout { get; }

    /// <summary>How errors name the medium.</summary>
    public string MediumName => _medium.Name;

    /// <summary>Bytes of each bank, a whole number of erase blocks.</summary>
    public int BankBytes { get; }

    /// <summary>Where a bank's first record slot starts: the header rounded up to the program unit.</summary>
    public int RecordsOffset { get; }

    /// <summary>S, the bytes of one record slot: <c>28 + F</c> rounded up to the program unit.</summary>
    public int RecordBytes { get; }

    /// <summary>Record slots per bank; at least one more than the store's records.</summary>
    public int SlotsPerBank { get; }

    /// <summary>The active bank's generation: one more at each compaction.</summary>
    public uint Generation { get; private set; }

    /// <summary>The bank (0 or 1) that is the log now.</summary>
    public int ActiveBank { get; private set; }

    /// <summary>Slots of the active bank in use: good records, and a torn one after a failed append.</summary>
    public int UsedSlots { get; private set; }

    /// <summary>True after a failed append (the slot it tore cannot be programmed again until a compaction erases it) or an unfinished compaction.</summary>
    public bool NeedsCompaction { get; private set; }

    /// <summary>True when the active bank has no free slot left.</summary>
    public bool IsFull => UsedSlots >= SlotsPerBank;

    /// <summary>Bytes of the active bank in use: header and used slots.</summary>
    public int BytesInUse => RecordsOffset + UsedSlots * RecordBytes;

    /// <summary>RAM the log allocated: its slot buffer.</summary>
    public long AllocatedBytes => _slot.Length;

    /// <summary>S = <c>28 + F</c> rounded up to the program unit.</summary>
    public static int SlotBytes(int featureLength, FlashGeometry geometry) =>
        geometry.RoundToProgramUnits(FeatureLogFormat.RecordOverheadBytes + featureLength);

    /// <summary>
    /// The flash a log of this layout is given: two banks, each the header and <c>2 R</c> record slots rounded up to erase blocks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The layout or geometry is invalid, or the medium would exceed 2 GiB.</exception>
    public static int RequiredMediumBytes(FeatureLogLayout layout, FlashGeometry geometry)
    {
        layout.Validate();
        geometry.Validated();
        long slots = 2L * layout.CapacityRecords;
        long bank = geometry.RoundToEraseBlocks(geometry.RoundToProgramUnits(FeatureLogFormat.HeaderBytesOf(layout)) + slots * SlotBytes(layout.FeatureLength, geometry));
        if (2 * bank > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(layout), layout.CapacityBytes, $"A log of {layout.CapacityRecords} records of {layout.FeatureLength} features needs {2 * bank} bytes of flash, more than 2 GiB.");
        return (int)(2 * bank);
    }

    /// <summary>
    /// Appends one record to the active bank and syncs it; returns its address. On a failure (a
    /// power loss, an I/O error) the exception passes through and <see cref="NeedsCompaction"/> is set.
    /// </summary>
    /// <exception cref="InvalidOperationException">The bank is full or a failed append left it needing compaction: compact first.</exception>
    public int Append(FeatureLogRecordKind kind, int slot, int label, long seen, ulong randomState, ReadOnlySpan<sbyte> features)
    {
        if (NeedsCompaction || IsFull)
            throw new InvalidOperationException($"{MediumName}: the log's bank is {(IsFull ? "full" : "torn at its end")}; compact before appending.");
        int index = UsedSlots;
        int address = SlotAddress(ActiveBank, index);
        FeatureLogFormat.WriteRecord(_slot, Generation, index, kind, slot, label, seen, randomState, features);
        UsedSlots++; // from here the slot is used, whole or torn
        try
        {
            _medium.Program(address, _slot);
            _medium.Sync();
        }
        catch
        {
            NeedsCompaction = true;
            throw;
        }

        return address;
    }

    /// <summary>Reads the record at <paramref name="address"/> of the active bank into the slot buffer and checks it.</summary>
    /// <returns>A view of the slot buffer, valid until the log's next read or write.</returns>
    /// <exception cref="FeatureStoreException">The record no longer matches its CRC-32 or its fields are out of range.</exception>
    public ReadOnlySpan<byte> Read(int address, int slot)
    {
        int index = (address - SlotAddress(ActiveBank, 0)) / RecordBytes;
        _medium.Read(address, _slot);
        if (!FeatureLogFormat.IsValidRecord(_slot, Generation, index, Layout))
            throw new FeatureStoreException(MediumName,
                $"the record of slot {slot} at address {address} is corrupt (its CRC-32 or fields no longer match); reopen the store, which drops it.");
        return _slot;
    }

    /// <summary>
    /// Starts a compaction: erases the other bank's blocks that are not erased yet. Until
    /// <see cref="CommitCompaction"/> returns, <see cref="NeedsCompaction"/> holds: a commit that
    /// failed after programming the other bank's header may have made that bank the log, so no
    /// record may go to the old bank before a compaction has finished.
    /// </summary>
    public void BeginCompaction()
    {
        NeedsCompaction = true;
        _compacted = 0;
        EraseUnlessBlank(BankStart(1 - ActiveBank), BankBytes);
    }

    /// <summary>Programs the next live record, slot by slot from 0, into the other bank (not synced yet).</summary>
    /// <exception cref="InvalidOperationException">No compaction was begun, or the slots do not come in order.</exception>
    public void WriteCompacted(int slot, int label, long seen, ulong randomState, ReadOnlySpan<sbyte> features)
    {
        if (_compacted != slot) throw new InvalidOperationException($"Compaction expected slot {_compacted}, got {slot}.");
        FeatureLogFormat.WriteRecord(_slot, Generation + 1, slot, FeatureLogRecordKind.Store, slot, label, seen, randomState, features);
        _medium.Program(SlotAddress(1 - ActiveBank, slot), _slot);
        _compacted++;
    }

    /// <summary>
    /// Commits a compaction: syncs the records, programs and syncs the other bank's header with the
    /// next generation, and makes that bank the log. Before the header's sync returns, the old bank is the log.
    /// </summary>
    /// <exception cref="InvalidOperationException">No compaction was begun.</exception>
    public void CommitCompaction()
    {
        if (_compacted < 0) throw new InvalidOperationException("No compaction was begun.");
        int target = 1 - ActiveBank;
        _medium.Sync(); // the records are durable before the header that makes them the log
        Span<byte> header = stackalloc byte[RecordsOffset];
        FeatureLogFormat.WriteHeader(header, Layout, Generation + 1, BankBytes, _medium.ProgramUnitBytes);
        _medium.Program(BankStart(target), header);
        _medium.Sync();

        ActiveBank = target;
        Generation++;
        UsedSlots = _compacted;
        NeedsCompaction = false;
        _compacted = -1;
    }

    /// <summary>The address record <paramref name="slot"/> has after a compaction: slot i of the active bank.</summary>
    public int CompactedAddress(int slot) => SlotAddress(ActiveBank, slot);

    /// <summary>Erases the first block of the bank that is not the log (its header), unless it is erased already.</summary>
    public void RetireOtherBank() => EraseUnlessBlank(BankStart(1 - ActiveBank), HeaderBlocksBytes());

    private int BankStart(int bank) => bank * BankBytes;

    private int SlotAddress(int bank, int index) => BankStart(bank) + RecordsOffset + index * RecordBytes;

    private int HeaderBlocksBytes() => (int)FlashGeometry.Of(_medium).RoundToEraseBlocks(RecordsOffset);

    private static int SlotsIn(int bankBytes, int recordsOffset, int recordBytes) =>
        bankBytes < recordsOffset ? 0 : (bankBytes - recordsOffset) / recordBytes;

    /// <summary>Erases each erase block of the range that holds a byte other than 0xFF (an erase costs ~85 ms a page on the nRF52840; a read, microseconds).</summary>
    private void EraseUnlessBlank(int address, int lengthBytes)
    {
        int block = _medium.EraseBlockBytes;
        for (int start = address; start < address + lengthBytes; start += block)
            if (!IsBlank(_medium, start, block)) _medium.Erase(start, block);
    }

    /// <summary>True when every byte of the range is 0xFF; reads it in small chunks on the stack.</summary>
    private static bool IsBlank(IFlashMedium medium, int address, int lengthBytes)
    {
        Span<byte> chunk = stackalloc byte[BlankCheckChunkBytes];
        for (int offset = 0; offset < lengthBytes; offset += chunk.Length)
        {
            Span<byte> part = chunk[..Math.Min(chunk.Length, lengthBytes - offset)];
            medium.Read(address + offset, part);
            if (part.ContainsAnyExcept((byte)0xFF)) return false;
        }

        return true;
    }
}
