using MicroTL.IO;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;
using MicroTL.Transfer;

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
    public static int Run(CommandArguments a, TfLiteModel model, TransferSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (a.Get("test") is not null)
            throw new UsageException("transfer --dataset tests on the selection's windows not used for training; it takes no --test", "leave out --test, or use the CSV form (--data TRAIN.csv --test TEST.csv)");
        int perClass = PretrainCommand.Count(a, "samples-per-class", -1);
        if (perClass < 1) throw new UsageException("transfer --dataset needs --samples-per-class K (K >= 1)", "add e.g. --samples-per-class 10");
        (ExperimentData data, DataSelection selection) = DataArguments.Read(a);
        int classes = selection.Classes.Count;
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        (SampleSet train, SampleSet test) = SampleSplit.TakePerClass(samples, classes, perClass, settings.Seed, selection.Classes);
        if (a.Get("store-bytes") is null) settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, train.Count) };
        if (a.Has("dry-run"))
        {
            var session = new TransferSession(model, settings with { Classes = classes }); // refuses here if it does not fit
            stdout.WriteLine($"head       {session.Head}; store holds {session.StoreRecords} records; {train.Count} labelled samples, {test.Count} test samples");
            TransferCommand.WriteMemory(stdout, session.Memory, settings.EffectiveDevice);
            if (session.Flash is { } flash) TransferCommand.WriteFlash(stdout, flash, settings.EffectiveDevice);
            return ExitCodes.Success;
        }

        string outPath = a.Require("out");
        FloatNetwork? floatBase = FloatBase(a, model, stderr);

        var progress = new ProgressLine(stderr, a.Has("quiet"));
        TransferExperimentResult result;
        using (var interrupt = new InterruptScope())
        {
            result = TransferExperiment.Run(model, floatBase, train, test, classes, settings, data.RawBytesPerSample,
                onEpoch: e => progress.Report($"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, train acc {e.TrainAccuracy:P1}, validation acc {e.ValidationAccuracy:P1}"),
                cancel: interrupt.Token);
        }

        progress.Done();
        TransferOutcome outcome = result.Outcome;
        TfLiteWriter.WriteFile(outPath, outcome.DeployedModel);
        if (a.Get("header") is { } headerPath)
        {
            string name = Path.GetFileNameWithoutExtension(headerPath).Replace('-', '_').Replace('.', '_');
            if (!CHeaderExporter.IsCIdentifier(name)) name = "microtl_model";
            AtomicFile.WriteAllText(headerPath, CHeaderExporter.ToCHeader(TfLiteWriter.Write(outcome.DeployedModel), name));
        }

        if (a.Get("report") is { } reportPath) AtomicFile.WriteAllText(reportPath, TransferReport.ToJson(outcome, result));
        stdout.WriteLine($"data       {train.Count} labelled samples ({perClass} per class of {string.Join(",", selection.Classes)}), {test.Count} test samples");
        TransferReport.WriteSummary(stdout, outcome, outPath);
        stdout.WriteLine($"baselines  cloud from scratch {result.Cloud.Int8Accuracy:P1} int8 ({result.Cloud.FloatAccuracy:P1} float, {result.Cloud.TrainHostSeconds:F1} s on this host); "
            + (result.FloatFineTune is { } f ? $"float fine-tuning {f.Accuracy:P1}" : "float fine-tuning skipped")
            + (result.Classical is { } c ? $"; classical (forest on {c.Features} window statistics) {c.Accuracy:P1}" : ""));
        return ExitCodes.Success;
    }

    private static FloatNetwork? FloatBase(CommandArguments a, TfLiteModel model, TextWriter stderr)
    {
        if (a.Get("float-base") is { } path) return FloatTwin.FromModel(TfLiteReader.ReadFile(path));
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
