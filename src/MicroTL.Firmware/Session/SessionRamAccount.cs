// Where a session firmware's static RAM goes, read from its ELF: the arena (the C# plan, to the byte) and every other
// object of .data and .bss by name (the C runtime's state, newlib's), so each byte beyond the plan is accounted for.
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Session;

/// <summary>The static RAM of a linked session firmware.</summary>
/// <param name="StaticBytes">.data + .bss.</param>
/// <param name="ArenaBytes">The session arena's symbol size.</param>
/// <param name="Others">Every other sized object in .data and .bss.</param>
/// <param name="UnnamedBytes">Bytes of .data and .bss no symbol covers (alignment between objects).</param>
/// <param name="StackRegionBytes">The stack region the link reserves.</param>
public sealed record SessionRamAccount(long StaticBytes, long ArenaBytes, IReadOnlyList<ElfSymbol> Others, long UnnamedBytes, long StackRegionBytes)
{
    /// <summary>Reads the account of <paramref name="image"/>.</summary>
    /// <exception cref="ToolchainException">The ELF cannot be read, or it has no session arena.</exception>
    public static SessionRamAccount Read(FirmwareImage image)
    {
        ElfSizes sizes = image.Sizes();
        IReadOnlyList<ElfSymbol> symbols = ElfSymbols.Read(image.ElfPath);
        ElfSymbol arena = symbols.FirstOrDefault(s => s.Name == GeneratedSession.ArenaSymbol)
            ?? throw new ToolchainException($"{image.ElfPath} has no symbol {GeneratedSession.ArenaSymbol}: not a session firmware");
        ElfSymbol[] others = [.. symbols.Where(s => s.Section is ".data" or ".bss" && s.Name != arena.Name)];
        long staticBytes = sizes.DataBytes + sizes.BssBytes;
        return new SessionRamAccount(staticBytes, arena.Bytes, others, staticBytes - arena.Bytes - others.Sum(s => s.Bytes), sizes.StackBytes);
    }
}
