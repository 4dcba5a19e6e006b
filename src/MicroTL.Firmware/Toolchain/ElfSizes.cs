// Flash and RAM a firmware takes, read from its ELF section headers with ELFSharp.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace MicroTL.Firmware.Toolchain;

/// <summary>One allocated section of a firmware ELF.</summary>
/// <param name="Name">Section name, e.g. <c>.text</c>.</param>
/// <param name="Address">Run-time address.</param>
/// <param name="Bytes">Size.</param>
/// <param name="InRam">True when it lives in the RAM region.</param>
/// <param name="InFlash">True when its bytes are stored in flash (it has contents: code, constants, the .data image).</param>
public sealed record ElfSection(string Name, ulong Address, long Bytes, bool InRam, bool InFlash);

/// <summary>The memory a firmware takes.</summary>
/// <remarks>
/// Flash = every allocated section with contents (vector table, <c>.text</c>, <c>.rodata</c>, unwind tables,
/// and the load image of <c>.data</c>). Static RAM = every allocated section in the RAM region
/// (<c>.data</c>, <c>.bss</c> and the <c>.stack</c> region the linker reserves); the heap between them is not counted.
/// </remarks>
public sealed record ElfSizes(IReadOnlyList<ElfSection> Sections)
{
    /// <summary>Bytes of flash: all sections stored in flash.</summary>
    public long FlashBytes => Sections.Where(s => s.InFlash).Sum(s => s.Bytes);

    /// <summary>Bytes of RAM reserved at link time: all sections in RAM, the stack region included.</summary>
    public long StaticRamBytes => Sections.Where(s => s.InRam).Sum(s => s.Bytes);

    /// <summary>Bytes of the named section, 0 when absent.</summary>
    public long BytesOf(string name) => Sections.Where(s => s.Name == name).Sum(s => s.Bytes);

    /// <summary>Bytes of <c>.text</c>.</summary>
    public long TextBytes => BytesOf(".text");

    /// <summary>Bytes of <c>.rodata</c>.</summary>
    public long RodataBytes => BytesOf(".rodata");

    /// <summary>Bytes of <c>.data</c> (in RAM and, as its load image, in flash).</summary>
    public long DataBytes => BytesOf(".data");

    /// <summary>Bytes of <c>.bss</c>.</summary>
    public long BssBytes => BytesOf(".bss");

    /// <summary>Bytes of the vector table.</summary>
    public long VectorBytes => BytesOf(".vectors");

    /// <summary>Bytes of the stack region.</summary>
    public long StackBytes => BytesOf(".stack");

    /// <summary>Reads the allocated sections of a 32-bit ARM ELF and classifies them by <paramref name="map"/>.</summary>
    /// <exception cref="ToolchainException">The file is missing, not an ELF, or not a 32-bit ARM one.</exception>
    public static ElfSizes Read(string elfPath, FirmwareMemoryMap map)
    {
        if (!File.Exists(elfPath)) throw new ToolchainException($"no ELF file at {elfPath}");
        if (!ELFReader.TryLoad(elfPath, out IELF? elf))
            throw new ToolchainException($"{elfPath} is not an ELF file");
        using (elf)
        {
            if (elf.Class != Class.Bit32 || elf.Machine != Machine.ARM)
                throw new ToolchainException($"{elfPath} is a {elf.Class} {elf.Machine} ELF, expected a 32-bit ARM one");
            var sections = new List<ElfSection>();
            foreach (Section<uint> s in ((ELF<uint>)elf).Sections)
            {
                if ((s.Flags & SectionFlags.Allocatable) == 0 || s.Size == 0) continue;
                bool inRam = map.IsRam(s.LoadAddress);
                bool inFlash = s.Type != SectionType.NoBits;
                sections.Add(new ElfSection(s.Name, s.LoadAddress, s.Size, inRam, inFlash));
            }
            return new ElfSizes(sections);
        }
    }
}
