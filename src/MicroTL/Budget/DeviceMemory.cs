namespace MicroTL.Budget;

/// <summary>
/// The memory a device offers: RAM for the arena and buffers, flash for the model. The device library knows no
/// board: its caller passes this (the host builds it from a device profile, <c>MicroTL.Toolkit.Energy.DeviceProfile.Memory</c>;
/// a firmware from its linker script).
/// </summary>
/// <param name="Name">Short name used on the command line (e.g. <c>nrf52840</c>).</param>
/// <param name="RamBytes">On-chip SRAM in bytes.</param>
/// <param name="FlashBytes">On-chip flash in bytes.</param>
/// <param name="Source">Where the figures come from.</param>
public sealed record DeviceMemory(string Name, long RamBytes, long FlashBytes, string Source);
