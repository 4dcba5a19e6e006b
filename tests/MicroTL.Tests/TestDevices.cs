using MicroTL.Budget;

namespace MicroTL.Tests;

/// <summary>
/// The device the tests bound transfer runs by. The device library knows no board, so the caller passes one: here the
/// nRF52840's figures, as its profile (src/MicroTL.Toolkit/Energy/Profiles/nrf52840.json) gives them.
/// </summary>
internal static class TestDevices
{
    /// <summary>256 KB RAM, 1 MB flash.</summary>
    public static DeviceMemory Nrf52840 { get; } = new("nrf52840", 256 * 1024, 1024 * 1024, "tests: the nRF52840 profile's RAM and flash");
}
