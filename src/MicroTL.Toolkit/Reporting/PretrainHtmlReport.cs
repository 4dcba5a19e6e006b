// The HTML report of `microtl pretrain --html`: the base network trained in the "cloud", in the demo report's
// style: accuracy on held-out data (float and int8), loss and training accuracy per epoch, the data, and what
// the written model needs on the device (arena by part, flash), all from the run's own records.
using System.Globalization;
using MicroTL.Budget;
using MicroTL.Runtime;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Composes the HTML report of <c>microtl pretrain</c>.</summary>
public static class PretrainHtmlReport
{
    /// <summary>
    /// The report of <paramref name="r"/>: sections "Outcome", "Training per epoch", "Data" and "The model on the device".
    /// </summary>
    /// <param name="r">The pretraining.</param>
    /// <param name="selection">The data it trained on.</param>
    /// <param name="modelBytes">The model file written (int8 or float32).</param>
    /// <param name="isFloat">Whether that file is the float32 network rather than the int8 model.</param>
    /// <param name="device">The device the model's memory is set against.</param>
    /// <param name="seconds">Host seconds of the run.</param>
    /// <param name="command">The command line, for the footer.</param>
    public static HtmlReport Build(PretrainResult r, DataSelection selection, byte[] modelBytes, bool isFloat, DeviceMemory device, double seconds,
        string command = "microtl pretrain")
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(modelBytes);
        var interpreter = new Interpreter(TfLiteReader.Read(modelBytes));
        string unit = selection.Dataset == DatasetKind.Wisdm ? "windows" : "images";
        var report = new HtmlReport("MicroTL pretraining: the base network",
            $"{selection.Dataset.ToString().ToUpperInvariant()} classes {string.Join(",", selection.Classes)}, {Markup.Count(r.History.Count, "epoch")}, "
                + $"written {(isFloat ? "float32" : "int8")}")
        {
            Footer = Inv($"Made by '{command}' in {seconds:F1} s on this host. Accuracies are measured on held-out data the network never trained on."),
        };

        report.AddSection("Outcome")
            .Paragraph(Inv($"A float network was trained on {r.TrainWindows} {unit} ")
                + Inv($"and quantized to int8 (calibrated on its training data); both were tested on {r.TestWindows} held-out {unit}")
                + (r.TestSubjects.Count > 0 ? Inv($" of subjects {Data.Ranges.Format([.. r.TestSubjects])}, never seen in training") : "")
                + Inv($". int8 and float predict the same class for {100 * r.Agreement:F1} % of them."))
            .Cards(
                SummaryCard.Of("Float, held out", 100 * r.FloatAccuracy, 1, "%", "accuracy of the float network"),
                SummaryCard.Of("int8, held out", 100 * r.Int8Accuracy, 1, "%", QuantizationEffect(r.FloatAccuracy, r.Int8Accuracy)),
                SummaryCard.Of("Model file", modelBytes.Length / 1024.0, 1, "KB", Inv($"{modelBytes.Length} bytes, {(isFloat ? "float32" : "int8")}")),
                SummaryCard.Of("Arena", interpreter.ArenaBytes / 1024.0, 1, "KB", Inv($"{interpreter.MacsPerInference:N0} MACs per inference")));

        report.AddSection("Training per epoch").ChartRow(
            "The float network's mean loss and accuracy on its training data after each epoch (the held-out accuracies are in the cards above).",
            Curve(r, "Loss per epoch", "cross-entropy loss", e => e.Loss), Curve(r, "Training accuracy per epoch", "training accuracy (%)", e => 100 * e.Accuracy));

        report.AddSection("Data").Table(DataTable(r, selection, unit));

        ArenaPlan plan = interpreter.Plan;
        report.AddSection("The model on the device")
            .Chart(ArenaChart(plan), "The inference arena the model needs, by part: activations and scratch planned by lifetime from the bottom, "
                + "the operators' persistent data from the top (as TFLM lays it out).")
            .Table(DeviceTable(plan, modelBytes.Length, device));
        return report;
    }

    private static SvgLineChart Curve(PretrainResult r, string title, string yLabel, Func<EpochProgress, double> value)
    {
        var chart = new SvgLineChart(title) { XLabel = "epoch", YLabel = yLabel, WidthPixels = DemoCharts.PanelWidthPixels };
        chart.AddSeries("float network, training data", r.History.Select(e => ((double)e.Epoch, value(e))));
        return chart;
    }

    private static SvgBarChart ArenaChart(ArenaPlan plan)
    {
        var chart = new SvgBarChart("Arena by part", ["activations", "scratch", "persistent (operators' data)"])
        {
            Orientation = BarOrientation.Horizontal, Layout = BarLayout.Stacked, ValueUnit = "KB", ValueLabel = "bytes (KB, 1 KB = 1024 bytes)",
            HeightPixels = 150, ValueFractionDigits = 2,
        };
        chart.AddCategory("inference arena", plan.ActivationBytes / 1024.0, plan.ScratchBytes / 1024.0, plan.PersistentBytes / 1024.0);
        return chart;
    }

    private static ReportTable DataTable(PretrainResult r, DataSelection selection, string unit)
    {
        var table = new ReportTable("what", "value");
        table.AddRow("data set", selection.Dataset == DatasetKind.Wisdm ? "WISDM smartwatch accelerometer (10 s windows, 200 samples x 3 axes)" : "MNIST digits (train split)");
        table.AddRow("classes (class k of the model is the k-th)", string.Join(", ", selection.Classes));
        if (selection.Subjects is { } subjects) table.AddRow("subjects", Data.Ranges.Format([.. subjects.Order()]));
        if (r.TestSubjects.Count > 0) table.AddRow("held-out subjects", Data.Ranges.Format([.. r.TestSubjects]));
        table.AddRow($"training {unit}", r.TrainWindows.ToString(CultureInfo.InvariantCulture));
        table.AddRow($"held-out {unit}", r.TestWindows.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static ReportTable DeviceTable(ArenaPlan plan, int modelBytes, DeviceMemory device)
    {
        long flash = modelBytes + plan.DerivedFlashBytes;
        var table = new ReportTable("memory", "bytes", Inv($"{device.Name} has"), "fits");
        table.AddRow("RAM: inference arena (activations + scratch + persistent)", plan.TotalBytes, device.RamBytes, plan.TotalBytes <= device.RamBytes ? "yes" : "no");
        table.AddRow("flash: model file + constants derived from it", flash, device.FlashBytes, flash <= device.FlashBytes ? "yes" : "no");
        table.Caption = "What inference alone needs; an on-device transfer adds its store, head and optimizer (microtl transfer --dry-run plans it).";
        return table;
    }

    /// <summary>"0.7 points below float", "0.7 points above float" or "the same as float": quantization's effect in words, never a negative "drop".</summary>
    public static string QuantizationEffect(double floatAccuracy, double int8Accuracy)
    {
        double points = 100 * (int8Accuracy - floatAccuracy);
        return Math.Abs(points) < 0.05 ? "the same as float"
            : Inv($"{Math.Abs(points):F1} points {(points < 0 ? "below" : "above")} float");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
