using System.CommandLine;
using MicroTL.Cli.Options;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl dataset info [--data DIR]</c>: subjects, activities and samples of the WISDM data
/// (the embedded set, or the original text files of DIR) with what loading dropped;
/// <c>microtl dataset pack --data DIR --out FILE</c>: builds the embedded pack from the text files.
/// </summary>
public static class DatasetCommand
{
    /// <summary>The command and its two subcommands.</summary>
    public static Command Create()
    {
        Option<string?> infoData = CliOptions.Text("--data", "DIR", "a folder of the original WISDM text files (default: the embedded data)");
        var info = new Command("info", "subjects, activities, samples and 10 s windows of the WISDM smartwatch data, with what loading dropped") { infoData };
        info.SetAction(p =>
        {
            TextWriter stdout = p.InvocationConfiguration.Output;
            Describe(stdout, Load(p.GetValue(infoData), stdout));
            return ExitCodes.Success;
        });

        Option<string> packData = CliOptions.Required("--data", "DIR", "the folder of the original WISDM text files");
        Option<string> packOut = CliOptions.Required("--out", "FILE", "the pack to write (data/wisdm2019-watch-accel.mtlds.gz)");
        var pack = new Command("pack", "build the embedded data pack from the WISDM text files (data/README.md)") { packData, packOut };
        pack.SetAction(p =>
        {
            TextWriter stdout = p.InvocationConfiguration.Output;
            using var files = new OutputSet("dataset pack");
            foreach (string file in Toolkit.Experiments.ExperimentData.InputFiles(Toolkit.Experiments.DatasetKind.Wisdm, p.GetRequiredValue(packData)))
                files.Input("--data", file);
            OutputFile output = files.Output("--out", p.GetRequiredValue(packOut));
            files.Validate();
            WisdmDataset fromText = Load(p.GetRequiredValue(packData), stdout);
            byte[] pack = WisdmPack.ToBytes(fromText.Recordings);
            output.Write(pack);
            files.Commit();
            stdout.WriteLine($"wrote {output.Path}: {fromText.Recordings.Count} recordings, {pack.Length} bytes");
            return ExitCodes.Success;
        });

        return new Command("dataset", "the WISDM smartwatch data: describe it, or build the embedded pack") { info, pack };
    }

    /// <summary>The text files of <paramref name="directory"/>, or the embedded pack when null; reports what loading dropped.</summary>
    public static WisdmDataset Load(string? directory, TextWriter log)
    {
        if (directory is null) return new WisdmDataset(WisdmPack.ReadEmbedded());
        WisdmDataset data = WisdmDataset.FromDirectory(directory, out WisdmLoadReport report);
        log.WriteLine($"loaded {directory}: {report}");
        foreach (string problem in report.Problems) log.WriteLine($"  {problem}");
        if (report.MalformedLines > report.Problems.Count)
            log.WriteLine($"  ... and {report.MalformedLines - report.Problems.Count} more malformed lines");
        return data;
    }

    private static void Describe(TextWriter o, WisdmDataset data)
    {
        o.WriteLine($"subjects   {data.Subjects.Count}: {Ranges.Format(data.Subjects)}");
        o.WriteLine($"sample rate {WisdmDataset.SampleRateHz} Hz; 10 s windows (200 samples) per activity:");
        foreach (char activity in data.Activities)
        {
            WisdmDataset one = data.Select(null, [activity]);
            long samples = one.Recordings.Sum(r => (long)r.Length);
            o.WriteLine($"  {activity} {WisdmActivity.NameOf(activity),-9} {samples,8} samples, {one.Windows().Count,5} windows, {one.Subjects.Count} subjects");
        }
    }
}
