using System.CommandLine;
using System.Diagnostics;
using MicroTL.Cli.Options;
using MicroTL.Toolkit.IO;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Quantization;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl pretrain --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] [--seed N] [--epochs E] --out BASE.tflite
/// [--report R.json] [--html R.html] [--float] [--strict]</c>: trains the base network in float, writes it int8 (calibrated on its training data) or float32.
/// </summary>
public static class PretrainCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var data = new DataOptions();
        Option<ulong> seedOption = CliOptions.Number("--seed", "N", "seed of the split, initialisation and shuffling", BasePretrainer.DefaultSeed);
        Option<int?> epochsOption = CliOptions.OptionalNumber<int>("--epochs", "E",
            $"training epochs (default: {BasePretrainer.DefaultEpochs(DatasetKind.Wisdm)} for WISDM, {BasePretrainer.DefaultEpochs(DatasetKind.Mnist)} for MNIST)", min: 1);
        Option<string> outOption = CliOptions.Required("--out", "BASE.tflite", "write the base model here");
        Option<string?> reportOption = CliOptions.Text("--report", "R.json", "write the pretraining report here");
        Option<string?> htmlOption = CliOptions.Text("--html", "R.html", "write a self-contained HTML report here (loss and accuracy per epoch, held-out accuracy, the model's memory)");
        Option<bool> floatOption = CliOptions.Flag("--float", "write the model as float32 instead of int8");
        Option<int> mnistPerClass = CliOptions.Number("--mnist-per-class", "N", "MNIST training digits per class", BasePretrainer.DefaultMnistPerClass, min: 1);
        Option<bool> quietOption = CliOptions.Quiet();
        Option<bool> strictOption = CliOptions.Strict();
        var command = new Command("pretrain",
            "train the base network in float on the host (the cloud), write it int8 (calibrated on its training data) or float32; "
            + "MNIST uses its train split");
        data.AddTo(command);
        foreach (Option option in new Option[] { seedOption, epochsOption, outOption, reportOption, htmlOption, floatOption, mnistPerClass, quietOption, strictOption })
            command.Options.Add(option);
        command.SetAction(p =>
        {
            TextWriter stdout = p.InvocationConfiguration.Output, stderr = p.InvocationConfiguration.Error;
            using var files = new OutputSet("pretrain");
            data.DeclareInputs(p, files);
            OutputFile output = files.Output("--out", p.GetRequiredValue(outOption));
            OutputFile? report = p.GetValue(reportOption) is { } r ? files.Output("--report", r) : null;
            OutputFile? html = p.GetValue(htmlOption) is { } h ? files.Output("--html", h) : null;
            files.Validate();
            // MNIST pretrains on its train split only.
            (ExperimentData experimentData, DataSelection selection) = data.Read(p, "pretrain", [ExperimentData.MnistPretrainSplit], p.GetValue(strictOption), stderr);
            int epochs = p.GetValue(epochsOption) ?? BasePretrainer.DefaultEpochs(selection.Dataset);
            return Run(experimentData, selection, p.GetValue(seedOption), epochs, p.GetValue(mnistPerClass), p.GetValue(floatOption),
                files, new Outputs(output, report, html, TransferCommand.CommandLine(p)), p.GetValue(quietOption), stdout, stderr);
        });
        return command;
    }

    /// <summary>The files pretrain writes, declared in its output set: the model and, if asked for, the JSON and HTML reports.</summary>
    private sealed record Outputs(OutputFile Model, OutputFile? Report, OutputFile? Html, string CommandLine);

    private static int Run(ExperimentData data, DataSelection selection, ulong seed, int epochs, int mnistPerClass, bool isFloat,
        OutputSet files, Outputs outputs, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        var progress = new ProgressLine(stderr, quiet);
        var clock = Stopwatch.StartNew();
        using var interrupt = new InterruptScope();
        PretrainResult result = BasePretrainer.Run(data, selection, seed, epochs, mnistPerClass, e =>
        {
            progress.Report($"pretrain epoch {e.Epoch}/{epochs}: loss {e.Loss:F4}, train acc {e.Accuracy:P1}, {e.Elapsed.TotalSeconds:F1} s");
            interrupt.Token.ThrowIfCancellationRequested();
        });
        progress.Done();
        byte[] bytes = isFloat ? TfLiteWriter.Write(FloatExporter.Export(result.Network)) : result.Quantized.Bytes;
        double seconds = clock.Elapsed.TotalSeconds;
        // Every file is staged, then all are renamed together: a failure leaves none of them changed.
        outputs.Model.Write(bytes);
        outputs.Report?.WriteText(ReportJson.Serialize(PretrainReport.From(result, selection, isFloat, bytes.Length, seed, epochs, seconds)
            with { Skipped = SkippedDataReport.From(data.LoadReport) }));
        outputs.Html?.WriteText(PretrainHtmlReport.Build(result, selection, bytes, isFloat, MicroTL.Toolkit.Energy.DeviceProfileLoader.Default.Memory, seconds,
            outputs.CommandLine).ToHtml());
        IReadOnlyList<string> written = files.Commit();

        stdout.WriteLine($"data       {selection.Dataset.ToString().ToLowerInvariant()}, classes {string.Join(",", selection.Classes)}"
            + (selection.Subjects is { } s ? $", subjects {MicroTL.Toolkit.Data.Ranges.Format([.. s.Order()])}" : ""));
        string unit = selection.Dataset == DatasetKind.Wisdm ? "windows" : "images ";
        stdout.WriteLine($"{unit}    {result.TrainWindows} training, {result.TestWindows} held out"
            + (result.TestSubjects.Count > 0 ? $" (subjects {string.Join(",", result.TestSubjects)})" : ""));
        stdout.WriteLine($"accuracy   float {result.FloatAccuracy:P1}, int8 {result.Int8Accuracy:P1} ({PretrainHtmlReport.QuantizationEffect(result.FloatAccuracy, result.Int8Accuracy)}) on held-out data");
        stdout.WriteLine("per class  " + string.Join(", ", selection.Classes.Select((c, k) =>
            $"{c} float {Percent(result.FloatPerClass, k)} int8 {Percent(result.Int8PerClass, k)}")));
        stdout.WriteLine($"model      {(isFloat ? "float32" : "int8")}, {bytes.Length} bytes, {seconds:F1} s");
        TransferSummary.WriteWritten(stdout, written);
        return ExitCodes.Success;
    }

    private static string Percent(IReadOnlyList<double> values, int k) =>
        k < values.Count && double.IsFinite(values[k]) ? values[k].ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
