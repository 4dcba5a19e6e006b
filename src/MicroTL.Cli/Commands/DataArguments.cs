using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Commands;

/// <summary>
/// The data options the scenario commands share: <c>--dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...]</c>.
/// WISDM defaults to the embedded data; MNIST needs <c>--data</c>.
/// </summary>
public static class DataArguments
{
    /// <summary>The option names, to add to a command's own.</summary>
    public static readonly string[] Names = ["dataset", "data", "classes", "subjects"];

    /// <summary>Loads the data set and parses the selection; WISDM when <c>--dataset</c> is absent.</summary>
    public static (ExperimentData Data, DataSelection Selection) Read(CommandArguments a)
    {
        DataSelection selection = DataSelection.Parse(a.Get("dataset") ?? "wisdm", a.Get("classes"), a.Get("subjects"));
        ExperimentData data = ExperimentData.Load(selection.Dataset, a.Get("data"));
        if (data.Kind == DatasetKind.Wisdm)
        {
            data.CheckActivities(selection.Classes);
            data.CheckSubjects(selection.Subjects);
        }

        return (data, selection);
    }
}
