using MicroTL.Budget;

namespace MicroTL.Toolkit.Reports;

/// <summary>The RAM plan of an on-device job against the device: <c>memory</c> of the transfer and demo reports.</summary>
/// <param name="TotalBytes">Bytes of every component together.</param>
/// <param name="AllocatedBytes">Bytes of the buffers the run actually allocated.</param>
/// <param name="DeviceRamBytes">The device's RAM.</param>
/// <param name="Device">The device's name.</param>
/// <param name="Fits">True when the total fits the device's RAM.</param>
/// <param name="Components">Each component of the plan, in plan order.</param>
public sealed record MemoryReport(long TotalBytes, long AllocatedBytes, long DeviceRamBytes, string Device, bool Fits,
    IReadOnlyList<MemoryComponentReport> Components)
{
    /// <summary>The report of <paramref name="memory"/> on <paramref name="device"/>.</summary>
    public static MemoryReport From(MemoryBudget memory, DeviceMemory device, long allocatedBytes) =>
        new(memory.TotalBytes, allocatedBytes, device.RamBytes, device.Name, memory.Fits(device),
            [.. memory.Components.Select(c => new MemoryComponentReport(c.Name, c.Bytes))]);
}

/// <summary>One component of a memory plan.</summary>
/// <param name="Name">What it holds.</param>
/// <param name="Bytes">Its bytes.</param>
public sealed record MemoryComponentReport(string Name, long Bytes);

/// <summary>Only the total of a memory plan: what the energy model reads of <c>memory</c>.</summary>
/// <param name="TotalBytes">RAM the on-device job needs.</param>
public sealed record MemoryTotalReport(long TotalBytes);
