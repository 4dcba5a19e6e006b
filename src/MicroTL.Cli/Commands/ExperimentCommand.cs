using System.CommandLine;
using MicroTL.Budget;
using MicroTL.Cli.Options;
using MicroTL.Session;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl experiment new-activities|personalisation|images [--data DIR] [--seeds 1-5] [--samples-per-class 5,10,20,50]
/// [--epochs E] [--cloud-test-per-epoch] [--json] [--report R.json] [--html R.html]</c>, and the device's training options
/// <c>[--optimizer adam|sgd] [--lr X] [--hidden H] [--batch B] [--max-epochs E] [--patience P] [--int8-head]</c>:
/// runs a scenario over seeds and K and prints the accuracy table; the JSON and HTML reports add accuracy per epoch, memory and op counts.
/// </summary>
public static class ExperimentCommand
{
    /// <summary>The command and its options; the defaults are <see cref="ScenarioOptions"/>' and <see cref="ScenarioOptions.DefaultTransfer"/>'s.</summary>
    public static Command Create()
    {
        var defaults = new ScenarioOptions();
        TransferSettings device = ScenarioOptions.DefaultTransfer;
        var scenario = new Argument<string>("SCENARIO") { Description = "new-activities, personalisation or images" };
        scenario.CompletionSources.Add("new-activities", "personalisation", "images");
        Option<string?> data = CliOptions.Text("--data", "DIR", "WISDM: a folder of the original text files (default: the embedded data); images: the MNIST folder (required)");
        Option<string> seeds = new("--seeds") { Description = "seeds, a list or range", HelpName = "LIST", DefaultValueFactory = _ => Ranges.Format([.. defaults.Seeds.Select(s => (int)s)]) };
        Option<string?> samplesPerClass = CliOptions.Text("--samples-per-class", "LIST", "K values, a list or range (default: new-activities 5,10,20,50; personalisation 5,10; images 100)");
        Option<int?> epochs = CliOptions.OptionalNumber<int>("--epochs", "E",
            $"pretraining epochs (default: {BasePretrainer.DefaultEpochs(DatasetKind.Wisdm)} for WISDM, {BasePretrainer.DefaultEpochs(DatasetKind.Mnist)} for MNIST)", min: 1);
        Option<bool> cloudTestPerEpoch = CliOptions.Flag("--cloud-test-per-epoch", "record the cloud network's test accuracy after each epoch (slower)");
        Option<bool> json = CliOptions.Json("print the report as JSON instead of the table");
        Option<string?> report = CliOptions.Text("--report", "R.json", "write the report here");
        Option<string?> html = CliOptions.Text("--html", "R.html", "write a self-contained HTML report here");
        Option<string> optimizer = CliOptions.Choice("--optimizer", "the device's optimizer", TransferOptions.OptimizerName(device.EffectiveOptimizer), "adam", "sgd");
        Option<float> lr = CliOptions.Number("--lr", "X", "the device's learning rate", device.EffectiveOptimizer.LearningRate, positive: true);
        Option<int?> hidden = CliOptions.OptionalNumber<int>("--hidden", "H", $"the head's hidden units (default: {TransferSettings.DefaultHidden} for a head with the window statistics, else the base model's own)", min: 1);
        Option<int> batch = CliOptions.Number("--batch", "B", "the device's mini-batch", device.BatchSize, min: 1);
        Option<int> maxEpochs = CliOptions.Number("--max-epochs", "E", "the device's most epochs", device.MaxEpochs, min: 1);
        Option<int> patience = CliOptions.Number("--patience", "P", "the device's patience (epochs without a better validation loss)", device.Patience, min: 1);
        Option<bool> int8Head = CliOptions.Flag("--int8-head", "export the device's head requantized to int8");
        Option<bool> quiet = CliOptions.Quiet();
        Option<bool> strict = CliOptions.Strict();
        var command = new Command("experiment",
            "a scenario over seeds and K: base, MicroTL, cloud-scratch and float fine-tuning accuracy (mean ± sd); the reports add accuracy per epoch, "
            + "memory and op counts")
        {
            scenario, data, seeds, samplesPerClass, epochs, cloudTestPerEpoch, json, report, html, optimizer, lr, hidden, batch, maxEpochs, patience, int8Head, quiet, strict,
        };
        command.SetAction(p =>
        {
            Scenario which = Scenarios.Parse(p.GetRequiredValue(scenario));
            var options = new ScenarioOptions
            {
                DataDirectory = p.GetValue(data),
                Seeds = [.. Numbers(p.GetValue(seeds)!, "seeds", min: 0).Select(s => (ulong)s)],
                SamplesPerClass = p.GetValue(samplesPerClass) is { } ks ? Numbers(ks, "samples-per-class", min: 1) : null,
                PretrainEpochs = p.GetValue(epochs),
                CloudTestEachEpoch = p.GetValue(cloudTestPerEpoch),
                Transfer = device with
                {
                    Optimizer = TransferOptions.OptimizerOf(p.GetValue(optimizer)!, p.GetValue(lr)),
                    Hidden = p.GetValue(hidden) ?? device.Hidden,
                    BatchSize = p.GetValue(batch),
                    MaxEpochs = p.GetValue(maxEpochs),
                    Patience = p.GetValue(patience),
                    Int8Head = p.GetValue(int8Head),
                },
            };
            TextWriter stderr = p.InvocationConfiguration.Error;
            // Every argument and path before any work: the device settings against the budget, the reports' paths and
            // locks, then the data (what it skips is said, or refused with --strict).
            try
            {
                ScenarioPreflight.Check(which, options);
            }
            catch (BudgetExceededException e)
            {
                throw DoesNotFit(e);
            }

            using var files = new OutputSet("experiment");
            foreach (string file in ExperimentData.InputFiles(Scenarios.DatasetOf(which), options.DataDirectory)) files.Input("--data", file);
            OutputFile? reportFile = p.GetValue(report) is { } r ? files.Output("--report", r) : null;
            OutputFile? htmlFile = p.GetValue(html) is { } h ? files.Output("--html", h) : null;
            files.Validate();
            ExperimentData loaded = ExperimentData.Load(Scenarios.DatasetOf(which), options.DataDirectory);
            SkippedData.Report("experiment", loaded, p.GetValue(strict), stderr);
            return Run(which, options with { Data = loaded }, p.GetValue(json), files, reportFile, htmlFile, p.GetValue(quiet), p.Tokens.Select(t => t.Value),
                p.InvocationConfiguration.Output, stderr);
        });
        return command;
    }

    private static int Run(Scenario scenario, ScenarioOptions options, bool json, OutputSet files, OutputFile? reportFile, OutputFile? htmlFile, bool quiet,
        IEnumerable<string> args, TextWriter stdout, TextWriter stderr)
    {
        ScenarioResult result;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var interrupt = new InterruptScope())
        {
            try
            {
                result = ScenarioRunner.Run(scenario, options, line => { if (!quiet) stderr.WriteLine(line); }, interrupt.Token,
                    onRunDone: (done, total) => { if (!quiet) stderr.WriteLine(RunsDone(done, total, clock.Elapsed)); });
            }
            catch (BudgetExceededException e)
            {
                throw DoesNotFit(e);
            }
        }

        ScenarioReport report = ScenarioReport.From(result) with { Skipped = SkippedDataReport.From(options.Data?.LoadReport) };
        reportFile?.WriteText(ReportJson.Serialize(report));
        htmlFile?.WriteText(ScenarioHtmlReport.Build(result, "microtl " + string.Join(' ', args)).ToHtml());
        files.Commit(); // both or neither
        if (json) stdout.WriteLine(ReportJson.Serialize(report));
        else ScenarioTable.Write(stdout, result);
        return ExitCodes.Success;
    }

    /// <summary>The refusal of an experiment over the device's budget (the preflight's or a run's), naming only experiment's options that shrink it.</summary>
    private static CliException DoesNotFit(BudgetExceededException e)
    {
        // The store holds every labelled sample of the largest K, but is at least 64 KB: below that, K does not size it.
        bool storeSizedByK = e.Budget.Components.Any(c => c.Name.StartsWith("feature store", StringComparison.Ordinal) && c.Bytes > 64 * 1024);
        return new CliException(e.Message, BudgetHints.ForScenario("experiment", e,
            [.. SizedBy.Where(s => storeSizedByK || s.Option != "--samples-per-class")]), ExitCodes.DoesNotFitDevice);
    }

    // Which option of experiment sizes which part of the device's RAM (the store holds every labelled sample of the largest K).
    private static readonly (string Component, string Option)[] SizedBy =
    [
        ("feature store", "--samples-per-class"), ("train/validation split", "--samples-per-class"), ("shuffle order", "--samples-per-class"),
        ("head parameters", "--hidden"), ("optimizer state", "--hidden"), ("good weights", "--hidden"),
        ("activations for backprop", "--batch"), ("dequantized mini-batch", "--batch"), ("mini-batch labels", "--batch"),
    ];

    /// <summary>"3/10 transfers done in 8.1 s; about 19 s left": the time left extrapolated from the mean time a transfer took so far.</summary>
    internal static string RunsDone(int done, int total, TimeSpan elapsed)
    {
        string line = $"  {done}/{total} transfers done in {Duration(elapsed)}";
        return done >= total ? line : $"{line}; about {Duration(elapsed / done * (total - done))} left";
    }

    private static string Duration(TimeSpan t) =>
        t.TotalSeconds < 90 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.TotalSeconds:F0} s")
        : t.TotalMinutes < 10 ? $"{(int)t.TotalMinutes} min {t.Seconds} s"
        : t.TotalMinutes < 90 ? $"{(int)Math.Round(t.TotalMinutes)} min"
        : $"{(int)t.TotalHours} h {t.Minutes} min";

    private static IReadOnlyList<int> Numbers(string text, string name, int min)
    {
        IReadOnlyList<int> values;
        try { values = Ranges.Parse(text); }
        catch (DataFormatException e) { throw new CliException($"experiment: --{name}: {e.Message}", $"write --{name} as a list or range, e.g. 1-5 or 5,10"); }
        if (values.Count == 0) throw new CliException($"experiment: --{name} '{Excerpt.Of(text)}' lists no number", $"write --{name} as a list or range, e.g. 1-5 or 5,10");
        if (values.Any(v => v < min))
            throw new CliException($"experiment: --{name} '{Excerpt.Of(text)}' has {values.First(v => v < min)}, below {min}", $"use --{name} of {min} or more");
        return values;
    }
}
