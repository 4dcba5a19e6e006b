using MicroTL.Budget;

namespace MicroTL.Cli.Commands;

/// <summary>Resolves <c>--device NAME</c> to a known board (nrf52840 when absent).</summary>
public static class DeviceArgument
{
    public static DeviceMemory Resolve(string? name) =>
        name is null
            ? DeviceMemory.Nrf52840
            : DeviceMemory.Find(name) ?? throw new UsageException(
                $"unknown device '{name}'",
                $"known devices: {string.Join(", ", DeviceMemory.BuiltIn.Select(d => d.Name))}");
}
