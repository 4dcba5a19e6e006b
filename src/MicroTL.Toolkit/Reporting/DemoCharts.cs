// The charts of the demo report, each built from the run's own records: accuracy per epoch, RAM by
// component against the device's RAM, time and energy per phase, and the break-even sweeps.
using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Training;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Charts of <see cref="DemoHtmlReport"/>.</summary>
public static class DemoCharts
{
    /// <summary>Width of each of two charts side by side in a row.</summary>
    public const double PanelWidthPixels = 480;

    /// <summary>
    /// Accuracy (%) per epoch of the device head and the float fine-tune: on the validation split when the run held one
    /// out (with the base model on it and chance as lines), else (the device recipe trains on every labelled window) on
    /// the records each trains on. One quantity per chart, so the curves compare.
    /// </summary>
    public static SvgLineChart Accuracy(DemoResult demo)
    {
        TransferOutcome o = demo.Transfer.Outcome;
        bool validation = HasValidation(demo);
        string what = validation ? "validation" : "training";
        var chart = new SvgLineChart(validation ? "Validation accuracy per epoch" : "Training accuracy per epoch (no validation split)")
        {
            XLabel = "epoch", YLabel = what + " accuracy (%)", WidthPixels = PanelWidthPixels,
        };
        chart.AddSeries("MicroTL head on the device", PerEpoch(o.Training.Epochs, validation));
        if (demo.Transfer.FloatFineTune is { } f) chart.AddSeries("head on float features", PerEpoch(f.Training.Epochs, validation));
        if (validation && double.IsFinite(o.OldValidationAccuracy))
            chart.AddReferenceLine(FormattableString.Invariant($"base model {100 * o.OldValidationAccuracy:F1} %"), 100 * o.OldValidationAccuracy, labelAtStart: true);
        chart.AddReferenceLine(FormattableString.Invariant($"chance 1/{demo.Device.Classes.Count}"), 100.0 / demo.Device.Classes.Count);
        return chart;
    }

    /// <summary>True when the device's head had a validation split (its epochs carry validation accuracies).</summary>
    public static bool HasValidation(DemoResult demo) => demo.Transfer.Outcome.Training.Epochs.Any(e => e.HasValidation);

    /// <summary>The cloud-scratch network's accuracy (%) on its own training windows per epoch: it has no validation split, so it gets its own panel.</summary>
    public static SvgLineChart CloudTraining(DemoResult demo)
    {
        var chart = new SvgLineChart("Cloud from scratch: training accuracy") { XLabel = "epoch", YLabel = "training accuracy (%)", WidthPixels = PanelWidthPixels };
        chart.AddSeries("cloud network on the uploaded windows", demo.Transfer.Cloud.History.Select(e => ((double)e.Epoch, 100.0 * e.Accuracy)));
        chart.AddReferenceLine(FormattableString.Invariant($"chance 1/{demo.Device.Classes.Count}"), 100.0 / demo.Device.Classes.Count);
        return chart;
    }

    /// <summary>The RAM plan's components and total in bytes: the table beside <see cref="Memory"/> (demo and transfer reports).</summary>
    public static ReportTable MemoryTable(MemoryBudget memory)
    {
        var table = new ReportTable("component", "bytes");
        foreach (MemoryComponent c in memory.Components) table.AddRow(c.Name, c.Bytes);
        table.AddRow("total", memory.TotalBytes);
        return table;
    }

    /// <summary>RAM of the on-device transfer by component (KB), stacked, with the device's RAM as the reference line.</summary>
    public static SvgBarChart Memory(TransferOutcome o)
    {
        // The palette has 8 colours: the largest components get their own, the rest share one segment (each is in the table below).
        const int Own = 7;
        List<MemoryComponent> largest = [.. o.Memory.Components.OrderByDescending(c => c.Bytes).Take(Own)];
        List<MemoryComponent> rest = [.. o.Memory.Components.Except(largest)];
        List<string> names = [.. largest.Select(c => c.Name)];
        List<double> kilobytes = [.. largest.Select(c => c.Bytes / 1024.0)];
        if (rest.Count > 0)
        {
            names.Add($"{rest.Count} smaller buffers");
            kilobytes.Add(rest.Sum(c => c.Bytes) / 1024.0);
        }

        var chart = new SvgBarChart("RAM by component", names)
        {
            Orientation = BarOrientation.Horizontal, Layout = BarLayout.Stacked, ValueUnit = "KB", ValueLabel = "RAM (KB, 1 KB = 1024 bytes)",
            HeightPixels = 180,
        };
        chart.AddCategory("MicroTL transfer", [.. kilobytes]);
        chart.AddReferenceLine(FormattableString.Invariant($"{o.Device.Name} RAM {o.Device.RamBytes / 1024.0:F0} KB"), o.Device.RamBytes / 1024.0);
        return chart;
    }

    /// <summary>One bar per way (device, cloud), stacked by phase; <paramref name="value"/> picks seconds or millijoules.</summary>
    public static SvgBarChart PhaseBars(EnergyComparison c, string title, string unit, Func<PhaseCost, double> value, int digits)
    {
        // The two ways share "deployment"; every other phase belongs to one way and is 0 on the other.
        List<string> phases = Phases(c);
        var chart = new SvgBarChart(title, phases)
        {
            Layout = BarLayout.Stacked, ValueUnit = unit, ValueLabel = $"{Quantity(unit)} ({unit}, estimate)", ValueFractionDigits = digits,
            WidthPixels = PanelWidthPixels,
        };
        foreach (WayCost way in new[] { c.OnDevice, c.Cloud })
            chart.AddCategory(way.Name == "device" ? "on the device" : "via the cloud",
                [.. phases.Select(name => way.Phases.Where(p => p.Name == name).Sum(value))]);
        return chart;
    }

    /// <summary>
    /// The device's bar alone at its own scale, stacked by its phases in the colours of <see cref="PhaseBars"/>: beside the
    /// cloud's tens of seconds the device's bar is a few pixels high.
    /// </summary>
    public static SvgBarChart DevicePhaseBars(EnergyComparison c, string title, string unit, Func<PhaseCost, double> value, int digits)
    {
        // The device's phases come first in PhaseBars' series, so the same index gives the same colour.
        List<string> phases = [.. Phases(c).Where(name => c.OnDevice.Phases.Any(p => p.Name == name))];
        var chart = new SvgBarChart(title, phases)
        {
            Layout = BarLayout.Stacked, ValueUnit = unit, ValueLabel = $"{Quantity(unit)} ({unit}, estimate)", ValueFractionDigits = digits + 1,
            WidthPixels = PanelWidthPixels,
        };
        chart.AddCategory("on the device", [.. phases.Select(name => c.OnDevice.Phases.Where(p => p.Name == name).Sum(value))]);
        return chart;
    }

    /// <summary>Energy and time ratios (cloud / device) along a sweep, log x, with ratio 1 and the paper's ratios as lines.</summary>
    public static SvgLineChart Sweep(BreakEvenSweep sweep, string title, string xLabel, double xDivisor)
    {
        var chart = new SvgLineChart(title) { XLabel = xLabel, YLabel = "cloud / device (log scale)", LogX = true, LogY = true, ShowMarkers = false };
        chart.AddSeries("energy ratio", sweep.Points.Select(p => (p.X / xDivisor, p.EnergyRatio)));
        chart.AddSeries("time ratio", sweep.Points.Select(p => (p.X / xDivisor, p.TimeRatio)));
        chart.AddReferenceLine("break-even (ratio 1)", 1);
        // 3x and 2.8x lie a few pixels apart on a log axis: one label at each end keeps both readable.
        chart.AddReferenceLine("paper: 3x energy", EnergyComparison.PaperEnergyRatio);
        chart.AddReferenceLine("paper: 2.8x time", EnergyComparison.PaperTimeRatio, labelAtStart: true);
        return chart;
    }

    private static List<string> Phases(EnergyComparison c) => [.. c.OnDevice.Phases.Concat(c.Cloud.Phases).Select(p => p.Name).Distinct()];

    private static string Quantity(string unit) => unit == "s" ? "time" : "energy";

    private static IEnumerable<(double, double)> PerEpoch(IReadOnlyList<EpochRecord> epochs, bool validation) =>
        epochs.Select(e => ((double)e.Epoch, 100.0 * (validation ? e.ValidationAccuracy : e.TrainAccuracy)));
}
