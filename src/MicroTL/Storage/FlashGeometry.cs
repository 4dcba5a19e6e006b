namespace MicroTL.Storage;

/// <summary>The shape of a flash medium that fixes a log's layout: its erase block and program unit, in bytes.</summary>
/// <param name="EraseBlockBytes">Bytes of one erase block; positive.</param>
/// <param name="ProgramUnitBytes">Bytes of one program unit; positive and a divisor of the erase block.</param>
public readonly record struct FlashGeometry(int EraseBlockBytes, int ProgramUnitBytes)
{
    /// <summary>The nRF52840's internal flash: 4096-byte pages, programmed in 32-bit words (Product Specification v1.7, section 4.3 NVMC).</summary>
    public static FlashGeometry Nrf52840 => new(4096, 4);

    /// <summary>The geometry of <paramref name="medium"/>.</summary>
    public static FlashGeometry Of(IFlashMedium medium) => new(medium.EraseBlockBytes, medium.ProgramUnitBytes);

    /// <summary>Throws unless both sizes are positive and the program unit divides the erase block.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the program unit does not divide the erase block.</exception>
    public FlashGeometry Validated()
    {
        if (EraseBlockBytes <= 0 || ProgramUnitBytes <= 0 || EraseBlockBytes % ProgramUnitBytes != 0)
            throw new ArgumentOutOfRangeException(nameof(ProgramUnitBytes), ProgramUnitBytes,
                $"A flash geometry needs positive sizes and a program unit that divides the erase block; got erase block {EraseBlockBytes} bytes, program unit {ProgramUnitBytes}.");
        return this;
    }

    /// <summary><paramref name="bytes"/> rounded up to whole program units.</summary>
    public int RoundToProgramUnits(int bytes) => (bytes + ProgramUnitBytes - 1) / ProgramUnitBytes * ProgramUnitBytes;

    /// <summary><paramref name="bytes"/> rounded up to whole erase blocks.</summary>
    public long RoundToEraseBlocks(long bytes) => (bytes + EraseBlockBytes - 1) / EraseBlockBytes * EraseBlockBytes;
}
