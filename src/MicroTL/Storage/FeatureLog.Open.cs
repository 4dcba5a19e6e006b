using MicroTL.Store;

namespace MicroTL.Storage;

/// <summary>Formatting a medium, finding the log on one (the newest valid bank), and replaying it.</summary>
internal sealed partial class FeatureLog
{
    /// <summary>What <see cref="Open"/> found: the log, whether it formatted the medium, and whether the other bank held an older valid log.</summary>
    public readonly record struct Opening(FeatureLog Log, bool Formatted, bool OlderBankFound);

    /// <summary>
    /// Writes an empty log of <paramref name="layout"/>: erases the blocks of both banks that are not
    /// erased, then programs bank 0's header (generation 1) and syncs.
    /// </summary>
    /// <exception cref="FeatureStoreException">The medium is too small for two banks of this layout.</exception>
    public static FeatureLog Format(IFlashMedium medium, FeatureLogLayout layout)
    {
        FlashGeometry.Of(medium).Validated();
        layout.Validate();
        var log = new FeatureLog(medium, layout, BankBytesOf(medium), generation: 1, activeBank: 0);
        if (log.SlotsPerBank < layout.CapacityRecords + 1) throw TooSmall(medium, layout, log);
        log.EraseUnlessBlank(0, 2 * log.BankBytes);
        Span<byte> header = stackalloc byte[log.RecordsOffset];
        FeatureLogFormat.WriteHeader(header, layout, log.Generation, log.BankBytes, medium.ProgramUnitBytes);
        medium.Program(0, header);
        medium.Sync();
        return log;
    }

    /// <summary>
    /// Finds the log on <paramref name="medium"/>: the bank with a valid header of the newest
    /// generation. With <paramref name="formatWhenEmpty"/>, a medium that holds no store and
    /// nothing beyond its header areas (erased, or a header torn while the store was created) is formatted.
    /// </summary>
    /// <exception cref="FeatureStoreException">The medium holds no usable store (the message says why, naming the
    /// medium), or its layout differs from <paramref name="requested"/> (each difference listed).</exception>
    public static Opening Open(IFlashMedium medium, FeatureLogLayout? requested, bool formatWhenEmpty)
    {
        FlashGeometry geometry = FlashGeometry.Of(medium).Validated();
        int bankBytes = BankBytesOf(medium);
        int recordsOffset = geometry.RoundToProgramUnits(requested is null ? FeatureLogFormat.HeaderBytes : FeatureLogFormat.HeaderBytesOf(requested));
        BankHeader first = Usable(ReadBankHeader(medium, 0), medium, bankBytes);
        BankHeader second = bankBytes >= recordsOffset ? Usable(ReadBankHeader(medium, bankBytes), medium, bankBytes) : first;

        if (first.IsValid || second.IsValid)
        {
            bool secondIsNewer = second.IsValid && (!first.IsValid || unchecked((int)(second.Generation - first.Generation)) > 0);
            BankHeader active = secondIsNewer ? second : first;
            string differences = requested is null ? "" : active.Layout!.Differences(requested);
            if (differences.Length > 0)
                throw new FeatureStoreException(medium.Name, $"the store's layout differs from the requested one: {differences}.");
            var log = new FeatureLog(medium, active.Layout!, bankBytes, active.Generation, secondIsNewer ? 1 : 0);
            return new Opening(log, Formatted: false, OlderBankFound: first.IsValid && second.IsValid && bankBytes >= recordsOffset);
        }

        if (formatWhenEmpty && requested is not null && MayFormat(first) && MayFormat(second)
            && (IsBlank(medium, 0, medium.SizeBytes) || NothingBeyondHeaders(medium, bankBytes, recordsOffset)))
            return new Opening(Format(medium, requested), Formatted: true, OlderBankFound: false);

        BankHeader worst = Rank(second.State) > Rank(first.State) ? second : first;
        throw new FeatureStoreException(medium.Name, worst.State is BankHeaderState.NotAStore or BankHeaderState.Erased
            ? $"not a MicroTL feature store: {worst.Problem}."
            : $"{worst.Problem}.");
    }

    /// <summary>True when a bank of <paramref name="medium"/> has a store's header (of any version, usable or not): formatting would destroy it.</summary>
    public static bool HoldsStore(IFlashMedium medium)
    {
        int bankBytes = BankBytesOf(medium);
        return !MayFormat(ReadBankHeader(medium, 0))
            || (bankBytes >= FeatureLogFormat.HeaderBytes && !MayFormat(ReadBankHeader(medium, bankBytes)));
    }

    /// <summary>
    /// Reads every slot of the active bank and applies the good records to <paramref name="sink"/> in
    /// order. A bad or erased slot with a good record after it is corrupt (skipped, counted); bad
    /// slots after the last good record are a torn tail. Sets <see cref="UsedSlots"/> past the last
    /// slot that is not erased, so appends never land on a torn slot.
    /// </summary>
    public FeatureLogScan Replay(IFeatureLogSink sink)
    {
        int replayed = 0, corrupt = 0, badSinceGood = 0, tornSinceGood = 0, lastWritten = -1, firstCorrupt = -1;
        for (int index = 0; index < SlotsPerBank; index++)
        {
            int address = SlotAddress(ActiveBank, index);
            _medium.Read(address, _slot);
            if (!_slot.AsSpan().ContainsAnyExcept((byte)0xFF))
            {
                badSinceGood++; // free, unless a good record follows: then a record was lost here
                continue;
            }

            lastWritten = index;
            if (!FeatureLogFormat.IsValidRecord(_slot, Generation, index, Layout))
            {
                badSinceGood++;
                tornSinceGood++;
                continue;
            }

            if (badSinceGood > 0 && firstCorrupt < 0) firstCorrupt = index - badSinceGood;
            corrupt += badSinceGood;
            badSinceGood = tornSinceGood = 0;
            sink.Apply(FeatureLogFormat.Kind(_slot), FeatureLogFormat.Slot(_slot), FeatureLogFormat.Label(_slot), FeatureLogFormat.Seen(_slot),
                FeatureLogFormat.RandomState(_slot), FeatureLogFormat.Features(_slot, Layout.FeatureLength), address);
            replayed++;
        }

        UsedSlots = lastWritten + 1;
        return new FeatureLogScan(replayed, corrupt, tornSinceGood, tornSinceGood * RecordBytes, firstCorrupt);
    }

    /// <summary>Two banks of whole erase blocks in the medium's first half and second half.</summary>
    private static int BankBytesOf(IFlashMedium medium) => medium.SizeBytes / 2 / medium.EraseBlockBytes * medium.EraseBlockBytes;

    private static BankHeader ReadBankHeader(IFlashMedium medium, int address)
    {
        // A version 3 header's 48 bytes first; a version 4 header (two feature parts) has 16 more.
        Span<byte> header = stackalloc byte[FeatureLogFormat.TwoPartHeaderBytes];
        int available = Math.Min(header.Length, Math.Max(0, medium.SizeBytes - address));
        int length = Math.Min(FeatureLogFormat.HeaderBytes, available);
        medium.Read(address, header[..length]);
        if (length == FeatureLogFormat.HeaderBytes && available > length && header.StartsWith(FeatureLogFormat.Magic) && header[5] == FeatureLogFormat.TwoPartVersion)
        {
            medium.Read(address + length, header[length..available]);
            length = available;
        }

        BankHeader parsed = FeatureLogFormat.ReadHeader(header[..length]);
        return parsed.IsValid || address == 0 ? parsed : parsed with { Problem = $"{parsed.Problem} (the header at address {address})" };
    }

    /// <summary>A valid header that does not fit this medium (geometry) or could not work (too few slots) becomes unusable.</summary>
    private static BankHeader Usable(BankHeader header, IFlashMedium medium, int bankBytes)
    {
        if (!header.IsValid) return header;
        FeatureLogLayout layout = header.Layout!;
        if (header.ProgramUnitBytes != medium.ProgramUnitBytes)
            return BankHeader.Failed(BankHeaderState.Unusable, $"the store was written in {header.ProgramUnitBytes}-byte program units, and this medium programs {medium.ProgramUnitBytes}-byte units");
        if (header.BankBytes != bankBytes)
            return BankHeader.Failed(BankHeaderState.Unusable, $"the store was made for banks of {header.BankBytes} bytes, and this medium's {medium.SizeBytes} bytes make banks of {bankBytes} (was it cut short or extended?)");
        int slots = SlotsIn(bankBytes, FlashGeometry.Of(medium).RoundToProgramUnits(FeatureLogFormat.HeaderBytesOf(layout)), SlotBytes(layout.FeatureLength, FlashGeometry.Of(medium)));
        if (slots < layout.CapacityRecords + 1)
            return BankHeader.Failed(BankHeaderState.Unusable, $"the header holds an invalid value: banks of {bankBytes} bytes hold {slots} record slots, fewer than the {layout.CapacityRecords + 1} a store of {layout.CapacityRecords} records needs");
        return header;
    }

    /// <summary>A medium whose headers are erased, foreign or torn may be formatted; one with another version or an unusable store never is.</summary>
    private static bool MayFormat(BankHeader header) => header.State is BankHeaderState.Erased or BankHeaderState.NotAStore or BankHeaderState.Corrupt;

    private static int Rank(BankHeaderState state) => state switch
    {
        BankHeaderState.OtherVersion => 4,
        BankHeaderState.Unusable => 3,
        BankHeaderState.Corrupt => 2,
        BankHeaderState.NotAStore => 1,
        _ => 0,
    };

    /// <summary>True when no byte outside the two header areas is written: nothing there was ever acknowledged.</summary>
    private static bool NothingBeyondHeaders(IFlashMedium medium, int bankBytes, int recordsOffset)
    {
        if (bankBytes < recordsOffset) return false; // too small to hold a store: report what is there instead
        return IsBlank(medium, recordsOffset, bankBytes - recordsOffset)
            && IsBlank(medium, bankBytes + recordsOffset, medium.SizeBytes - bankBytes - recordsOffset);
    }

    private static FeatureStoreException TooSmall(IFlashMedium medium, FeatureLogLayout layout, FeatureLog log)
    {
        long needed = RequiredMediumBytes(layout, FlashGeometry.Of(medium));
        return new FeatureStoreException(medium.Name,
            $"the medium's {medium.SizeBytes} bytes are too small for this store: two banks of {log.BankBytes} bytes hold {log.SlotsPerBank} record slots of {log.RecordBytes} bytes each, " +
            $"and a store of {layout.CapacityRecords} records needs at least {layout.CapacityRecords + 1} per bank ({needed} bytes in all give room for {layout.CapacityRecords} appends between compactions).");
    }
}

/// <summary>What replaying a log found.</summary>
/// <param name="RecordsReplayed">Good records applied.</param>
/// <param name="CorruptRecords">Bad or erased slots followed by a good record.</param>
/// <param name="TornRecords">Bad slots after the last good record.</param>
/// <param name="TornBytes">Bytes of those slots.</param>
/// <param name="FirstCorruptSlot">Index in the bank of the first corrupt slot; -1 when none.</param>
internal readonly record struct FeatureLogScan(int RecordsReplayed, int CorruptRecords, int TornRecords, int TornBytes, int FirstCorruptSlot);
