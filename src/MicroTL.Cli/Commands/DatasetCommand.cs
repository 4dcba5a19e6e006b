using System.CommandLine;
using MicroTL.Cli.Options;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl dataset info [--data DIR]</c>: subjects, activities and samples of the WISDM data
/// (the embedded set, or the original text files of DIR) with what loading dropped;
/// <c>microtl dataset export --out FILE.csv</c>: the windows as the labelled CSV the model commands take;
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
            foreach (string file in ExperimentData.InputFiles(DatasetKind.Wisdm, p.GetRequiredValue(packData)))
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

        return new Command("dataset", "the WISDM smartwatch data: describe it, export its windows as a CSV, or build the embedded pack") { info, Export(), pack };
    }

    /// <summary>
    /// <c>microtl dataset export --out FILE.csv [--data DIR] [--classes LIST] [--subjects LIST] [--strict]</c>: the 10 s windows as the labelled CSV
    /// that <c>transfer</c>, <c>evaluate</c> and <c>infer</c> take (real values in m/s², quantized by the model as the device does), so a user
    /// sees the format with real data.
    /// </summary>
    private static Command Export()
    {
        Option<string> output = CliOptions.Required("--out", "FILE.csv", "write the windows here, one a line: label,v1,...,v600 (x1,y1,z1,x2,... in m/s²)");
        Option<string?> data = CliOptions.Text("--data", "DIR", "a folder of the original WISDM text files (default: the embedded data)");
        Option<string?> classes = CliOptions.Text("--classes", "LIST", "activity letters in label order, e.g. A,B,D,E (default: every activity; label k is the k-th)");
        Option<string?> subjects = CliOptions.Text("--subjects", "LIST", "subjects, e.g. 1631-1640 (default: all)");
        Option<bool> strict = CliOptions.Strict("refuse malformed lines of the WISDM files of --data instead of skipping them with a warning");
        var export = new Command("export", "write the 10 s windows as a labelled CSV of real values, the input format of transfer, evaluate and infer")
        {
            output, data, classes, subjects, strict,
        };
        export.SetAction(p =>
        {
            TextWriter stdout = p.InvocationConfiguration.Output, stderr = p.InvocationConfiguration.Error;
            // The selection and the paths are checked (and the CSV locked) before the data is read.
            IReadOnlyList<string>? classesGiven = p.GetValue(classes) is { } list ? DataSelection.ParseClasses(DatasetKind.Wisdm, list) : null;
            IReadOnlyList<int>? subjectsGiven = p.GetValue(subjects) is { } s ? DataSelection.ParseSubjects(s) : null;
            using var files = new OutputSet("dataset export");
            foreach (string file in ExperimentData.InputFiles(DatasetKind.Wisdm, p.GetValue(data))) files.Input("--data", file);
            OutputFile csv = files.Output("--out", p.GetRequiredValue(output));
            files.Validate();

            ExperimentData loaded = ExperimentData.Load(DatasetKind.Wisdm, p.GetValue(data));
            SkippedData.Report("dataset export", loaded, p.GetValue(strict), stderr);
            IReadOnlyList<string> chosen = classesGiven ?? [.. loaded.Wisdm!.Activities.Select(a => a.ToString())];
            IReadOnlyList<int> who = subjectsGiven ?? loaded.Wisdm!.Subjects;
            SampleSet windows = loaded.Select(chosen, who);
            if (windows.Count == 0) throw new SelectionException("the selection holds no 10 s window", "select more subjects or activities");
            string labels = string.Join(", ", chosen.Select((c, k) => $"{k} = {c} {WisdmActivity.NameOf(c[0])}"));
            string comment = $"WISDM smartwatch accelerometer, {windows.Count} windows of 10 s: 200 samples x 3 axes, x1,y1,z1,x2,... in m/s^2\n"
                + $"labels: {labels}; subjects {Ranges.Format([.. who.Order()])}\n"
                + "made by: " + TransferCommand.CommandLine(p);
            var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            LabelledInputFile.WriteReal(text, comment, windows.Values, windows.Labels, windows.Shape.Size);
            csv.WriteText(text.ToString());
            files.Commit();
            stdout.WriteLine($"wrote {csv.Path}: {windows.Count} windows of {windows.Shape.Size} values, labels {labels}");
            return ExitCodes.Success;
        });
        return export;
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
