// The demo's report.html: what was run, what it measured, and what the cost model estimates, from a
// DemoResult alone (no numbers of its own). Section order follows the story: summary, data, accuracy,
// memory, time and energy, break-even, how the estimate was made.
using System.Globalization;
using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Composes the HTML report of <c>microtl demo</c>.</summary>
public static class DemoHtmlReport
{
    private const double Kilobyte = 1024;

    /// <summary>
    /// The report of <paramref name="demo"/>: sections "Summary", "Data used", "Accuracy per epoch", "Memory vs device RAM",
    /// "Time and energy: device vs cloud", "Break-even" and "How the energy was estimated"; <paramref name="command"/> goes in the footer.
    /// </summary>
    public static HtmlReport Build(DemoResult demo, string command = "microtl demo")
    {
        TransferOutcome o = demo.Transfer.Outcome;
        EnergyComparison energy = demo.Energy.Comparison;
        var report = new HtmlReport("MicroTL demo: new activities for new users",
            $"WISDM smartwatch accelerometer ({demo.DataSource}), on-device transfer on {o.Device.Name}, seed {demo.Seed}")
        {
            Footer = Inv($"Made by '{command}' in {demo.Timing.TotalSeconds:F1} s on this host. Accuracies are measured; time and energy are estimates of the cost model."),
        };

        report.AddSection("Summary")
            .Paragraph($"A base network was trained in the cloud (this host) on {Activities(demo.Pretrain.Classes)} and quantized to int8. "
                + $"On the device, its body stays frozen; {demo.TrainSamples} labelled windows of new users ({demo.SamplesPerClass} per activity, now including "
                + $"{Activities(demo.Device.Classes.Except(demo.Pretrain.Classes).ToList())}) pass through it once, their int8 features are stored, "
                + $"and only the float head {o.Head} is trained there. The alternatives: upload the raw windows and train the network from scratch "
                + "in the cloud, or train the same head on float features (what int8 storage costs).")
            .Cards(
                SummaryCard.Of("Base model, unchanged", 100 * demo.Transfer.Evaluation.AccuracyBefore, 1, "%", "knows 4 of the 6 activities"),
                SummaryCard.Of("MicroTL on the device", 100 * demo.Transfer.Evaluation.AccuracyAfter, 1, "%", $"{o.Training.EpochsRun} epochs, stopped: {o.Training.Reason}"),
                SummaryCard.Of("Cloud, from scratch", 100 * demo.Transfer.Cloud.Int8Accuracy, 1, "%", $"int8, {demo.Transfer.Cloud.History.Count} epochs"),
                demo.Transfer.FloatFineTune is { } f
                    ? SummaryCard.Of("Float head, float features", 100 * f.Accuracy, 1, "%", "the same head without int8 storage")
                    : new SummaryCard("Float head, float features", "n/a", "no float base"),
                SummaryCard.Of("RAM used", o.Memory.TotalBytes / Kilobyte, 1, "KB", Inv($"of {o.Device.RamBytes / Kilobyte:F0} KB on {o.Device.Name}")),
                SummaryCard.Of("Energy, cloud / device", energy.EnergyRatio, 2, "x", Inv($"time {energy.TimeRatio:F2}x; paper 3x and 2.8x (estimate)")),
                SummaryCard.Of("Demo run time", demo.Timing.TotalSeconds, 1, "s", Inv($"pretraining {demo.Timing.PretrainSeconds:F1} s, on this host")))
            .Table(MethodTable(demo));

        report.AddSection("Data used").Table(DataTable(demo));
        report.AddSection("Accuracy per epoch").ChartRow(
            (DemoCharts.HasValidation(demo)
                ? Inv($"Left: accuracy after each epoch on the validation split, held out from the {demo.TrainSamples} labelled windows ")
                    + "(the device's head and the float head each draw their own)"
                    + (double.IsFinite(o.OldValidationAccuracy) ? "; the base model's line is its accuracy on the device's validation split. " : ". ")
                : Inv($"Left: the device's head and the float head train on every one of the {demo.TrainSamples} labelled windows (no validation split), ")
                    + "so their curves are their accuracy on the records they train on (with the perturbed copies), which says how well they fit them, "
                    + "not how well they generalise. ")
                + "Right: the cloud network has no validation split, so its curve is its accuracy on the windows it trains on, which says how well it "
                + "fits them, not how well it generalises. The test accuracies on the new users' windows are in the summary.",
            DemoCharts.Accuracy(demo), DemoCharts.CloudTraining(demo));
        report.AddSection("Memory vs device RAM").Chart(DemoCharts.Memory(o),
                "The on-device transfer's RAM, stacked by component (the smallest grouped; every one is in the table); the dashed line is the device's RAM.")
            .Table(DemoCharts.MemoryTable(o.Memory));
        report.AddSection("Time and energy: device vs cloud")
            .Paragraph(Inv($"Estimated for {energy.Device.Name}: on the device {energy.OnDevice.Seconds:F2} s and {energy.OnDevice.EnergyMillijoules:F1} mJ; ")
                + Inv($"via the cloud {energy.Cloud.Seconds:F2} s and {energy.Cloud.EnergyMillijoules:F1} mJ. Verdict: {energy.Verdict}.")
                + (demo.Energy.DatasheetKernels is { } k
                    ? Inv($" These figures price collection and training by the instructions our firmware's own kernels took under QEMU; with optimized kernels (the profile's datasheet cycles per operation, e.g. CMSIS-NN's int8 convolution; an estimate) the device would take {k.OnDevice.Seconds:F2} s and {k.OnDevice.EnergyMillijoules:F1} mJ: cloud / device {k.EnergyRatio:F2}x in energy, {k.TimeRatio:F2}x in time.")
                    : ""))
            .ChartRow("Left: both ways at one scale. Right: the device's bar alone at its own scale (beside the cloud's it is a few pixels high).",
                DemoCharts.PhaseBars(energy, "Time per phase", "s", p => p.Seconds, 2),
                DemoCharts.DevicePhaseBars(energy, "Time on the device, by phase", "s", p => p.Seconds, 2))
            .ChartRow(null,
                DemoCharts.PhaseBars(energy, "Energy per phase", "mJ", p => p.EnergyMillijoules, 1),
                DemoCharts.DevicePhaseBars(energy, "Energy on the device, by phase", "mJ", p => p.EnergyMillijoules, 1))
            .Table(PhaseTable(energy));
        // The throughput sweep is always there; the epochs sweep is left out for a run that kept no epoch.
        BreakEvenSweep link = demo.Energy.Sweep(SweepParameter.LinkThroughput)!;
        BreakEvenSweep? epochs = demo.Energy.Sweep(SweepParameter.Epochs);
        ReportSection breakEven = report.AddSection("Break-even")
            .Paragraph("Where the cloud way would cost as much energy as the device way (ratio 1), holding the rest of this run fixed: link throughput "
                + $"{demo.Energy.EnergyBreakEvenText(SweepParameter.LinkThroughput, 1000, "kbit/s")}; labelled samples {demo.Energy.EnergyBreakEvenText(SweepParameter.Samples)}; "
                + $"on-device epochs {demo.Energy.EnergyBreakEvenText(SweepParameter.Epochs)}. Link sweep: {link.Note}.")
            .Chart(DemoCharts.Sweep(link, "Cloud / device vs link throughput", "link throughput (kbit/s, log scale)", 1000),
                "Above 1 the device way is cheaper. The paper's ratios, 3x energy and 2.8x time, are the two dashed lines just above 1 "
                + "(labelled at the right and at the left end). The axis ends where the sweep ends: the fastest BLE link.");
        if (epochs is not null)
            breakEven.Chart(DemoCharts.Sweep(epochs, "Cloud / device vs on-device epochs", "on-device training epochs (log scale)", 1), epochs.Note + ".");
        report.AddSection("How the energy was estimated")
            .Paragraph("The accuracies, op counts, bytes and the cloud's training time were measured on this run. Time and energy are not measured "
                + "on hardware: the cost model multiplies the run's int8 MACs, float multiply-adds, bytes stored and bytes sent by the device "
                + $"profile's constants (docs/energy.md). Cloud time: {energy.CloudTimeFactor.Source}.")
            .Table(ProfileTable(energy.Device));
        return report;
    }

    private static ReportTable MethodTable(DemoResult demo)
    {
        TransferOutcome o = demo.Transfer.Outcome;
        var table = new ReportTable("method", "where it trains", "test accuracy (%)", "epochs") { FractionDigits = 1 };
        table.AddRow("base model, unchanged", "cloud (pretraining)", 100 * demo.Transfer.Evaluation.AccuracyBefore, 0);
        table.AddRow("MicroTL: head on int8 features", "device", 100 * demo.Transfer.Evaluation.AccuracyAfter, o.Training.EpochsRun);
        table.AddRow("from scratch on the uploaded windows (int8)", "cloud", 100 * demo.Transfer.Cloud.Int8Accuracy, demo.Transfer.Cloud.History.Count);
        if (demo.Transfer.FloatFineTune is { } f) table.AddRow("head on float features", "host (baseline)", 100 * f.Accuracy, f.Training.EpochsRun);
        if (demo.Transfer.Classical is { } c) table.AddRow($"classical: random forest on {c.Features} window statistics", "host (baseline)", 100 * c.Accuracy, 0);
        table.Caption = $"All methods on the same {demo.TestSamples} test windows of the new users.";
        return table;
    }

    private static ReportTable DataTable(DemoResult demo)
    {
        var table = new ReportTable("used for", "subjects", "activities", "windows");
        table.AddRow("pretraining (cloud)", Data.Ranges.Format([.. demo.Pretrain.Subjects!.Order()]) + ", a fifth held out", Activities(demo.Pretrain.Classes),
            demo.Pretraining.TrainWindows);
        table.AddRow("base model check (held out)", Data.Ranges.Format([.. demo.Pretraining.TestSubjects.Order()]), Activities(demo.Pretrain.Classes), demo.Pretraining.TestWindows);
        string newSubjects = Data.Ranges.Format([.. demo.Device.Subjects!.Order()]);
        table.AddRow("collected on the device", newSubjects, Activities(demo.Device.Classes), demo.TrainSamples);
        table.AddRow("test, every method", newSubjects, Activities(demo.Device.Classes), demo.TestSamples);
        table.Caption = "Windows of 200 samples (10 s at 20 Hz) of the watch's 3-axis accelerometer; the new subjects are never seen in pretraining.";
        return table;
    }

    private static ReportTable PhaseTable(EnergyComparison c)
    {
        var table = new ReportTable("way", "phase", "time (s)", "energy (mJ)", "how") { FractionDigits = 3 };
        foreach (WayCost way in new[] { c.OnDevice, c.Cloud })
            foreach (PhaseCost p in way.Phases) table.AddRow(way.Name, p.Name, p.Seconds, p.EnergyMillijoules, p.Detail);
        return table;
    }

    private static ReportTable ProfileTable(DeviceProfile profile)
    {
        // Values span 0.00316 mA to 64,000,000 Hz: significant digits, not a fixed count after the point.
        var table = new ReportTable("profile value", "value", "unit", "source").SetSignificantDigits(1, 6);
        foreach ((ProfileField field, SourcedValue value) in profile.Values) table.AddRow(field.Name, value.Value, field.Unit, value.Source);
        table.Caption = $"{profile.Name}: {profile.Description}";
        return table;
    }

    private static string Activities(IReadOnlyList<string> codes) =>
        string.Join(", ", codes.Select(c => c.Length == 1 ? $"{WisdmActivity.NameOf(c[0])} ({c})" : c));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
