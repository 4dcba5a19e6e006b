// The data objects of a firmware ELF (its symbol table, read with ELFSharp): which variables make up .data and .bss,
// so a test can hold the RAM a firmware reserves against a plan and name every byte that is not the plan's.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace MicroTL.Firmware.Toolchain;

/// <summary>One data object of a firmware: a variable the linker placed.</summary>
/// <param name="Name">Its symbol name (static variables have theirs too, from the object's symbol table).</param>
/// <param name="Address">Its address.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Section">The output section that holds it (<c>.data</c>, <c>.bss</c>, ...).</param>
public sealed record ElfSymbol(string Name, ulong Address, long Bytes, string Section);

/// <summary>The sized data objects of a 32-bit ARM ELF.</summary>
public static class ElfSymbols
{
    /// <summary>Every object symbol with a size, in address order.</summary>
    /// <exception cref="ToolchainException">The file is missing, not an ELF, not 32-bit ARM, or has no symbol table.</exception>
    public static IReadOnlyList<ElfSymbol> Read(string elfPath)
    {
        if (!File.Exists(elfPath)) throw new ToolchainException($"no ELF file at {elfPath}");
        if (!ELFReader.TryLoad(elfPath, out IELF? elf)) throw new ToolchainException($"{elfPath} is not an ELF file");
        using (elf)
        {
            if (elf.Class != Class.Bit32 || elf.Machine != Machine.ARM)
                throw new ToolchainException($"{elfPath} is a {elf.Class} {elf.Machine} ELF, expected a 32-bit ARM one");
            if (!elf.TryGetSection(".symtab", out ISection? section) || section is not SymbolTable<uint> table)
                throw new ToolchainException($"{elfPath} has no symbol table (was it stripped?)");
            return table.Entries
                .Where(e => e.Type == SymbolType.Object && e.Size > 0 && e.PointedSection is not null)
                .Select(e => new ElfSymbol(e.Name, e.Value, e.Size, e.PointedSection.Name))
                .OrderBy(s => s.Address)
                .ToArray();
        }
    }
}
