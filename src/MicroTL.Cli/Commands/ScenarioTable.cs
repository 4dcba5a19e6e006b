using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;

namespace MicroTL.Cli.Commands;

/// <summary>The accuracy table of a scenario for people (the report for machines: <see cref="Toolkit.Reports.ScenarioReport"/>).</summary>
public static class ScenarioTable
{
    // Each mean ± sd column: the mean right-aligned, then " ± " and the sd left-aligned, so the ± signs line up for any sd.
    private const int MeanWidth = 5, SdWidth = 4, Column = MeanWidth + 3 + SdWidth;

    /// <summary>One row per K: every method's accuracy as mean ± sd, epochs, memory, work and stop reasons.</summary>
    public static void Write(TextWriter o, ScenarioResult r)
    {
        int seeds = r.Runs.Select(x => x.Seed).Distinct().Count();
        o.WriteLine($"scenario {Scenarios.NameOf(r.Scenario)}: accuracy on the device's test samples, mean ± sd over {Markup.Count(seeds, "seed")}"
            + (r.Scenario == Scenario.Personalisation ? $" (subjects {string.Join(",", r.Runs.Select(x => x.Subject).Distinct())})" : ""));
        string[] headers = ["base unchanged", "MicroTL device", "cloud scratch", "float fine-tune", "classical", "epochs"];
        int[] widths = [.. headers.Select(h => Math.Max(Column, h.Length))];
        o.WriteLine($"{"K",4}  {string.Join("  ", headers.Select((h, i) => h.PadLeft(widths[i])))}  {"memory B",9}  {"train MACs",10}  stop reasons");
        foreach (ScenarioRow row in r.Rows)
        {
            // Every cell of a column has the same length, so padding it to the header's width keeps the ± signs in line.
            string[] cells =
            [
                Percent(row.Base), Percent(row.Device), Percent(row.CloudScratch), Percent(row.FloatFineTune), Percent(row.Classical),
                MeanSdText.Aligned(row.Epochs, 1, MeanWidth, SdWidth),
            ];
            o.WriteLine($"{row.SamplesPerClass,4}  {string.Join("  ", cells.Select((c, i) => c.PadLeft(widths[i])))}  {row.MemoryTotalBytes,9}  "
                + $"{row.TrainingMultiplyAdds.Mean,10:0.00E+00}  " + string.Join(", ", row.StopReasons.Select(kv => $"{kv.Key} {kv.Value}")));
        }

        o.WriteLine($"({Markup.Count(r.Runs.Count, "transfer")}, {r.ElapsedSeconds:F1} s"
            + (r.Rows.Any(row => row.Runs == 1) ? $"; {MeanSdText.SingleRunNote})" : ")"));
    }

    private static string Percent(MeanSd v) => MeanSdText.Aligned(v, 1, MeanWidth, SdWidth, 100);
}
