namespace MicroTL.Budget;

/// <summary>
/// The flash of an on-device job, as a list of components (the model, a flash-resident feature
/// store at its worst case), computed before anything runs. The sibling of <see cref="MemoryBudget"/>
/// for the device's other memory: <see cref="EnsureFits"/> refuses a job whose total exceeds
/// <see cref="DeviceMemory.FlashBytes"/>, naming every component.
/// </summary>
public sealed class FlashBudget
{
    private readonly List<MemoryComponent> _components = [];

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
    public FlashBudget Add(string name, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _components.Add(new MemoryComponent(name, bytes));
        return this;
    }

    /// <summary>True when the total fits the device's flash.</summary>
    public bool Fits(DeviceMemory device) => TotalBytes <= device.FlashBytes;

    /// <summary>Throws when the total exceeds the device's flash.</summary>
    /// <exception cref="FlashBudgetExceededException">The job needs more flash than the device has.</exception>
    public void EnsureFits(DeviceMemory device)
    {
        if (!Fits(device)) throw new FlashBudgetExceededException(this, device);
    }

    /// <summary>"name N bytes" for every component, then the total against the device's flash.</summary>
    public string Describe(DeviceMemory device)
    {
        var parts = new List<string>(_components.Count);
        foreach (MemoryComponent c in _components) parts.Add($"{c.Name} {c.Bytes} bytes");
        return $"{string.Join(", ", parts)}; total {TotalBytes} bytes of {device.FlashBytes} bytes flash on {device.Name}";
    }
}

/// <summary>The work does not fit the device's flash (CLI exit code 3, as for RAM); the message lists every component.</summary>
public sealed class FlashBudgetExceededException(FlashBudget budget, DeviceMemory device)
    : Exception($"the job needs {budget.TotalBytes} bytes of flash, {device.Name} has {device.FlashBytes} (missing {budget.TotalBytes - device.FlashBytes}): {budget.Describe(device)}")
{
    /// <summary>The budget that did not fit.</summary>
    public FlashBudget Budget { get; } = budget;

    /// <summary>The device it did not fit.</summary>
    public DeviceMemory Device { get; } = device;
}
