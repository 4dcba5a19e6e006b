using MicroTL.Budget;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Tests;

/// <summary>The device the tests bound transfer runs by: the default profile's memory (the device library knows no board).</summary>
internal static class TestDevices
{
    /// <summary>The nrf52840 profile's RAM and flash.</summary>
    public static DeviceMemory Nrf52840 => DeviceProfileLoader.Default.Memory;
}
