using MicroTL.Toolkit.IO;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl demo [--out DIR] [--data DIR] [--device NAME|FILE] [--seed N] [--samples-per-class K] [--epochs E] [--quiet]</c>: scenario 1 end to
/// end on the embedded data, priced on the device profile, with progress on stderr, a summary on stdout, and DIR/report.json,
/// DIR/report.html, DIR/transfer-report.json and DIR/adapted.tflite written at the end (each atomically; Ctrl-C before that writes nothing).
/// </summary>
public static class DemoCommand
{
    public const string DefaultDirectory = "microtl-demo";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("demo", args, new HashSet<string> { "out", "seed", "samples-per-class", "epochs", "device", "data" }, new HashSet<string> { "quiet" });
        string directory = a.Get("out") ?? DefaultDirectory;
        var options = new DemoOptions
        {
            Seed = (ulong)PretrainCommand.Count(a, "seed", 1),
            SamplesPerClass = PretrainCommand.Count(a, "samples-per-class", new DemoOptions().SamplesPerClass),
            PretrainEpochs = PretrainCommand.Count(a, "epochs", new DemoOptions().PretrainEpochs),
            DataDirectory = a.Get("data"),
            Device = DeviceArgument.Resolve(a.Get("device")),
            Profile = DeviceArgument.ResolveProfile(a.Get("device")),
        };
        bool quiet = a.Has("quiet");
        void Progress(string line)
        {
            if (!quiet) stderr.WriteLine(line);
        }

        // Ctrl-C stays a cancellation request until the files are written: before that nothing is written (exit 130);
        // once writing has begun, the short writes finish so the reports stay a consistent set.
        using var interrupt = new InterruptScope();
        DemoResult result = DemoRunner.Run(options, Progress, interrupt.Token);

        // Everything is composed before the first file is written, so a failure leaves no partial set of reports.
        string json = DemoReport.ToJson(result);
        string transferJson = TransferReport.ToJson(result.Transfer.Outcome, result.Transfer);
        string html = DemoHtmlReport.Build(result, "microtl " + string.Join(' ', args)).ToHtml();
        string reportJson = Path.Combine(directory, "report.json"), reportHtml = Path.Combine(directory, "report.html");
        string transferReport = Path.Combine(directory, "transfer-report.json"), adapted = Path.Combine(directory, "adapted.tflite");
        interrupt.Token.ThrowIfCancellationRequested();
        Progress($"report: writing {reportJson}, {reportHtml}, {transferReport}, {adapted}");
        Directory.CreateDirectory(directory);
        ModelFile.Write(adapted, result.Transfer.Outcome.DeployedModel);
        AtomicFile.WriteAllText(transferReport, transferJson);
        AtomicFile.WriteAllText(reportHtml, html);
        AtomicFile.WriteAllText(reportJson, json);
        DemoReport.WriteSummary(stdout, result);
        stdout.WriteLine($"  wrote    {reportHtml} (open it in a browser), {reportJson}");
        stdout.WriteLine($"           {transferReport} (microtl energy --scenario {transferReport} --device NAME prices it on another board), {adapted}");
        return ExitCodes.Success;
    }
}
