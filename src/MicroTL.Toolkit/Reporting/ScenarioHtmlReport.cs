// The HTML report of `microtl experiment`: what was run, accuracy per K of the four methods with
// their spread over seeds, the accuracy per epoch behind an early-stopping choice, and the device's
// memory, work and stop reasons, all from a ScenarioResult (no numbers of its own).
using System.Globalization;
using MicroTL.Session;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Reporting;

/// <summary>Composes the HTML report of <c>microtl experiment</c>.</summary>
public static class ScenarioHtmlReport
{
    /// <summary>
    /// The report of <paramref name="result"/>: sections "Settings", "Accuracy vs K", "Accuracy per epoch" and "Device memory, work
    /// and stopping"; <paramref name="command"/> goes in the footer.
    /// </summary>
    public static HtmlReport Build(ScenarioResult result, string command = "microtl experiment")
    {
        ArgumentNullException.ThrowIfNull(result);
        string name = Scenarios.NameOf(result.Scenario);
        ulong[] seeds = [.. result.Runs.Select(r => r.Seed).Distinct()];
        var report = new HtmlReport($"MicroTL experiment: {name}",
            Inv($"{Markup.Count(result.Runs.Count, "transfer")} over {Markup.Count(seeds.Length, "seed")} and K = {string.Join(", ", result.Rows.Select(r => r.SamplesPerClass))}; accuracy on the device's test samples"))
        {
            Footer = Inv($"Made by '{command}' in {result.ElapsedSeconds:F1} s on this host. Accuracies are measured; sd is the sample standard deviation over the runs of a K (undefined for one run)."),
        };

        report.AddSection("Settings").Paragraph(Describe(result.Scenario)).Table(SettingsTable(result, seeds));
        report.AddSection("Accuracy vs K")
            .Table(AccuracyTable(result))
            .Chart(ScenarioCharts.AccuracyVsSamples(result),
                "Mean test accuracy of each method over the runs of a K; whiskers span mean ± sd. The methods are drawn a few pixels apart at each K so none hides another.");

        ReportSection perEpoch = report.AddSection("Accuracy per epoch")
            .Chart(ScenarioCharts.PerEpoch(result, "MicroTL device: accuracy per epoch", "accuracy on its records (%)", r => r.DevicePerEpoch),
                "Mean accuracy of the device's head after each epoch, over the runs that reached that epoch: on its validation records when the run "
                + "holds some out, else (the recipe: every labelled sample trains) on its training records. Runs with a step budget or early stopping run "
                + "different epochs, so later epochs average fewer runs: each curve ends at the last epoch at least half of its runs reached (the legend gives the "
                + "runs and from which epoch fewer go on, the table below how many reached an epoch). "
                + "Colours here are K, light to dark; in the chart above they are methods.")
            .Table(BestEpochTable(result));
        if (result.Rows.Any(r => r.CloudScratchPerEpoch.Count > 0))
        {
            perEpoch.Chart(ScenarioCharts.PerEpoch(result, "Cloud scratch: test accuracy per epoch", "test accuracy (%, float network)", r => r.CloudScratchPerEpoch),
                "Mean test accuracy of the cloud's float network after each of its epochs (the table's cloud column is the int8 model after the last "
                + "epoch); every run trains the same number of epochs.");
        }
        else
        {
            perEpoch.Paragraph("The cloud network's test accuracy per epoch was not recorded (it costs a test pass an epoch); run with --cloud-test-per-epoch to add its chart.");
        }

        report.AddSection("Device memory, work and stopping").Table(DeviceTable(result));
        return report;
    }

    private static ReportTable SettingsTable(ScenarioResult result, ulong[] seeds)
    {
        var table = new ReportTable("setting", "value");
        table.AddRow("scenario", Scenarios.NameOf(result.Scenario));
        table.AddRow("seeds", string.Join(", ", seeds));
        table.AddRow("labelled samples per class (K)", string.Join(", ", result.Rows.Select(r => r.SamplesPerClass)));
        if (result.Scenario == Scenario.Personalisation)
            table.AddRow("adapted subjects (one per seed)", string.Join(", ", result.Runs.Select(r => r.Subject).Distinct()));
        if (ScenarioCharts.Classes(result) is int classes) table.AddRow("device classes", classes.ToString(CultureInfo.InvariantCulture));
        if (result.Options is { } o)
        {
            table.AddRow("data", o.DataDirectory ?? "embedded WISDM subset");
            table.AddRow("pretraining epochs", o.PretrainEpochsFor(result.Scenario).ToString(CultureInfo.InvariantCulture));
            MicroTL.Session.TransferSettings t = o.Transfer;
            string stopping = t.Stopping switch
            {
                MicroTL.Session.StoppingKind.FixedEpochs when t.StepBudget is { } steps => Inv($"stopping rule {t.Stopping} ({steps} optimizer steps turned into epochs)"),
                MicroTL.Session.StoppingKind.Patience => Inv($"stopping rule {t.Stopping} ({t.Patience} epochs)"),
                _ => Inv($"stopping rule {t.Stopping}"),
            };
            table.AddRow("device training", Inv($"{t.EffectiveOptimizer.Kind} at learning rate {t.EffectiveOptimizer.LearningRate:G3}, batch {t.BatchSize}, ")
                + Inv($"at most {t.MaxEpochs} epochs, {stopping}, validation {100 * t.ValidationFraction:F0} %; head features {Auto(t.HeadFeatures)}, ")
                + Inv($"augmented copies {(t.AugmentedCopies is { } n ? n.ToString(CultureInfo.InvariantCulture) : "auto")}"));
            table.AddRow("cloud scratch epochs", o.CloudEpochs.ToString(CultureInfo.InvariantCulture));
        }

        if (result.Runs.Count > 0 && result.Runs[0].Result.Classical is { } c)
            table.AddRow("classical baseline", Inv($"random forest (ML.NET FastForest, one-versus-all) on {c.Features} window statistics, host only"));

        if (result.Runs.Count > 0)
        {
            MicroTL.Session.TransferOutcome first = result.Runs[0].Result.Outcome;
            table.AddRow("device head", Inv($"{first.Head} ({first.ExportFormat} export)"));
        }

        table.AddRow("runs (transfers)", result.Runs.Count.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static ReportTable AccuracyTable(ScenarioResult result)
    {
        var table = new ReportTable(["K", "runs", .. ScenarioCharts.MethodNames.Select(m => m + " (%)"), "epochs"]);
        foreach (ScenarioRow row in result.Rows)
        {
            table.AddRow(row.SamplesPerClass, row.Runs, Percent(row.Base), Percent(row.Device), Percent(row.CloudScratch), Percent(row.FloatFineTune),
                Percent(row.Classical), MeanSdCell(row.Epochs, 1));
        }

        table.Caption = "Test accuracy, mean ± sd over the runs of each K; every method of a run is tested on the same samples"
            + (result.Rows.Any(r => r.Runs == 1) ? $"; {MeanSdText.SingleRunNote}." : ".");
        return table;
    }

    private static string Auto(bool? setting) => setting switch { true => "on", false => "off", null => "auto" };

    private static ReportTable BestEpochTable(ScenarioResult result)
    {
        var table = new ReportTable("K", "kept epoch (mean ± sd)", "epochs run (mean ± sd)", "runs at epoch 1, 5, 10, 20", "last epoch any run reached");
        foreach (ScenarioRow row in result.Rows)
        {
            ScenarioRun[] runs = [.. result.Runs.Where(r => r.SamplesPerClass == row.SamplesPerClass)];
            MeanSd best = MeanSd.Of(runs.Where(r => r.Result.Outcome.Training.KeptEpoch > 0).Select(r => (double)r.Result.Outcome.Training.KeptEpoch));
            string reached = string.Join(", ", new[] { 1, 5, 10, 20 }.Select(e => row.DevicePerEpoch.FirstOrDefault(s => s.Epoch == e)?.Accuracy.Count ?? 0));
            table.AddRow(row.SamplesPerClass, MeanSdCell(best, 1), MeanSdCell(row.Epochs, 1), reached, row.DevicePerEpoch.Count == 0 ? 0 : row.DevicePerEpoch[^1].Epoch);
        }

        table.Caption = "The device's head training: the epoch the stopping rule kept (its weights are deployed) and how many runs had a validation accuracy at an epoch"
            + (result.Rows.Any(r => r.Runs == 1) ? $"; {MeanSdText.SingleRunNote}." : ".");
        return table;
    }

    private static ReportTable DeviceTable(ScenarioResult result)
    {
        var table = new ReportTable("K", "device RAM planned (bytes, max over runs)", "training multiply-adds (mean)", "feature collection multiply-adds (mean)", "stop reasons")
        {
            FractionDigits = 0,
        };
        foreach (ScenarioRow row in result.Rows)
        {
            table.AddRow(row.SamplesPerClass, row.MemoryTotalBytes, row.TrainingMultiplyAdds.Mean, row.CollectionMultiplyAdds.Mean,
                string.Join(", ", row.StopReasons.Select(kv => Inv($"{kv.Key} {kv.Value}"))));
        }

        table.Caption = "RAM of the on-device transfer as planned against the device budget; op counts of the head training (forward, backward, optimizer, validation) and of running the int8 body on the collected samples.";
        return table;
    }

    private static string Describe(Scenario scenario) => scenario switch
    {
        Scenario.NewActivities => $"New activities: the base is pretrained on activities {string.Join(",", Scenarios.BaseActivities)} of subjects 1600-1630; "
            + $"the device learns {string.Join(",", Scenarios.AllActivities)} from K windows per class of the new subjects 1631-1640 and is tested on their other windows.",
        Scenario.Personalisation => $"Personalisation: per seed one subject is left out of pretraining (all activities {string.Join(",", Scenarios.AllActivities)} of the other subjects); "
            + "the device adapts to that subject from K windows per class and is tested on the subject's other windows.",
        _ => $"Images: the base is pretrained on MNIST digits {string.Join(",", Scenarios.BaseDigits)}; the device learns digits {string.Join(",", Scenarios.NewDigits)} "
            + "from K t10k images per class (fresh head) and is tested on the other t10k images of those digits.",
    };

    private static string Percent(MeanSd v) => MeanSdText.Of(v, 1, 100);

    private static string MeanSdCell(MeanSd v, int digits) => MeanSdText.Of(v, digits);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
