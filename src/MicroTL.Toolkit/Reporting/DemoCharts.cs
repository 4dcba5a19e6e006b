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
    /// <summary>Accuracy (%) per epoch of the device head, the float fine-tune and the cloud-scratch network; base model and chance as lines.</summary>
    public static SvgLineChart Accuracy(DemoResult demo)
    {
        TransferOutcome o = demo.Transfer.Outcome;
        var chart = new SvgLineChart("Accuracy per epoch") { XLabel = "epoch", YLabel = "accuracy (%)" };
        chart.AddSeries("MicroTL head on the device (validation)", Validation(o.Training.Epochs));
        if (demo.Transfer.FloatFineTune is { } f) chart.AddSeries("head on float features (validation)", Validation(f.Training.Epochs));
        chart.AddSeries("cloud from scratch (training windows)", demo.Transfer.Cloud.History.Select(e => ((double)e.Epoch, 100.0 * e.Accuracy)));
        chart.AddReferenceLine(FormattableString.Invariant($"base model unchanged {100 * demo.Transfer.Evaluation.AccuracyBefore:F1} %"), 100 * demo.Transfer.Evaluation.AccuracyBefore);
        chart.AddReferenceLine(FormattableString.Invariant($"chance 1/{demo.Device.Classes.Count}"), 100.0 / demo.Device.Classes.Count);
        return chart;
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
        List<string> phases = [.. c.OnDevice.Phases.Concat(c.Cloud.Phases).Select(p => p.Name).Distinct()];
        var chart = new SvgBarChart(title, phases)
        {
            Layout = BarLayout.Stacked, ValueUnit = unit, ValueLabel = $"{title.Split(' ')[0].ToLowerInvariant()} ({unit}, estimate)", ValueFractionDigits = digits,
        };
        foreach (WayCost way in new[] { c.OnDevice, c.Cloud })
            chart.AddCategory(way.Name == "device" ? "on the device" : "via the cloud",
                [.. phases.Select(name => way.Phases.Where(p => p.Name == name).Sum(value))]);
        return chart;
    }

    /// <summary>Energy and time ratios (cloud / device) along a sweep, log x, with ratio 1 and the paper's ratios as lines.</summary>
    public static SvgLineChart Sweep(BreakEvenSweep sweep, string title, string xLabel, double xDivisor)
    {
        var chart = new SvgLineChart(title) { XLabel = xLabel, YLabel = "cloud / device (log scale)", LogX = true, LogY = true, ShowMarkers = false };
        chart.AddSeries("energy ratio", sweep.Points.Select(p => (p.X / xDivisor, p.EnergyRatio)));
        chart.AddSeries("time ratio", sweep.Points.Select(p => (p.X / xDivisor, p.TimeRatio)));
        chart.AddReferenceLine("break-even (ratio 1)", 1);
        chart.AddReferenceLine("paper: 3x energy", EnergyComparison.PaperEnergyRatio);
        return chart;
    }

    private static IEnumerable<(double, double)> Validation(IReadOnlyList<EpochRecord> epochs) =>
        epochs.Select(e => ((double)e.Epoch, 100.0 * e.ValidationAccuracy));
}
