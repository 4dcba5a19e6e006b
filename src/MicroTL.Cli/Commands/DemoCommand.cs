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
        Option<bool> strict = CliOptions.Strict();
        var command = new Command("demo",
            "scenario 1 end to end on the embedded data: pretrain, quantize, learn on the device, compare with the cloud, estimate time and energy")
        {
            outDir, data, device, seed, samplesPerClass, epochs, quiet, strict,
        };
        command.SetAction(p =>
        {
            string? deviceName = p.GetValue(device);
            string? dataDirectory = p.GetValue(data);
            // The device's job against its budget on an untrained base network of the demo's shape: a board too small is
            // refused now, not after pretraining.
            DeviceMemory memory = DeviceArgument.Resolve(deviceName);
            try
            {
                ScenarioPreflight.Check(Scenario.NewActivities, new ScenarioOptions
                {
                    SamplesPerClass = [p.GetValue(samplesPerClass)],
                    Transfer = ScenarioOptions.DefaultTransfer with { Device = memory },
                });
            }
            catch (BudgetExceededException e)
            {
                throw DoesNotFit(e);
            }

            // Every path before any work: the output folder and its four files, the data and profile read.
            using var files = new OutputSet("demo");
            foreach (string file in ExperimentData.InputFiles(DatasetKind.Wisdm, dataDirectory)) files.Input("--data", file);
            DeviceArgument.DeclareInput(files, deviceName);
            var outputs = new DemoOutputs(files.Folder("--out", p.GetValue(outDir)!));
            files.Validate();
            TextWriter stderr = p.InvocationConfiguration.Error;
            ExperimentData experimentData = ExperimentData.Load(DatasetKind.Wisdm, dataDirectory);
            SkippedData.Report("demo", experimentData, p.GetValue(strict), stderr);
            var options = new DemoOptions
            {
                Seed = p.GetValue(seed),
                SamplesPerClass = p.GetValue(samplesPerClass),
                PretrainEpochs = p.GetValue(epochs),
                DataDirectory = dataDirectory,
                Data = experimentData,
                Profile = DeviceArgument.ResolveProfile(deviceName),
            };
            return Run(options, files, outputs, p.GetValue(quiet), "microtl " + string.Join(' ', p.Tokens.Select(t => t.Value)),
                p.InvocationConfiguration.Output, stderr);
        });
        return command;
    }

    /// <summary>The refusal of a demo over the device's budget (the preflight's or the run's), with the hint of <see cref="BudgetHints.ForScenario"/>.</summary>
    private static CliException DoesNotFit(BudgetExceededException e) =>
        // The demo runs fixed settings (its store is at least 64 KB whatever K): no demo option shrinks the job; transfer's do.
        new(e.Message, BudgetHints.ForScenario("demo", e, [],
            "for a smaller device, run the steps yourself ('microtl pretrain', then 'microtl transfer BASE --dataset wisdm ... --device NAME'): "
            + "transfer's refusal says which of its options make the job fit"), ExitCodes.DoesNotFitDevice);

    private sealed class DemoOutputs(OutputFile folder)
    {
        public OutputFile ReportJson { get; } = folder.File("report.json");
        public OutputFile ReportHtml { get; } = folder.File("report.html");
        public OutputFile TransferReport { get; } = folder.File("transfer-report.json");
        public OutputFile Adapted { get; } = folder.File("adapted.tflite");
    }

    private static int Run(DemoOptions options, OutputSet files, DemoOutputs outputs, bool quiet, string commandLine, TextWriter stdout, TextWriter stderr)
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
            throw DoesNotFit(e);
        }

        // Every file is staged beside its target before the first is renamed over it, so a failure (a full disk) leaves
        // none of them changed, and a failure among the renames says which were written.
        SkippedDataReport? skipped = SkippedDataReport.From(options.Data?.LoadReport);
        string json = ReportJson.Serialize(DemoReport.From(result) with { Skipped = skipped });
        string transferJson = ReportJson.Serialize(TransferReport.From(result.Transfer.Outcome, result.Transfer.Evaluation, result.Transfer) with { Skipped = skipped });
        string html = DemoHtmlReport.Build(result, commandLine).ToHtml();
        string reportJson = outputs.ReportJson.Path, reportHtml = outputs.ReportHtml.Path, transferReport = outputs.TransferReport.Path, adapted = outputs.Adapted.Path;
        interrupt.Token.ThrowIfCancellationRequested();
        Progress($"report: writing {reportJson}, {reportHtml}, {transferReport}, {adapted}");
        outputs.Adapted.Write(TfLiteWriter.Write(result.Transfer.Outcome.DeployedModel));
        outputs.TransferReport.WriteText(transferJson);
        outputs.ReportHtml.WriteText(html);
        outputs.ReportJson.WriteText(json);
        files.Commit();
        DemoSummary.Write(stdout, result);
        stdout.WriteLine($"  wrote    {reportHtml} (open it in a browser), {reportJson}");
        stdout.WriteLine($"           {transferReport} (microtl energy --scenario {transferReport} --device NAME prices it on another board), {adapted}");
        return ExitCodes.Success;
    }
}
