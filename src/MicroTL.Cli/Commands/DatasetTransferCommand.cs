using System.CommandLine;
using MicroTL.Cli.Options;
using MicroTL.Session;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl transfer BASE --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] --samples-per-class K
/// [--float-base BASE_FLOAT.tflite] --out ADAPTED.tflite [--report R.json]</c> plus every transfer option: K labelled windows
/// per class (seeded choice) are the device's training set, the selection's other windows the test set. The report adds the
/// cloud-scratch and float fine-tuning baselines and the workload. The float baseline uses <c>--float-base</c> when given,
/// else the base model's weights dequantized (see <see cref="FloatTwin"/>). Without <c>--store-bytes</c> the store is sized to
/// hold every labelled sample (at least 64 KB). With <c>--store FILE</c> records reopened from earlier runs train the device's
/// head too, while the baselines see this run's samples only.
/// </summary>
public static class DatasetTransferCommand
{
    /// <summary>The data-set form of <c>transfer</c>, with the options parsed by <see cref="TransferCommand"/>.</summary>
    internal static int Run(ParseResult p, TransferOptions o, TfLiteModel model, TransferSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (p.GetValue(o.RawInt8))
            throw new CliException("transfer --dataset quantizes the data set's windows with the model's input quantization; --raw-int8 is for CSV files",
                "leave out --raw-int8, or use the CSV form (--data TRAIN.csv --raw-int8)");
        if (p.GetValue(o.Test) is not null)
            throw new CliException("transfer --dataset tests on the selection's windows not used for training; it takes no --test", "leave out --test, or use the CSV form (--data TRAIN.csv --test TEST.csv)");
        int perClass = p.GetValue(o.SamplesPerClass)
            ?? throw new CliException("transfer --dataset needs --samples-per-class K (K >= 1)", "add e.g. --samples-per-class 10");
        (ExperimentData data, DataSelection selection) = o.DataSet.Read(p);
        int classes = selection.Classes.Count;
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(samples, classes, perClass, settings.Seed, selection.Classes);
        if (p.GetValue(o.StoreBytes) is null) settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, train.Count, settings) };
        if (p.GetValue(o.DryRun))
        {
            TransferSession session = TransferCommand.Plan(model, settings with { Classes = classes }); // refuses here if it does not fit
            stdout.WriteLine($"head       {session.Head}; store holds {Markup.Count(session.StoreRecords, "record")} ({TransferCommand.StoreModeText(session.StoreMode)}); " +
                $"{Markup.Count(train.Count, "labelled sample")}, {Markup.Count(test.Count, "test sample")}");
            TransferCommand.WriteMemory(stdout, session.Memory, settings.Device);
            if (session.Flash is { } flash) TransferCommand.WriteFlash(stdout, flash, settings.Device);
            return ExitCodes.Success;
        }

        string outPath = TransferCommand.Require(p, o.Out);
        (string Header, string Source)? header = p.GetValue(o.Header) is { } headerPath ? TransferCommand.HeaderPaths(headerPath) : null;
        FloatNetwork? floatBase = FloatBase(p.GetValue(o.FloatBase), model, stderr);

        var progress = new ProgressLine(stderr, p.GetValue(o.Quiet));
        TransferExperimentResult result;
        using (var interrupt = new InterruptScope())
        {
            TransferCommand.Plan(model, settings with { Classes = classes }); // refuses before the run, with a hint that prices each option
            result = TransferExperiment.Run(model, floatBase, train, test, classes, settings, data.RawBytesPerSample,
                onEpoch: e => progress.Report($"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, train acc {e.TrainAccuracy:P1}, validation acc {e.ValidationAccuracy:P1}"),
                cancel: interrupt.Token, onCollected: (done, total) => progress.Count("collecting features", done, total));
        }

        progress.Done();
        TransferOutcome outcome = result.Outcome;
        string commandLine = TransferCommand.CommandLine(p);
        var written = new List<string> { outPath };
        ModelFile.Write(outPath, outcome.DeployedModel);
        if (header is { } cFiles) written.AddRange(TransferCommand.WriteHeader(cFiles, outcome, result.Evaluation, settings, commandLine));
        if (p.GetValue(o.Report) is { } reportPath)
        {
            ReportJson.Write(reportPath, TransferReport.From(outcome, result.Evaluation, result));
            written.Add(reportPath);
        }

        if (p.GetValue(o.Html) is { } htmlPath)
        {
            TransferHtmlReport.Build(outcome, result.Evaluation, commandLine, settings, result).Write(htmlPath);
            written.Add(htmlPath);
        }

        stdout.WriteLine($"data       {train.Count} labelled samples ({perClass} per class of {string.Join(",", selection.Classes)}), {test.Count} test samples");
        TransferSummary.Write(stdout, outcome, result.Evaluation, outPath);
        stdout.WriteLine($"baselines  cloud from scratch {result.Cloud.Int8Accuracy:P1} int8 ({result.Cloud.FloatAccuracy:P1} float, {result.Cloud.TrainHostSeconds:F1} s on this host); "
            + (result.FloatFineTune is { } f ? $"float fine-tuning {f.Accuracy:P1}" : "float fine-tuning skipped")
            + (result.Classical is { } c ? $"; classical (forest on {c.Features} window statistics) {c.Accuracy:P1}" : ""));
        TransferSummary.WriteWritten(stdout, written);
        return ExitCodes.Success;
    }

    private static FloatNetwork? FloatBase(string? path, TfLiteModel model, TextWriter stderr)
    {
        if (path is not null) return FloatTwin.FromModel(ModelFile.Read(path));
        try
        {
            return FloatTwin.FromModel(model);
        }
        catch (InvalidModelException e)
        {
            stderr.WriteLine($"note: no float fine-tuning baseline: {e.Message}");
            return null;
        }
    }
}
