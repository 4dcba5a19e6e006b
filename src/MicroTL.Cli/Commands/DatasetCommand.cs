using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl dataset info [--data DIR]</c>: subjects, activities and samples of the WISDM data
/// (the embedded set, or the original text files of DIR) with what loading dropped;
/// <c>microtl dataset pack --data DIR --out FILE</c>: builds the embedded pack from the text files.
/// </summary>
public static class DatasetCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new CommandArguments("dataset", args, new HashSet<string> { "data", "out" }, new HashSet<string>());
        string action = a.Positional(0, "action (info or pack)");
        switch (action)
        {
            case "info":
                WisdmDataset data = Load(a.Get("data"), stdout);
                Describe(stdout, data);
                return ExitCodes.Success;
            case "pack":
                string directory = a.Require("data");
                WisdmDataset fromText = Load(directory, stdout);
                string outPath = a.Require("out");
                WisdmPack.Write(outPath, fromText.Recordings);
                stdout.WriteLine($"wrote {outPath}: {fromText.Recordings.Count} recordings, {new FileInfo(outPath).Length} bytes");
                return ExitCodes.Success;
            default:
                throw new UsageException($"dataset: unknown action '{action}'", "use 'microtl dataset info' or 'microtl dataset pack --data DIR --out FILE'");
        }
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
