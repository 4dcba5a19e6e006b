// The boards a firmware links for: the nRF52840 to prove the fit, QEMU's mps2-an386 to run it.
namespace MicroTL.Firmware.Toolchain;

/// <summary>A memory map a firmware is linked for.</summary>
public enum FirmwareTarget
{
    /// <summary>The nRF52840: 1 MB flash at 0x00000000, 256 KB RAM at 0x20000000 (no QEMU model; link only).</summary>
    Nrf52840,

    /// <summary>QEMU's ARM MPS2 AN386 board (Cortex-M4): 4 MB code memory at 0x00000000, 4 MB SRAM at 0x20000000.</summary>
    Mps2An386,
}

/// <summary>Flash and RAM regions of a target, as its linker script declares them.</summary>
/// <param name="FlashOrigin">Start address of flash (code memory).</param>
/// <param name="FlashBytes">Size of flash.</param>
/// <param name="RamOrigin">Start address of RAM.</param>
/// <param name="RamBytes">Size of RAM.</param>
/// <param name="LinkerScript">The linker script under <c>Runtime/platform</c>.</param>
public sealed record FirmwareMemoryMap(uint FlashOrigin, int FlashBytes, uint RamOrigin, int RamBytes, string LinkerScript)
{
    /// <summary>The memory map of <paramref name="target"/>.</summary>
    public static FirmwareMemoryMap Of(FirmwareTarget target) => target switch
    {
        FirmwareTarget.Nrf52840 => new(0x00000000, 1024 * 1024, 0x20000000, 256 * 1024, "nrf52840.ld"),
        FirmwareTarget.Mps2An386 => new(0x00000000, 4096 * 1024, 0x20000000, 4096 * 1024, "mps2_an386.ld"),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown firmware target"),
    };

    /// <summary>True when <paramref name="address"/> lies in the RAM region.</summary>
    public bool IsRam(ulong address) => address >= RamOrigin && address < RamOrigin + (ulong)RamBytes;
}
