using System.Globalization;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Commands;

/// <summary>The accuracy table of a scenario for people (the report for machines: <see cref="Toolkit.Reports.ScenarioReport"/>).</summary>
public static class ScenarioTable
{
    /// <summary>One row per K: every method's accuracy as mean ± sd, epochs, memory, work and stop reasons.</summary>
    public static void Write(TextWriter o, ScenarioResult r)
    {
        int seeds = r.Runs.Select(x => x.Seed).Distinct().Count();
        o.WriteLine($"scenario {Scenarios.NameOf(r.Scenario)}: accuracy on the device's test samples, mean ± sd over {seeds} seed(s)"
            + (r.Scenario == Scenario.Personalisation ? $" (subjects {string.Join(",", r.Runs.Select(x => x.Subject).Distinct())})" : ""));
        o.WriteLine($"{"K",4}  {"base unchanged",15}  {"MicroTL device",15}  {"cloud scratch",15}  {"float fine-tune",15}  {"classical",15}  {"epochs",11}  {"memory B",9}  {"train MACs",10}  stop reasons");
        foreach (ScenarioRow row in r.Rows)
            o.WriteLine($"{row.SamplesPerClass,4}  {Percent(row.Base),15}  {Percent(row.Device),15}  {Percent(row.CloudScratch),15}  {Percent(row.FloatFineTune),15}  {Percent(row.Classical),15}  "
                + $"{row.Epochs.Mean,5:F1} ± {row.Epochs.Sd,3:F1}  {row.MemoryTotalBytes,9}  {row.TrainingMultiplyAdds.Mean,10:0.00E+00}  "
                + string.Join(", ", row.StopReasons.Select(kv => $"{kv.Key} {kv.Value}")));
        o.WriteLine($"({r.Runs.Count} transfers, {r.ElapsedSeconds:F1} s)");
    }

    private static string Percent(MeanSd v) =>
        v.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100 * v.Mean:F1} ± {100 * v.Sd:F1}");
}
