namespace MicroTL.Budget;

/// <summary>One named piece of the RAM an on-device job needs.</summary>
/// <param name="Name">What it is (e.g. "inference arena", "optimizer state").</param>
/// <param name="Bytes">Its size in bytes.</param>
public readonly record struct MemoryComponent(string Name, long Bytes);

/// <summary>The two memories of a device a job is budgeted against.</summary>
public enum DeviceMemoryKind
{
    /// <summary>SRAM: buffers, arena, the store's RAM part.</summary>
    Ram,

    /// <summary>Flash: the model and a flash-resident feature store.</summary>
    Flash,
}

/// <summary>
/// The RAM (or flash) of a whole on-device job, computed before anything runs, as a list of
/// components. <see cref="EnsureFits"/> refuses a job whose total exceeds the device's memory of
/// that kind, naming every component, so the user sees what to shrink.
/// </summary>
public sealed class MemoryBudget(DeviceMemoryKind kind = DeviceMemoryKind.Ram)
{
    private readonly List<MemoryComponent> _components = [];

    /// <summary>Which memory of the device this budget is checked against.</summary>
    public DeviceMemoryKind Kind { get; } = kind;

    /// <summary>"RAM" or "flash", for messages.</summary>
    public string KindName => Kind == DeviceMemoryKind.Ram ? "RAM" : "flash";

    /// <summary>The device's bytes of this budget's kind.</summary>
    public long CapacityOf(DeviceMemory device) => Kind == DeviceMemoryKind.Ram ? device.RamBytes : device.FlashBytes;

    /// <summary>The components in the order they were added.</summary>
    public IReadOnlyList<MemoryComponent> Components => _components;

    /// <summary>Sum of all components in bytes.</summary>
    public long TotalBytes
    {
        get
        {
            long total = 0;
            foreach (MemoryComponent c in _components) total += c.Bytes;
            return total;
        }
    }

    /// <summary>Adds a component; returns this budget for chaining.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative.</exception>
    public MemoryBudget Add(string name, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _components.Add(new MemoryComponent(name, bytes));
        return this;
    }

    /// <summary>True when the total fits the device's memory of this kind.</summary>
    public bool Fits(DeviceMemory device) => TotalBytes <= CapacityOf(device);

    /// <summary>Throws when the total exceeds the device's memory of this kind.</summary>
    /// <exception cref="BudgetExceededException">The job needs more memory than the device has.</exception>
    public void EnsureFits(DeviceMemory device)
    {
        if (!Fits(device)) throw new BudgetExceededException(this, device);
    }

    /// <summary>"name N bytes" for every component, then the total against the device's memory.</summary>
    public string Describe(DeviceMemory device)
    {
        var parts = new List<string>(_components.Count);
        foreach (MemoryComponent c in _components) parts.Add($"{c.Name} {c.Bytes} bytes");
        return $"{string.Join(", ", parts)}; total {TotalBytes} bytes of {CapacityOf(device)} bytes {KindName} on {device.Name}";
    }
}

/// <summary>The work does not fit the device's RAM or flash (CLI exit code 3); the message lists every component.</summary>
public sealed class BudgetExceededException(MemoryBudget budget, DeviceMemory device)
    : Exception($"the job needs {budget.TotalBytes} bytes of {budget.KindName}, {device.Name} has {budget.CapacityOf(device)} (missing {budget.TotalBytes - budget.CapacityOf(device)}): {budget.Describe(device)}")
{
    /// <summary>The budget that did not fit.</summary>
    public MemoryBudget Budget { get; } = budget;

    /// <summary>The device it did not fit.</summary>
    public DeviceMemory Device { get; } = device;
}
