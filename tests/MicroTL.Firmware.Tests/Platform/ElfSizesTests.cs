// ELF sizes of a minimal firmware linked for both targets, read with ELFSharp and checked against
// binutils' arm-none-eabi-size and the targets' memory maps.
using System.Globalization;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Platform;

public sealed class ElfSizesTests
{
    [FirmwareFact]
    public void Read_MinimalFirmwareForBothTargets_MatchesArmSizeAndFits()
    {
        foreach (FirmwareTarget target in Enum.GetValues<FirmwareTarget>())
        {
            FirmwareImage image = PlatformProbe.Build(target, PlatformProbe.Plain);
            ElfSizes sizes = image.Sizes();
            FirmwareMemoryMap map = FirmwareMemoryMap.Of(target);

            Dictionary<string, long> reference = ArmSize(image.ElfPath);
            foreach (ElfSection section in sizes.Sections) Assert.Equal(reference[section.Name], section.Bytes);
            Assert.Equal(sizes.VectorBytes + sizes.TextBytes + sizes.RodataBytes + sizes.DataBytes + sizes.BytesOf(".ARM.exidx"), sizes.FlashBytes);
            Assert.Equal(sizes.DataBytes + sizes.BssBytes + sizes.StackBytes, sizes.StaticRamBytes);
            Assert.Equal(256, sizes.VectorBytes); // 16 system exceptions + 48 interrupts
            Assert.Equal(8192, sizes.StackBytes);
            Assert.InRange(sizes.TextBytes, 1, map.FlashBytes);
            Assert.InRange(sizes.StaticRamBytes, 8192, map.RamBytes);
            Assert.All(sizes.Sections.Where(s => s.InRam), s => Assert.True(map.IsRam(s.Address), s.Name));
        }
    }

    [Fact]
    public void Read_MissingFile_ThrowsToolchainException()
    {
        var error = Assert.Throws<ToolchainException>(() => ElfSizes.Read("/no/such/firmware.elf", FirmwareMemoryMap.Of(FirmwareTarget.Nrf52840)));
        Assert.Contains("/no/such/firmware.elf", error.Message);
    }

    [Fact]
    public void Read_TextFile_ThrowsNotAnElf()
    {
        string path = Path.Combine(KernelRunner.NewDirectory("elf"), "notes.elf");
        File.WriteAllText(path, "not an ELF file at all");

        var error = Assert.Throws<ToolchainException>(() => ElfSizes.Read(path, FirmwareMemoryMap.Of(FirmwareTarget.Nrf52840)));
        Assert.Contains("is not an ELF file", error.Message);
    }

    [HostGccFact]
    public void Read_HostExecutable_ThrowsNot32BitArm()
    {
        string directory = KernelRunner.NewDirectory("elf-host");
        string source = Path.Combine(directory, "main.c");
        File.WriteAllText(source, "int main(void) { return 0; }\n");
        string exe = HostCompiler.Locate().BuildExecutable([source], [], Path.Combine(directory, "main"));

        var error = Assert.Throws<ToolchainException>(() => ElfSizes.Read(exe, FirmwareMemoryMap.Of(FirmwareTarget.Nrf52840)));
        Assert.Contains("expected a 32-bit ARM one", error.Message);
    }

    // Section sizes as binutils reports them (`arm-none-eabi-size -A`: name, size, address per line).
    private static Dictionary<string, long> ArmSize(string elf)
    {
        string size = ToolLocator.Find("arm-none-eabi-size") ?? throw new InvalidOperationException("arm-none-eabi-size (binutils-arm-none-eabi) is missing");
        ProcessResult result = ProcessRunner.Run(size, ["-A", elf], Path.GetTempPath(), TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3 && f[0].StartsWith('.') && long.TryParse(f[1], out _))
            .ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
    }
}
