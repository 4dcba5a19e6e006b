using System.CommandLine;
using MicroTL.Cli.Options;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.Store;
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
    /// <summary>The arguments of the data-set form, checked before any work.</summary>
    /// <exception cref="CliException">--raw-int8 or --test given, or --samples-per-class missing.</exception>
    internal static void CheckArguments(ParseResult p, TransferOptions o)
    {
        if (p.GetValue(o.RawInt8))
            throw new CliException("transfer --dataset quantizes the data set's windows with the model's input quantization; --raw-int8 is for CSV files",
                "leave out --raw-int8, or use the CSV form (--data TRAIN.csv --raw-int8)");
        if (p.GetValue(o.Test) is not null)
            throw new CliException("transfer --dataset tests on the selection's windows not used for training; it takes no --test", "leave out --test, or use the CSV form (--data TRAIN.csv --test TEST.csv)");
        if (p.GetValue(o.SamplesPerClass) is null)
            throw new CliException("transfer --dataset needs --samples-per-class K (K >= 1)", "add e.g. --samples-per-class 10");
    }

    /// <summary>The data-set form of <c>transfer</c>, with the options parsed and the files checked by <see cref="TransferCommand"/>.</summary>
    internal static int Run(ParseResult p, TransferOptions o, OutputSet files, TfLiteModel model, TransferSettings settings, TransferOutputs? outputs,
        TextWriter stdout, TextWriter stderr)
    {
        int perClass = p.GetValue(o.SamplesPerClass)!.Value;
        (ExperimentData data, DataSelection selection) = o.DataSet.Read(p, "transfer", [ExperimentData.MnistDeviceSplit], p.GetValue(o.Strict), stderr);
        int classes = selection.Classes.Count;
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(samples, classes, perClass, settings.Seed, selection.Classes);
        if (p.GetValue(o.StoreBytes) is null) settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, train.Count, settings) };
        if (outputs is null) // --dry-run
        {
            TransferSession session = TransferCommand.Plan(model, settings with { Classes = classes }); // refuses here if it does not fit
            int stored = session.RecordsFor(train.Count);
            stdout.WriteLine($"head       {session.Head}; store holds {Markup.Count(stored, "record")} ({TransferCommand.StoreModeText(session.StoreMode)}); " +
                $"{Markup.Count(train.Count, "labelled sample")}, {Markup.Count(test.Count, "test sample")}");
            TransferCommand.WriteMemory(stdout, session.MemoryFor(train.Count), settings.Device); // the run's plan: the store sized to its samples
            if (session.Flash is { } flash) TransferCommand.WriteFlash(stdout, flash, settings.Device);
            return ExitCodes.Success;
        }

        FloatNetwork? floatBase = FloatBase(p.GetValue(o.FloatBase), model, stderr);
        FeatureLogRecovery? recovery = p.GetValue(o.Store) is { } store ? SkippedData.CheckStore("transfer", store, p.GetValue(o.Strict), stderr) : null;

        var progress = new ProgressLine(stderr, p.GetValue(o.Quiet));
        TransferExperimentResult result;
        using (var interrupt = new InterruptScope())
        {
            TransferCommand.Plan(model, settings with { Classes = classes }); // refuses before the run, with a hint that prices each option
            result = TransferExperiment.Run(model, floatBase, train, test, classes, settings, data.RawBytesPerSample,
                onEpoch: e => progress.Report(HeadEpochLine.Of(e)),
                cancel: interrupt.Token, onCollected: (done, total) => progress.Count("collecting features", done, total));
        }

        progress.Done();
        TransferOutcome outcome = result.Outcome;
        TransferReport report = TransferCommand.WithStoreCounts(TransferReport.From(outcome, result.Evaluation, result), recovery)
            with { Skipped = SkippedDataReport.From(data.LoadReport) };
        IReadOnlyList<string> written = outputs.Write(files, outcome, result.Evaluation, report, settings, TransferCommand.CommandLine(p), result);
        stdout.WriteLine($"data       {train.Count} labelled samples ({perClass} per class of {string.Join(",", selection.Classes)}), {test.Count} test samples");
        TransferSummary.Write(stdout, outcome, result.Evaluation, outputs.Out.Path);
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
