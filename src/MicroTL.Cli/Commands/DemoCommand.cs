using MicroTL.IO;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl demo [--out DIR] [--seed N] [--samples-per-class K] [--epochs E] [--quiet]</c>: scenario 1 end to end on the embedded data,
/// with progress on stderr, a summary on stdout, and DIR/report.json and DIR/adapted.tflite written at the end
/// (each atomically; Ctrl-C before that writes nothing).
/// </summary>
public static class DemoCommand
{
    public const string DefaultDirectory = "microtl-demo";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("demo", args, new HashSet<string> { "out", "seed", "samples-per-class", "epochs", "device" }, new HashSet<string> { "quiet" });
        string directory = a.Get("out") ?? DefaultDirectory;
        var options = new DemoOptions
        {
            Seed = (ulong)PretrainCommand.Count(a, "seed", 1),
            SamplesPerClass = PretrainCommand.Count(a, "samples-per-class", new DemoOptions().SamplesPerClass),
            PretrainEpochs = PretrainCommand.Count(a, "epochs", new DemoOptions().PretrainEpochs),
            Device = DeviceArgument.Resolve(a.Get("device")),
        };
        bool quiet = a.Has("quiet");
        DemoResult result;
        using (var interrupt = new InterruptScope())
        {
            result = DemoRunner.Run(options, line => { if (!quiet) stderr.WriteLine(line); }, interrupt.Token);
        }

        Directory.CreateDirectory(directory);
        TfLiteWriter.WriteFile(Path.Combine(directory, "adapted.tflite"), result.Transfer.Outcome.DeployedModel);
        AtomicFile.WriteAllText(Path.Combine(directory, "report.json"), DemoReport.ToJson(result));
        DemoReport.WriteSummary(stdout, result);
        stdout.WriteLine($"  wrote    {Path.Combine(directory, "report.json")}, {Path.Combine(directory, "adapted.tflite")}");
        return ExitCodes.Success;
    }
}
