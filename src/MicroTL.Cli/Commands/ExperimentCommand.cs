using MicroTL.IO;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Transfer;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl experiment new-activities|personalisation|images [--data DIR] [--seeds 1-5] [--samples-per-class 5,10,20,50]
/// [--epochs E] [--cloud-test-per-epoch] [--json] [--report R.json] [--html R.html]</c>, and the device's training options
/// <c>[--optimizer adam|sgd] [--lr X] [--hidden H] [--batch B] [--max-epochs E] [--patience P] [--int8-head]</c>:
/// runs a scenario over seeds and K and prints the accuracy table; the JSON and HTML reports add accuracy per epoch, memory and op counts.
/// </summary>
public static class ExperimentCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("experiment", args, new HashSet<string>
            {
                "data", "seeds", "samples-per-class", "epochs", "report", "html",
                "optimizer", "lr", "hidden", "batch", "max-epochs", "patience",
            },
            new HashSet<string> { "json", "quiet", "cloud-test-per-epoch", "int8-head" });
        Scenario scenario = Scenarios.Parse(a.Positional(0, "scenario (new-activities, personalisation or images)"));
        var options = new ScenarioOptions
        {
            DataDirectory = a.Get("data"),
            Seeds = a.Get("seeds") is { } seeds ? [.. Numbers(seeds, "seeds").Select(s => (ulong)s)] : new ScenarioOptions().Seeds,
            SamplesPerClass = a.Get("samples-per-class") is { } ks ? Numbers(ks, "samples-per-class") : null,
            PretrainEpochs = a.Get("epochs") is null ? null : PretrainCommand.Count(a, "epochs", 0),
            CloudTestEachEpoch = a.Has("cloud-test-per-epoch"),
            Transfer = DeviceTraining(a),
        };
        bool quiet = a.Has("quiet");
        ScenarioResult result;
        using (var interrupt = new InterruptScope())
        {
            result = ScenarioRunner.Run(scenario, options, line => { if (!quiet) stderr.WriteLine(line); }, interrupt.Token);
        }

        string json = ScenarioReport.ToJson(result);
        if (a.Get("report") is { } reportPath) AtomicFile.WriteAllText(reportPath, json);
        // HtmlReport.Write goes through AtomicFile: a reader sees the old page or the new one, never half of it.
        if (a.Get("html") is { } htmlPath) ScenarioHtmlReport.Build(result, "microtl experiment " + string.Join(' ', args)).Write(htmlPath);
        if (a.Has("json")) stdout.WriteLine(json);
        else ScenarioReport.WriteTable(stdout, result);
        return ExitCodes.Success;
    }

    /// <summary>The scenarios' device settings (<see cref="ScenarioOptions.DefaultTransfer"/>) with the options given on the command line.</summary>
    private static TransferSettings DeviceTraining(CommandArguments a)
    {
        TransferSettings d = ScenarioOptions.DefaultTransfer;
        return d with
        {
            Optimizer = TransferCommand.Optimizer(a, "experiment", d.EffectiveOptimizer.LearningRate),
            Hidden = a.Get("hidden") is null ? d.Hidden : Positive(a, "hidden"),
            BatchSize = a.Get("batch") is null ? d.BatchSize : Positive(a, "batch"),
            MaxEpochs = a.Get("max-epochs") is null ? d.MaxEpochs : Positive(a, "max-epochs"),
            Patience = a.Get("patience") is null ? d.Patience : Positive(a, "patience"),
            Int8Head = a.Has("int8-head"),
        };
    }

    private static int Positive(CommandArguments a, string name)
    {
        int value = PretrainCommand.Count(a, name, 0);
        if (value < 1) throw new UsageException($"experiment: --{name} must be at least 1", $"write --{name} followed by a whole number");
        return value;
    }

    private static IReadOnlyList<int> Numbers(string text, string name)
    {
        IReadOnlyList<int> values;
        try { values = Ranges.Parse(text); }
        catch (DataFormatException e) { throw new UsageException($"experiment: --{name}: {e.Message}", $"write --{name} as a list or range, e.g. 1-5 or 5,10"); }
        if (values.Any(v => v < 0)) throw new UsageException($"experiment: --{name} '{text}' has a negative number", $"use non-negative --{name}");
        return values;
    }
}
