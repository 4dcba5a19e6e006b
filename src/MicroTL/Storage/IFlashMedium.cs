namespace MicroTL.Storage;

/// <summary>
/// The device core's only way to its storage: a flash driver's four calls over one region of NOR
/// flash. The firmware's flash driver, the host's file image (<c>MicroTL.Toolkit.IO.FileFlashMedium</c>),
/// <see cref="RamFlashMedium"/> and the tests' fault-injecting medium implement it.
/// </summary>
/// <remarks>
/// <para>NOR semantics, which every implementation enforces so that code that works on one works on
/// all: <see cref="Erase"/> sets whole erase blocks to 0xFF; <see cref="Program"/> writes only onto
/// erased bytes (0xFF), in whole program units at unit-aligned addresses; a byte is programmed at
/// most once between two erases. Addresses are byte offsets from the region's start.</para>
/// <para>Durability: a program or erase may sit in a cache (the host's page cache) until
/// <see cref="Sync"/> returns; after it, everything done before is on the medium. A power loss
/// in the middle of a program leaves its first bytes programmed and the rest erased or garbled; in
/// the middle of an erase, the block erased, untouched or garbled.</para>
/// <para>The C firmware mirrors this as a struct of four function pointers and three sizes.</para>
/// </remarks>
public interface IFlashMedium
{
    /// <summary>How errors name this medium: the file on the host, the flash region on a device.</summary>
    string Name { get; }

    /// <summary>Bytes in the region; addresses are in [0, SizeBytes).</summary>
    int SizeBytes { get; }

    /// <summary>Bytes of one erase block (the nRF52840's flash page: 4096); <see cref="Erase"/> works on whole blocks.</summary>
    int EraseBlockBytes { get; }

    /// <summary>Bytes of one program unit (the nRF52840's NVMC writes 32-bit words: 4); program addresses and lengths are multiples of it.</summary>
    int ProgramUnitBytes { get; }

    /// <summary>Reads <c>destination.Length</c> bytes from <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the region.</exception>
    void Read(int address, Span<byte> destination);

    /// <summary>Programs <paramref name="source"/> at <paramref name="address"/>, onto erased bytes only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the region or not aligned to the program unit.</exception>
    /// <exception cref="InvalidOperationException">A target byte is not erased (0xFF).</exception>
    void Program(int address, ReadOnlySpan<byte> source);

    /// <summary>Erases <paramref name="lengthBytes"/> from <paramref name="address"/> to 0xFF, in whole erase blocks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the region or not made of whole, aligned erase blocks.</exception>
    void Erase(int address, int lengthBytes);

    /// <summary>Returns once every program and erase done before is durable.</summary>
    void Sync();
}
