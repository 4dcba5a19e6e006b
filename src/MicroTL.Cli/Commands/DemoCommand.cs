using System.CommandLine;
using MicroTL.Budget;
using MicroTL.Cli.Options;
using MicroTL.Toolkit.IO;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl demo [--out DIR] [--data DIR] [--device NAME|FILE] [--seed N] [--samples-per-class K] [--epochs E] [--quiet]</c>: scenario 1 end to
/// end on the embedded data, priced on the device profile, with progress on stderr, a summary on stdout, and DIR/report.json,
/// DIR/report.html, DIR/transfer-report.json and DIR/adapted.tflite written at the end (each atomically; Ctrl-C before that writes nothing).
/// </summary>
public static class DemoCommand
{
    /// <summary>Where the reports go without <c>--out</c>.</summary>
    public const string DefaultDirectory = "microtl-demo";

    /// <summary>The command and its options; the defaults are <see cref="DemoOptions"/>'.</summary>
    public static Command Create()
    {
        var defaults = new DemoOptions();
        Option<string> outDir = new("--out") { Description = "write report.html, report.json, transfer-report.json and adapted.tflite here", HelpName = "DIR", DefaultValueFactory = _ => DefaultDirectory };
        Option<string?> data = CliOptions.Text("--data", "DIR", "a folder of the original WISDM text files (default: the embedded data)");
        Option<string> device = CliOptions.Device("the device profile the run is bounded by and priced on: a built-in one or a profile file");
        Option<ulong> seed = CliOptions.Number("--seed", "N", "the seed of every step", defaults.Seed);
        Option<int> samplesPerClass = CliOptions.Number("--samples-per-class", "K", "labelled windows per class the device collects", defaults.SamplesPerClass, min: 1);
        Option<int> epochs = CliOptions.Number("--epochs", "E", "pretraining epochs", defaults.PretrainEpochs, min: 1);
        Option<bool> quiet = CliOptions.Quiet();
        var command = new Command("demo",
            "scenario 1 end to end on the embedded data: pretrain, quantize, learn on the device, compare with the cloud, estimate time and energy")
        {
            outDir, data, device, seed, samplesPerClass, epochs, quiet,
        };
        command.SetAction(p =>
        {
            string? deviceName = p.GetValue(device);
            var options = new DemoOptions
            {
                Seed = p.GetValue(seed),
                SamplesPerClass = p.GetValue(samplesPerClass),
                PretrainEpochs = p.GetValue(epochs),
                DataDirectory = p.GetValue(data),
                Profile = DeviceArgument.ResolveProfile(deviceName),
            };
            return Run(options, p.GetValue(outDir)!, p.GetValue(quiet), "microtl " + string.Join(' ', p.Tokens.Select(t => t.Value)),
                p.InvocationConfiguration.Output, p.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(DemoOptions options, string directory, bool quiet, string commandLine, TextWriter stdout, TextWriter stderr)
    {
        void Progress(string line)
        {
            if (!quiet) stderr.WriteLine(line);
        }

        // Ctrl-C stays a cancellation request until the files are written: before that nothing is written (exit 130);
        // once writing has begun, the short writes finish so the reports stay a consistent set.
        using var interrupt = new InterruptScope();
        DemoResult result;
        try
        {
            result = DemoRunner.Run(options, Progress, interrupt.Token);
        }
        catch (BudgetExceededException e)
        {
            // The demo runs fixed settings (its store is at least 64 KB whatever K): no demo option shrinks the job; transfer's do.
            throw new CliException(e.Message, BudgetHints.ForScenario("demo", e, [],
                "for a smaller device, run the steps yourself ('microtl pretrain', then 'microtl transfer BASE --dataset wisdm ... --device NAME'): "
                + "transfer's refusal says which of its options make the job fit"), ExitCodes.DoesNotFitDevice);
        }

        // Everything is composed before the first file is written, so a failure leaves no partial set of reports.
        string json = ReportJson.Serialize(DemoReport.From(result));
        string transferJson = ReportJson.Serialize(TransferReport.From(result.Transfer.Outcome, result.Transfer.Evaluation, result.Transfer));
        string html = DemoHtmlReport.Build(result, commandLine).ToHtml();
        string reportJson = Path.Combine(directory, "report.json"), reportHtml = Path.Combine(directory, "report.html");
        string transferReport = Path.Combine(directory, "transfer-report.json"), adapted = Path.Combine(directory, "adapted.tflite");
        interrupt.Token.ThrowIfCancellationRequested();
        Progress($"report: writing {reportJson}, {reportHtml}, {transferReport}, {adapted}");
        Directory.CreateDirectory(directory);
        ModelFile.Write(adapted, result.Transfer.Outcome.DeployedModel);
        AtomicFile.WriteAllText(transferReport, transferJson);
        AtomicFile.WriteAllText(reportHtml, html);
        AtomicFile.WriteAllText(reportJson, json);
        DemoSummary.Write(stdout, result);
        stdout.WriteLine($"  wrote    {reportHtml} (open it in a browser), {reportJson}");
        stdout.WriteLine($"           {transferReport} (microtl energy --scenario {transferReport} --device NAME prices it on another board), {adapted}");
        return ExitCodes.Success;
    }
}
