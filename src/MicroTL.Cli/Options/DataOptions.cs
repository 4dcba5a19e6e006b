using System.CommandLine;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;

namespace MicroTL.Cli.Options;

/// <summary>
/// The data options the scenario commands share: <c>--dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...]</c>.
/// WISDM defaults to the embedded data; MNIST needs <c>--data</c>.
/// </summary>
internal sealed class DataOptions
{
    public Option<string> Dataset { get; } = CliOptions.Choice("--dataset", "the data set", "wisdm", "wisdm", "mnist");

    public Option<string?> Data { get; } = CliOptions.Text("--data", "DIR",
        "WISDM: a folder of the original text files (default: the embedded data); MNIST: the folder of the 4 IDX .gz files (required)");

    public Option<string?> Classes { get; } = CliOptions.Text("--classes", "LIST",
        "the classes, in the model's order: WISDM activity letters (A,B,D,E) or MNIST digits (0-4)");

    public Option<string?> Subjects { get; } = CliOptions.Text("--subjects", "LIST", "WISDM subjects, e.g. 1600-1630 or 1601,1605 (default: all)");

    /// <summary>Adds the four options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Dataset);
        command.Options.Add(Data);
        command.Options.Add(Classes);
        command.Options.Add(Subjects);
    }

    /// <summary>True when <c>--dataset</c> was given on the command line.</summary>
    public bool DatasetGiven(ParseResult p) => p.GetResult(Dataset) is { Implicit: false };

    /// <summary>Declares the files <see cref="Read"/> will read from <c>--data</c> as inputs of <paramref name="files"/>.</summary>
    public void DeclareInputs(ParseResult p, OutputSet files)
    {
        DatasetKind kind = p.GetValue(Dataset) == "mnist" ? DatasetKind.Mnist : DatasetKind.Wisdm;
        foreach (string file in ExperimentData.InputFiles(kind, p.GetValue(Data))) files.Input("--data", file);
    }

    /// <summary>
    /// Loads the data set and parses the selection; says on stderr what reading WISDM text files skipped, or with
    /// <paramref name="strict"/> refuses it. MNIST needs only the files of <paramref name="mnistSplits"/>.
    /// </summary>
    public (ExperimentData Data, DataSelection Selection) Read(ParseResult p, string command, IReadOnlyCollection<string> mnistSplits, bool strict, TextWriter stderr)
    {
        DataSelection selection = DataSelection.Parse(p.GetValue(Dataset)!, p.GetValue(Classes), p.GetValue(Subjects));
        ExperimentData data = ExperimentData.Load(selection.Dataset, p.GetValue(Data), mnistSplits);
        if (data.Kind == DatasetKind.Wisdm)
        {
            data.CheckActivities(selection.Classes);
            data.CheckSubjects(selection.Subjects);
        }

        Commands.SkippedData.Report(command, data, strict, stderr);
        return (data, selection);
    }
}
