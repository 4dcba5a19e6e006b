using System.CommandLine;
using MicroTL.Toolkit.IO;
using MicroTL.Cli.Options;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reports;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl evaluate MODEL --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] [--json]</c>: accuracy, per-class
/// accuracy and confusion counts of an int8 or float model on the selected windows (MNIST: the t10k split).
/// </summary>
public static class EvaluateCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var modelArgument = new Argument<string>("MODEL") { Description = "an int8 or float32 .tflite model whose output k is the k-th class listed" };
        var data = new DataOptions();
        Option<bool> json = CliOptions.Json("print accuracy, samples, classes, perClassAccuracy and confusion as JSON");
        Option<bool> strict = CliOptions.Strict();
        var command = new Command("evaluate", "accuracy, per class and confusion counts of a model on the selected windows (MNIST: the t10k split)") { modelArgument };
        data.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(strict);
        command.SetAction(p =>
        {
            using var files = new OutputSet("evaluate");
            files.Input("MODEL", p.GetRequiredValue(modelArgument));
            data.DeclareInputs(p, files);
            files.Validate();
            TfLiteModel model = ModelFile.Read(p.GetRequiredValue(modelArgument));
            // MNIST: the device's split (t10k) only; the train files need not be there.
            (ExperimentData experimentData, DataSelection selection) = data.Read(p, "evaluate", [ExperimentData.MnistDeviceSplit], p.GetValue(strict),
                p.InvocationConfiguration.Error);
            return Run(model, experimentData, selection, p.GetValue(json), p.InvocationConfiguration.Output);
        });
        return command;
    }

    private static int Run(TfLiteModel model, ExperimentData data, DataSelection selection, bool json, TextWriter stdout)
    {
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        if (samples.Count == 0) throw new SelectionException("the selection holds no windows", "select more subjects or classes");
        EvaluationResult r = ModelEvaluation.Run(model, samples, selection.Classes.Count);
        if (json) stdout.WriteLine(ReportJson.Serialize(EvaluationReport.From(r, selection) with { Skipped = SkippedDataReport.From(data.LoadReport) }));
        else Write(stdout, r, selection);
        return ExitCodes.Success;
    }

    private static void Write(TextWriter o, EvaluationResult r, DataSelection selection)
    {
        o.WriteLine($"accuracy   {r.Accuracy:P1} on {r.Samples} samples");
        o.WriteLine("per class  " + string.Join(", ", selection.Classes.Select((c, k) => $"{c} {r.PerClassAccuracy[k]:P0}")));
        o.WriteLine("confusion  (rows: true class, columns: predicted)");
        int outputs = r.Confusion.GetLength(1);
        o.WriteLine("           " + string.Join("", Enumerable.Range(0, outputs).Select(p => $"{(p < selection.Classes.Count ? selection.Classes[p] : p.ToString()),6}")));
        for (int c = 0; c < selection.Classes.Count; c++)
            o.WriteLine($"  {selection.Classes[c],-8} " + string.Join("", Enumerable.Range(0, outputs).Select(p => $"{r.Confusion[c, p],6}")));
    }
}
