namespace MicroTL.Budget;

/// <summary>The memory a device offers: RAM for the arena and buffers, flash for the model.</summary>
/// <param name="Name">Short name used on the command line (e.g. <c>nrf52840</c>).</param>
/// <param name="RamBytes">On-chip SRAM in bytes.</param>
/// <param name="FlashBytes">On-chip flash in bytes.</param>
/// <param name="Source">Where the figures come from.</param>
public sealed record DeviceMemory(string Name, long RamBytes, long FlashBytes, string Source)
{
    /// <summary>Nordic nRF52840, the paper's board: 256 KB RAM, 1 MB flash.</summary>
    public static DeviceMemory Nrf52840 { get; } =
        new("nrf52840", 256 * 1024, 1024 * 1024, "nRF52840 Product Specification v1.7, section 1 (256 KB RAM, 1 MB flash)");

    /// <summary>The boards known by name.</summary>
    public static IReadOnlyList<DeviceMemory> BuiltIn { get; } = [Nrf52840];

    /// <summary>Looks a board up by name (case-insensitive), or returns null.</summary>
    public static DeviceMemory? Find(string name) =>
        BuiltIn.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
