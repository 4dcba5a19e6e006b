using System.CommandLine;
using MicroTL.Features;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reporting;
using MicroTL.Cli.Options;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reports;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl evaluate MODEL --csv TEST.csv [--raw-int8] [--json]</c> or <c>microtl evaluate MODEL --dataset wisdm|mnist [--data DIR] --classes ...
/// [--subjects ...] [--strict] [--json]</c>: accuracy, per-class accuracy and confusion counts of an int8 or float model on the user's labelled samples or on
/// the selected windows (MNIST: the t10k split).
/// </summary>
public static class EvaluateCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var modelArgument = new Argument<string>("MODEL") { Description = "an int8 or float32 .tflite model whose output k is the k-th class listed" };
        var data = new DataOptions();
        Option<bool> json = CliOptions.Json("print accuracy, samples, classes, perClassAccuracy and confusion as JSON");
        Option<string?> csv = CliOptions.Text("--csv", "TEST.csv",
            "evaluate on your own labelled samples instead of a data set: lines label,v1,...,vN of real input values (label k = the model's output k)");
        Option<bool> rawInt8 = CliOptions.RawInt8();
        Option<bool> strict = CliOptions.Strict();
        var command = new Command("evaluate",
            "accuracy, per class and confusion counts of a model on your labelled CSV (--csv) or on the selected windows of a data set (MNIST: the t10k split)")
        {
            modelArgument,
        };
        command.Options.Add(csv);
        command.Options.Add(rawInt8);
        data.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(strict);
        command.SetAction(p =>
        {
            string? csvPath = p.GetValue(csv);
            // The arguments and paths before any work: which form, the files read, then the reads (within limits).
            if (csvPath is not null) CheckCsvForm(p, data);
            else if (p.GetValue(rawInt8)) throw new CliException("evaluate: --raw-int8 is for --csv files; a data set's windows are quantized by the model", "leave out --raw-int8, or give --csv FILE");
            using var files = new OutputSet("evaluate");
            files.Input("MODEL", p.GetRequiredValue(modelArgument));
            if (csvPath is not null) files.Input("--csv", csvPath);
            else data.DeclareInputs(p, files);
            files.Validate();
            TfLiteModel model = ModelFile.Read(p.GetRequiredValue(modelArgument));
            if (csvPath is not null) return RunCsv(model, csvPath, p.GetValue(rawInt8), p.GetValue(json), p.InvocationConfiguration.Output);
            // MNIST: the device's split (t10k) only; the train files need not be there.
            (ExperimentData experimentData, DataSelection selection) = data.Read(p, "evaluate", [ExperimentData.MnistDeviceSplit], p.GetValue(strict),
                p.InvocationConfiguration.Error);
            return Run(model, experimentData, selection, p.GetValue(json), p.InvocationConfiguration.Output);
        });
        return command;
    }

    /// <summary>The CSV form takes no data-set option.</summary>
    private static void CheckCsvForm(ParseResult p, DataOptions data)
    {
        if (p.GetResult(data.Dataset) is { Implicit: false } || p.GetValue(data.Data) is not null || p.GetValue(data.Classes) is not null || p.GetValue(data.Subjects) is not null)
            throw new CliException("evaluate: --csv takes its samples and labels from the file; --dataset, --data, --classes and --subjects select a data set instead",
                "give either --csv FILE or the data-set options");
    }

    private static int RunCsv(TfLiteModel model, string path, bool rawInt8, bool json, TextWriter stdout)
    {
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        IReadOnlyList<LabelledInput> samples = LabelledInputFile.Read(path, input, rawInt8);
        int outputs = checked((int)model.MainSubgraph.Tensors[model.MainSubgraph.Outputs[0]].ElementCount);
        if (samples.Where(s => s.Label >= outputs).Select(s => (int?)s.Label).FirstOrDefault() is int bad)
            throw new CliException($"{path}: label {bad}, but the model has {Markup.Count(outputs, "output")} (classes 0..{outputs - 1})",
                "label each line with the model's class number (output k is class k)");
        EvaluationResult r = ModelEvaluation.Run(model, samples, outputs);
        string[] classes = [.. Enumerable.Range(0, outputs).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        if (json) stdout.WriteLine(ReportJson.Serialize(EvaluationReport.From(r, classes)));
        else Write(stdout, r, classes);
        return ExitCodes.Success;
    }

    private static int Run(TfLiteModel model, ExperimentData data, DataSelection selection, bool json, TextWriter stdout)
    {
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        if (samples.Count == 0) throw new SelectionException("the selection holds no windows", "select more subjects or classes");
        EvaluationResult r = ModelEvaluation.Run(model, samples, selection.Classes.Count);
        if (json) stdout.WriteLine(ReportJson.Serialize(EvaluationReport.From(r, selection) with { Skipped = SkippedDataReport.From(data.LoadReport) }));
        else Write(stdout, r, selection.Classes);
        return ExitCodes.Success;
    }

    private static void Write(TextWriter o, EvaluationResult r, IReadOnlyList<string> classes)
    {
        o.WriteLine($"accuracy   {r.Accuracy:P1} on {Markup.Count(r.Samples, "sample")}");
        o.WriteLine("per class  " + string.Join(", ", classes.Select((c, k) => double.IsFinite(r.PerClassAccuracy[k]) ? $"{c} {r.PerClassAccuracy[k]:P0}" : $"{c} -")));
        o.WriteLine("confusion  (rows: true class, columns: predicted)");
        int outputs = r.Confusion.GetLength(1);
        o.WriteLine("           " + string.Join("", Enumerable.Range(0, outputs).Select(p => $"{(p < classes.Count ? classes[p] : p.ToString()),6}")));
        for (int c = 0; c < classes.Count; c++)
            o.WriteLine($"  {classes[c],-8} " + string.Join("", Enumerable.Range(0, outputs).Select(p => $"{r.Confusion[c, p],6}")));
    }
}
