using System.CommandLine;
using System.Globalization;
using MicroTL.Cli.Options;
using MicroTL.Features;
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Session;
using MicroTL.Firmware.Toolchain;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.TfLite;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;
using MicroTL.Toolkit.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl firmware BASE --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] --samples-per-class K --out FWDIR
/// [--run qemu] [--report fw.json]</c> plus transfer's settings: the transfer session as a C99 firmware project for the
/// nRF52840 (<see cref="SessionFirmware"/>), planned as the C# plans it (a job that does not fit is refused before anything is
/// written); with <c>--run qemu</c> built for both targets, run under QEMU on the same K windows per class and seed as
/// <c>microtl transfer --dataset</c>, measured and compared with the C# engine.
/// </summary>
public static class FirmwareCommand
{
    /// <summary>Longest a firmware may run under QEMU.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var o = new FirmwareOptions();
        Command command = o.CreateCommand();
        command.SetAction(p => Run(p, o));
        return command;
    }

    private static int Run(ParseResult p, FirmwareOptions o)
    {
        TextWriter stdout = p.InvocationConfiguration.Output, stderr = p.InvocationConfiguration.Error;
        TransferOptions t = o.Transfer;
        if (!t.DataSet.DatasetGiven(p))
            throw new CliException("firmware takes its labelled samples from a data set, and no --dataset was given", "add --dataset wisdm (or mnist --data DIR) with --classes, --samples-per-class and, for WISDM, --subjects");
        TransferSettings settings = TransferCommand.ParseSettings(p, t);
        if (settings.Stopping == StoppingKind.EnergyAware && settings.EpochMillijoules is null)
            throw new CliException("firmware: energy-aware stopping on the device weighs each epoch against a fixed energy, and no --epoch-mj was given",
                "add --epoch-mj E (e.g. from 'microtl energy'), or use --stopping patience or fixed");
        bool runQemu = p.GetValue(o.Run) == "qemu", dryRun = p.GetValue(t.DryRun);
        int perClass = p.GetValue(t.SamplesPerClass)
            ?? throw new CliException("firmware needs --samples-per-class K (K >= 1)", "add e.g. --samples-per-class 20");
        string? outDirectory = dryRun ? null : Path.GetFullPath(TransferCommand.Require(p, t.Out));
        if (outDirectory is not null) CheckProjectFolder(outDirectory);

        // Every path is checked before any work: the inputs, the store's image and the report (locked until the end).
        using var files = new OutputSet("firmware");
        OutputFile modelFile = files.Input("MODEL", p.GetRequiredValue(t.Model))!;
        t.DataSet.DeclareInputs(p, files);
        DeviceArgument.DeclareInput(files, p.GetValue(t.Device));
        OutputFile? store = p.GetValue(t.Store) is { } storePath ? files.Store("--store", storePath) : null;
        OutputFile? reportFile = !dryRun && p.GetValue(t.Report) is { } reportPath ? files.Output("--report", reportPath) : null;
        files.Validate();

        TfLiteModel model = ModelFile.ReadFor(modelFile.Path, settings.Device);
        (ExperimentData data, DataSelection selection) = t.DataSet.Read(p, "firmware", [ExperimentData.MnistDeviceSplit], p.GetValue(t.Strict), stderr);
        int classes = selection.Classes.Count;
        SampleSet samples = data.Select(selection.Classes, selection.Subjects);
        (SampleSet trainSet, SampleSet testSet) = SampleSplit.TakePerClass(samples, classes, perClass, settings.Seed, selection.Classes);
        if (p.GetValue(t.StoreBytes) is null) settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(model, trainSet.Count, settings) };
        settings = settings with { Classes = classes };
        if (store is not null) settings = settings with { StoreFlash = FileFlashMedium.Region(store.TargetPath, FlashGeometry.Nrf52840) };

        TransferCommand.Plan(model, settings); // refuses here, with the hint that prices each option, if the job does not fit
        SessionPlan plan = SessionPlan.For(model, settings, trainSet.Count); // a store in RAM sized to the samples, as the C# run sizes it
        if (dryRun)
        {
            WritePlan(stdout, plan, trainSet.Count, testSet.Count);
            return ExitCodes.Success;
        }

        (FirmwareCompiler Compiler, QemuRunner Qemu)? tools = runQemu ? (FirmwareCompiler.Locate(), QemuRunner.Locate()) : null; // before any work
        IReadOnlyList<LabelledInput> train = TransferExperiment.Quantize(model, trainSet), test = TransferExperiment.Quantize(model, testSet);
        byte[]? flashImage = store is not null && File.Exists(store.TargetPath) ? File.ReadAllBytes(store.TargetPath) : null;

        var progress = new ProgressLine(stderr, p.GetValue(t.Quiet));
        progress.Report("generating the firmware project");
        if (Directory.Exists(outDirectory)) Directory.Delete(outDirectory, recursive: true);
        SessionFirmware firmware = SessionFirmware.Write(outDirectory!, plan, ModelIdentity.FromFile(modelFile.Path));
        firmware.WriteRunFolder(train, test, flashImage);
        var written = new List<string> { outDirectory! };
        FirmwareVerification? verification = null;
        if (tools is { } tool)
        {
            using var interrupt = new InterruptScope();
            verification = FirmwareVerification.Verify(firmware, tool.Compiler, tool.Qemu, train, test, flashImage, RunTimeout, progress.Report, interrupt.Token);
            if (store is not null && verification.FlashAfterRun is { } image)
            {
                AtomicFile.WriteAllBytes(store.TargetPath, image); // the device's flash as the run left it, for the next run
                written.Add(store.Path);
            }
        }

        progress.Done();
        FirmwareReport report = FirmwareReports.From(plan, firmware, verification);
        reportFile?.WriteText(ReportJson.Serialize(report));
        written.AddRange(files.Commit());
        FirmwareSummary.Write(stdout, plan, report, trainSet.Count, testSet.Count, perClass, selection);
        TransferSummary.WriteWritten(stdout, written);
        if (verification is { Images.Nrf52840: null } v)
            throw new CliException($"the firmware does not fit the nRF52840: {v.Images.Nrf52840Overflow!.Message.Split('\n')[0]}",
                "shrink the store (--store-bytes), the head (--hidden) or the batch (--batch); the project and report above show the sizes",
                ExitCodes.DoesNotFitDevice);
        if (verification is { Matches: false })
            throw new CliException("the firmware and the C# engine disagree (see the match lines above)", "report this with the project folder and the report", ExitCodes.Unexpected);
        return ExitCodes.Success;
    }

    /// <summary>A folder to write the project into: absent, empty, or a firmware project written before (which is replaced).</summary>
    private static void CheckProjectFolder(string directory)
    {
        if (File.Exists(directory))
            throw new CliException($"firmware: --out {directory} is a file; the project is a folder", "name a new folder, e.g. --out fw");
        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any()) return;
        string makefile = Path.Combine(directory, "Makefile");
        if (!File.Exists(makefile) || !File.ReadLines(makefile).First().StartsWith("# MicroTL firmware project", StringComparison.Ordinal))
            throw new CliException($"firmware: --out {directory} holds files that are not a MicroTL firmware project; nothing was written there",
                "name a new or empty folder (a folder holding a firmware project written before is replaced)");
    }

    private static void WritePlan(TextWriter w, SessionPlan plan, int train, int test)
    {
        w.WriteLine($"head       {plan.Head}; store holds {Markup.Count(plan.StoreRecords, "record")}; {Markup.Count(train, "labelled sample")}, {Markup.Count(test, "test sample")}");
        w.WriteLine($"arena      {plan.Layout.TotalBytes} bytes, one static array laid out from the C# plan:");
        foreach (ArenaSlice s in plan.Layout.Slices)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"             {s.OffsetBytes,9} {s.Bytes,9}  {s.Field} ({s.Component})"));
        TransferCommand.WriteMemory(w, plan.Memory, plan.Settings.Device);
    }
}
