// What to change when a job does not fit the device: the options of the command at hand, each priced by
// planning the run again with it (exact bytes, not a rule of thumb), the ones that save most first, then
// whether they fit together, then the built-in devices with room for the job as it is.
using System.Globalization;
using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Energy;
using MicroTL.Training;

namespace MicroTL.Cli;

/// <summary>The <c>hint:</c> of a job over the device's RAM or flash.</summary>
internal static class BudgetHints
{
    // Planning against this device never refuses, so each variant's total can be read off.
    private static readonly DeviceMemory Unbounded = new("unbounded", long.MaxValue / 4, long.MaxValue / 4, "planning only");

    /// <summary>
    /// The hint of <c>microtl transfer</c> (CSV or data set) for <paramref name="e"/>: every transfer option that shrinks the
    /// budget that did not fit, with the bytes it saves alone, largest first; whether they fit together; and devices with room.
    /// </summary>
    public static string ForTransfer(TfLiteModel model, TransferSettings settings, BudgetExceededException e)
    {
        bool ram = e.Budget.Kind == DeviceMemoryKind.Ram;
        long capacity = e.Budget.CapacityOf(e.Device);
        long total = Total(model, settings, ram) ?? e.Budget.TotalBytes;
        var savings = new List<(string Option, long Saved, TransferSettings Settings)>();
        void Try(string option, TransferSettings variant)
        {
            if (Total(model, variant, ram) is long t && t < total) savings.Add((option, total - t, variant));
        }

        if (ram)
        {
            // --no-snapshot saves nothing: the rollback needs no RAM of its own (the good weights are the best epoch's, --stopping fixed drops them).
            if (settings.EffectiveOptimizer.Kind == OptimizerKind.Adam)
                Try("--optimizer sgd", settings with { Optimizer = OptimizerSettings.Sgd(settings.EffectiveOptimizer.LearningRate) });
            if (settings.Stopping == StoppingKind.Patience) Try("--stopping fixed", settings with { Stopping = StoppingKind.FixedEpochs });
            if (settings.BatchSize > 1) Try("--batch 1", settings with { BatchSize = 1 });
            if (LargestFitting(model, settings, ram, capacity, Hidden(model, settings) - 1, h => settings with { Hidden = h }) is int h)
                Try($"--hidden {h}", settings with { Hidden = h });
        }

        // The largest store that fits alone, else a quarter of it, to price what the store can give.
        if (settings.StoreCapacityBytes > 1)
        {
            int bytes = LargestFitting(model, settings, ram, capacity, settings.StoreCapacityBytes - 1, b => settings with { StoreCapacityBytes = b })
                ?? settings.StoreCapacityBytes / 4;
            Try($"--store-bytes {bytes}", settings with { StoreCapacityBytes = bytes });
        }

        var parts = new List<string>();
        if (savings.Count > 0)
        {
            savings.Sort((a, b) => b.Saved.CompareTo(a.Saved));
            parts.Add("alone, " + string.Join(", ", savings.Select(s => $"{s.Option} saves {Bytes(s.Saved)}")));
            parts.Add(Together(model, settings, ram, capacity, total, savings.Select(s => s.Option).ToList()));
        }
        else
        {
            parts.Add($"no {Kind(ram)} option of transfer brings it under {Bytes(capacity)}");
        }

        parts.Add(Devices(ram, total, e.Device.Name));
        return $"the job needs {Bytes(total - capacity)} less {Kind(ram)}: " + string.Join("; ", parts.Where(p => p.Length > 0));
    }

    /// <summary>
    /// The hint of <c>microtl demo</c> and <c>microtl experiment</c>, whose runs size the store to the labelled samples: the options of
    /// <paramref name="command"/> that size parts of the budget (<paramref name="options"/>: a component name's start and the option that
    /// sizes it), largest first, whether the rest alone is over the device, and the built-in devices with room for the whole job.
    /// </summary>
    public static string ForScenario(string command, BudgetExceededException e, IReadOnlyList<(string Component, string Option)> options, string? also = null)
    {
        bool ram = e.Budget.Kind == DeviceMemoryKind.Ram;
        long capacity = e.Budget.CapacityOf(e.Device);
        var sized = options
            .GroupBy(o => o.Option)
            .Select(g => (Option: g.Key, Components: e.Budget.Components.Where(c => g.Any(o => c.Name.StartsWith(o.Component, StringComparison.Ordinal))).ToList()))
            .Where(o => o.Components.Sum(c => c.Bytes) > 0)
            .OrderByDescending(o => o.Components.Sum(c => c.Bytes))
            .ToList();
        long rest = e.Budget.TotalBytes - e.Budget.Components
            .Where(c => options.Any(o => c.Name.StartsWith(o.Component, StringComparison.Ordinal))).Sum(c => c.Bytes);
        string what = sized.Count == 0
            ? $"none of {command}'s options shrinks it"
            : string.Join(", ", sized.Select(o => $"{o.Option} sizes {Bytes(o.Components.Sum(c => c.Bytes))} of it ({string.Join(", ", o.Components.Select(c => c.Name))})"));
        string floor = rest > capacity ? $"; the rest, {Bytes(rest)}, is over {e.Device.Name}'s {Bytes(capacity)} on its own" : "";
        string devices = Devices(ram, e.Budget.TotalBytes, e.Device.Name);
        if (sized.Count == 0 && devices.StartsWith("or ", StringComparison.Ordinal)) devices = "pick " + devices[3..];
        return $"the job needs {Bytes(e.Budget.TotalBytes - capacity)} less {Kind(ram)}: {what}{floor}; {devices}"
            + (also is null ? "" : $"; {also}");
    }

    private static string Together(TfLiteModel model, TransferSettings settings, bool ram, long capacity, long total, List<string> options)
    {
        // The switches that cost nothing in accuracy terms to try together, then the sizes that fit on top of them.
        TransferSettings combined = settings;
        var used = new List<string>();
        foreach (string option in options.Where(o => !o.StartsWith("--hidden", StringComparison.Ordinal) && !o.StartsWith("--store-bytes", StringComparison.Ordinal)))
        {
            combined = Apply(combined, option);
            used.Add(option);
        }

        if (used.Count > 1 || (used.Count == 1 && options.Count > 1))
        {
            if (Total(model, combined, ram) is long t && t <= capacity) return $"{string.Join(" ", used)} together fit ({Bytes(capacity - t)} to spare)";
            if (ram && LargestFitting(model, combined, ram, capacity, Hidden(model, settings), h => combined with { Hidden = h }) is int h)
                return $"{string.Join(" ", used)} --hidden {h} together fit";
            if (LargestFitting(model, combined, ram, capacity, settings.StoreCapacityBytes, b => combined with { StoreCapacityBytes = b }) is int b)
                return $"{string.Join(" ", used)} --store-bytes {b} together fit";
            if (Total(model, combined, ram) is long all) return $"even {string.Join(" ", used)} together need {Bytes(all)}";
        }

        return "";
    }

    private static TransferSettings Apply(TransferSettings s, string option) => option switch
    {
        "--optimizer sgd" => s with { Optimizer = OptimizerSettings.Sgd(s.EffectiveOptimizer.LearningRate) },
        "--stopping fixed" => s with { Stopping = StoppingKind.FixedEpochs },
        "--batch 1" => s with { BatchSize = 1 },
        _ => s,
    };

    /// <summary>The largest value in 1..<paramref name="upper"/> whose variant fits <paramref name="capacity"/> (the totals grow with it), or null.</summary>
    private static int? LargestFitting(TfLiteModel model, TransferSettings settings, bool ram, long capacity, int upper, Func<int, TransferSettings> variant)
    {
        if (upper < 1 || !(Total(model, variant(1), ram) <= capacity)) return null;
        int low = 1, high = upper;
        while (low < high)
        {
            int middle = low + ((high - low + 1) / 2);
            if (Total(model, variant(middle), ram) <= capacity) low = middle;
            else high = middle - 1;
        }

        return low;
    }

    /// <summary>The head's hidden units: the settings', else the session's (the model's own head, or 32).</summary>
    private static int Hidden(TfLiteModel model, TransferSettings settings)
    {
        if (settings.Hidden is int hidden) return hidden; // a head too large to count has no session, even on an unbounded device
        try
        {
            return new TransferSession(model, settings with { Device = Unbounded }).Head.Hidden;
        }
        catch (Exception e) when (e is TransferDataException or ArgumentException or BudgetExceededException)
        {
            return 0; // no --hidden to price
        }
    }

    /// <summary>The RAM (or flash) total of a run with <paramref name="settings"/>, or null when those settings cannot run at all.</summary>
    private static long? Total(TfLiteModel model, TransferSettings settings, bool ram)
    {
        try
        {
            var session = new TransferSession(model, settings with { Device = Unbounded });
            return ram ? session.Memory.TotalBytes : session.Flash.TotalBytes;
        }
        catch (Exception e) when (e is TransferDataException or ArgumentException or BudgetExceededException)
        {
            return null;
        }
    }

    private static string Devices(bool ram, long needed, string current)
    {
        string[] roomy = [.. DeviceProfileLoader.BuiltIn
            .Where(p => p.Name != current && (ram ? p.RamBytes : p.FlashBytes) >= needed)
            .OrderBy(p => ram ? p.RamBytes : p.FlashBytes)
            .Select(p => $"--device {p.Name} ({Bytes(ram ? p.RamBytes : p.FlashBytes)})")];
        return roomy.Length > 0
            ? $"or a device with room for all {Bytes(needed)}: {string.Join(", ", roomy)}"
            : $"no built-in device has {Bytes(needed)} of {Kind(ram)}";
    }

    private static string Kind(bool ram) => ram ? "RAM" : "flash";

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
