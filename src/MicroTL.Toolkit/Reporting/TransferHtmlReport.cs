// The HTML report of `microtl transfer --html`: what the device did with the user's samples, in the demo
// report's style: the outcome, loss and accuracy per epoch, the deployment decision and why, the RAM by
// component against the device, and the settings; all from the run's TransferOutcome (no numbers of its own).
using System.Globalization;
using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.Toolkit.Experiments;
using MicroTL.Training;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Composes the HTML report of <c>microtl transfer</c>.</summary>
public static class TransferHtmlReport
{
    /// <summary>
    /// The report of <paramref name="o"/>: sections "Outcome", "Training per epoch", "Deployment decision", "Memory vs device RAM" and
    /// "Settings"; <paramref name="experiment"/> (the data-set form) adds the cloud-scratch and float fine-tuning baselines.
    /// </summary>
    /// <param name="o">The run.</param>
    /// <param name="t">Its measurement on the test samples (host side).</param>
    /// <param name="command">The command line, for the footer.</param>
    /// <param name="settings">The settings the run used, for the settings table; null leaves them out.</param>
    /// <param name="experiment">The baselines of the data-set form, or null.</param>
    public static HtmlReport Build(TransferOutcome o, TransferEvaluation t, string command = "microtl transfer", TransferSettings? settings = null, TransferExperimentResult? experiment = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(t);
        var report = new HtmlReport("MicroTL transfer: the head trained on the device",
            Inv($"{o.Head} head on {o.SamplesStored} stored samples, {Markup.Count(o.Training.EpochsRun, "epoch")}, on {o.Device.Name}"))
        {
            Footer = $"Made by '{command}' on this host. Accuracies, op counts and bytes are measured on this run.",
        };

        ReportSection outcome = report.AddSection("Outcome")
            .Paragraph(Inv($"The model's body ran frozen, int8, up to tensor {o.CutTensor} '{o.CutTensorName}'; its {o.Head.Inputs} int8 features of each of the ")
                + Inv($"{o.SamplesOffered} labelled samples went into the feature store ({o.SamplesStored} kept), and a float32 head {o.Head} ")
                + Inv($"({Initialisation(o.Initialisation)}) was trained on {o.TrainRecords} of them, {o.ValidationRecords} held out for validation. ")
                + Inv($"{DecisionText.Of(o)} Test: {t.TestSamples} samples the run never trained on."))
            .Cards(
                SummaryCard.Of("Before: the model as given", 100 * t.AccuracyBefore, 1, "%", "test accuracy"),
                SummaryCard.Of("After: the deployed model", 100 * t.AccuracyAfter, 1, "%", DecisionText.Short(o.Decision)),
                SummaryCard.Of("Epochs", o.Training.EpochsRun, 0, "", $"stopped: {o.Training.Reason}"),
                SummaryCard.Of("RAM planned", o.Memory.TotalBytes / 1024.0, 1, "KB", Inv($"of {o.Device.RamBytes / 1024.0:F0} KB on {o.Device.Name}")));
        if (experiment is not null) outcome.Table(BaselineTable(t, experiment));

        report.AddSection("Training per epoch").ChartRow(
            Inv($"Loss and accuracy of the head after each epoch: on its {o.TrainRecords} training records and on the {o.ValidationRecords} held out for validation")
                + (o.Training.KeptEpoch > 0 ? Inv($"; the head keeps epoch {o.Training.KeptEpoch}'s weights (the dotted line)") : "")
                + (double.IsFinite(o.OldValidationAccuracy) ? ". The model's own head on the same validation records is the dashed line." : "."),
            TransferCharts.Loss(o), TransferCharts.Accuracy(o));

        report.AddSection("Deployment decision").Paragraph(DecisionText.Of(o)).Table(DecisionTable(o, t));

        report.AddSection("Memory vs device RAM")
            .Chart(DemoCharts.Memory(o), "The run's RAM, stacked by component (the smallest grouped; every one is in the table); the dashed line is the device's RAM.")
            .Table(DemoCharts.MemoryTable(o.Memory));

        report.AddSection("Settings").Table(SettingsTable(o, settings));
        return report;
    }

    private static ReportTable BaselineTable(TransferEvaluation t, TransferExperimentResult e)
    {
        var table = new ReportTable("method", "where it trains", "test accuracy (%)") { FractionDigits = 1 };
        table.AddRow("the model as given", "cloud (pretraining)", 100 * t.AccuracyBefore);
        table.AddRow("MicroTL: head on int8 features", "device", 100 * t.AccuracyAfter);
        table.AddRow("from scratch on the uploaded samples (int8)", "cloud", 100 * e.Cloud.Int8Accuracy);
        if (e.FloatFineTune is { } f) table.AddRow("head on float features", "host (baseline)", 100 * f.Accuracy);
        table.Caption = Inv($"Every method on the same {t.TestSamples} test samples.");
        return table;
    }

    private static ReportTable DecisionTable(TransferOutcome o, TransferEvaluation t)
    {
        var table = new ReportTable("measure", "value") { FractionDigits = 1 };
        table.AddRow("the model's own head, validation accuracy (%)", o.ClassesChanged && !double.IsFinite(o.OldValidationAccuracy) ? "n/a (other classes)" : Percent(o.OldValidationAccuracy));
        table.AddRow("the new head, validation accuracy (%)", Percent(o.NewValidationAccuracy));
        table.AddRow("classes", o.ClassesChanged ? Inv($"changed (the new head has {o.Head.Classes})") : Inv($"the model's own ({o.Head.Classes})"));
        table.AddRow("decision", o.Decision.ToString());
        table.AddRow("the new head exported (" + o.ExportFormat + "), test accuracy (%)", Percent(t.CandidateAccuracy));
        table.AddRow("the deployed model, test accuracy (%)", Percent(t.AccuracyAfter));
        table.AddRow("export check: test inputs where the exported model predicts what the trained head predicts", Inv($"{t.ExportAgreements} of {t.TestSamples}"));
        return table;
    }

    private static ReportTable SettingsTable(TransferOutcome o, TransferSettings? s)
    {
        var table = new ReportTable("setting", "value");
        table.AddRow("cut", Inv($"tensor {o.CutTensor} '{o.CutTensorName}', {o.Head.Inputs} int8 features"));
        table.AddRow("head", Inv($"{o.Head}, {Initialisation(o.Initialisation)}, exported {o.ExportFormat}"));
        table.AddRow("feature store", Inv($"{o.SamplesStored} of {o.SamplesOffered} samples kept ({o.StoreBytesUsed} bytes)")
            + (o.RecordsReopened > 0 ? Inv($", {o.RecordsReopened} records reopened from the store file") : "")
            + "; per class " + string.Join(", ", o.StoredPerClass.Select((n, c) => Inv($"{c}: {n}"))));
        if (s is not null)
        {
            table.AddRow("optimizer", Inv($"{s.EffectiveOptimizer.Kind}, learning rate {s.EffectiveOptimizer.LearningRate:G3}, batch {s.BatchSize}"));
            table.AddRow("stopping", Inv($"{s.Stopping}, at most {Markup.Count(s.MaxEpochs, "epoch")}")
                + (s.Stopping == StoppingKind.Patience ? Inv($", patience {s.Patience}") : "") + Inv($"; validation {100 * s.ValidationFraction:F0} % of each class"));
            table.AddRow("seed", s.Seed.ToString(CultureInfo.InvariantCulture));
            table.AddRow("rollback", s.KeepSnapshot ? "on (a diverging run goes back to its best epoch, or starts over from its initialisation, at half the rate)" : "none (--no-snapshot)");
        }

        table.AddRow("device", Inv($"{o.Device.Name}: {o.Device.RamBytes} bytes RAM, {o.Device.FlashBytes} bytes flash ({o.Device.Source})"));
        return table;
    }

    /// <summary>The session's initialisation code ("model", "he (classes changed)") in words: "initialised from the model's own head", "random He initialisation (classes changed)".</summary>
    public static string Initialisation(string code) => code.StartsWith("model", StringComparison.Ordinal)
        ? "initialised from the model's own head" + code[5..]
        : code.StartsWith("he", StringComparison.Ordinal) ? "random He initialisation" + code[2..] : code;

    private static string Percent(double fraction) => double.IsFinite(fraction) ? Markup.Fixed(100 * fraction, 1) : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
