using System.CommandLine;
using MicroTL.Toolkit.Experiments;

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

    /// <summary>Loads the data set and parses the selection.</summary>
    public (ExperimentData Data, DataSelection Selection) Read(ParseResult p)
    {
        DataSelection selection = DataSelection.Parse(p.GetValue(Dataset)!, p.GetValue(Classes), p.GetValue(Subjects));
        ExperimentData data = ExperimentData.Load(selection.Dataset, p.GetValue(Data));
        if (data.Kind == DatasetKind.Wisdm)
        {
            data.CheckActivities(selection.Classes);
            data.CheckSubjects(selection.Subjects);
        }

        return (data, selection);
    }
}
