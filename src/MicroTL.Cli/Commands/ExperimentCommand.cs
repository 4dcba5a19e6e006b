using MicroTL.IO;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl experiment new-activities|personalisation|images [--data DIR] [--seeds 1-5] [--samples-per-class 5,10,20,50]
/// [--epochs E] [--json] [--report R.json]</c>: runs a scenario over seeds and K and prints the accuracy table.
/// </summary>
public static class ExperimentCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("experiment", args, new HashSet<string> { "data", "seeds", "samples-per-class", "epochs", "report" },
            new HashSet<string> { "json", "quiet" });
        Scenario scenario = Scenarios.Parse(a.Positional(0, "scenario (new-activities, personalisation or images)"));
        var options = new ScenarioOptions
        {
            DataDirectory = a.Get("data"),
            Seeds = a.Get("seeds") is { } seeds ? [.. Numbers(seeds, "seeds").Select(s => (ulong)s)] : new ScenarioOptions().Seeds,
            SamplesPerClass = a.Get("samples-per-class") is { } ks ? Numbers(ks, "samples-per-class") : null,
            PretrainEpochs = PretrainCommand.Count(a, "epochs", new ScenarioOptions().PretrainEpochs),
        };
        bool quiet = a.Has("quiet");
        ScenarioResult result;
        using (var interrupt = new InterruptScope())
        {
            result = ScenarioRunner.Run(scenario, options, line => { if (!quiet) stderr.WriteLine(line); }, interrupt.Token);
        }

        string json = ScenarioReport.ToJson(result);
        if (a.Get("report") is { } reportPath) AtomicFile.WriteAllText(reportPath, json);
        if (a.Has("json")) stdout.WriteLine(json);
        else ScenarioReport.WriteTable(stdout, result);
        return ExitCodes.Success;
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
