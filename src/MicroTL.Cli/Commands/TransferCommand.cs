using System.CommandLine;
using MicroTL.Budget;
using MicroTL.Cli.Options;
using MicroTL.Features;
using MicroTL.Session;
using MicroTL.Storage;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Export;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;
using MicroTL.Training;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl transfer MODEL --data TRAIN.csv [--test TEST.csv] --out ADAPTED.tflite [--report R.json]</c>
/// and the cut, head, optimizer, stopping, store and device settings: on-device transfer learning
/// on a labelled input file (see <see cref="LabelledInputFile"/>).
/// </summary>
public static class TransferCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var o = new TransferOptions();
        Command command = o.CreateCommand();
        command.SetAction(p => Run(p, o));
        return command;
    }

    private static int Run(ParseResult p, TransferOptions o)
    {
        TextWriter stdout = p.InvocationConfiguration.Output, stderr = p.InvocationConfiguration.Error;
        bool datasetForm = o.DataSet.DatasetGiven(p), dryRun = p.GetValue(o.DryRun), strict = p.GetValue(o.Strict);
        // Every argument and path is checked before any work: the settings first, then the files (what each path is,
        // collisions, writable folders, the locks of the store and the outputs), then the reads.
        TransferSettings settings = ParseSettings(p, o);
        if (datasetForm) DatasetTransferCommand.CheckArguments(p, o);
        using var files = new OutputSet("transfer");
        OutputFile model = files.Input("MODEL", p.GetRequiredValue(o.Model))!;
        if (datasetForm) o.DataSet.DeclareInputs(p, files);
        else if (!dryRun) files.Input("--data", Require(p, o.DataSet.Data));
        files.Input("--test", p.GetValue(o.Test));
        files.Input("--float-base", p.GetValue(o.FloatBase));
        DeviceArgument.DeclareInput(files, p.GetValue(o.Device));
        OutputFile? store = p.GetValue(o.Store) is { } storePath ? files.Store("--store", storePath) : null;
        TransferOutputs? outputs = dryRun ? null : TransferOutputs.Declare(files, p, o, model);
        files.Validate();

        if (store is not null) settings = settings with { StoreFlash = FileFlashMedium.Region(store.TargetPath, FlashGeometry.Nrf52840) };
        TfLiteModel tflite = ModelFile.ReadFor(model.Path, settings.Device);
        if (datasetForm) return DatasetTransferCommand.Run(p, o, files, tflite, settings, outputs, stdout, stderr);
        TensorInfo input = tflite.MainSubgraph.Tensors[tflite.MainSubgraph.Inputs[0]];

        // Without --store-bytes the store holds what the data makes (each sample and its copies): read the data first.
        bool rawInt8 = p.GetValue(o.RawInt8);
        IReadOnlyList<LabelledInput>? data = null;
        if (p.GetValue(o.StoreBytes) is null && p.GetValue(o.DataSet.Data) is { } dataPath)
        {
            data = LabelledInputFile.Read(dataPath, input, rawInt8);
            // Every fifth sample of a class is held out for the test without --test (too few to hold out is refused after the plan).
            int trainCount = p.GetValue(o.Test) is null ? data.Count - data.CountBy(s => s.Label).Sum(c => c.Value / 5) : data.Count;
            settings = settings with { StoreCapacityBytes = TransferExperiment.StoreBytesFor(tflite, Math.Max(1, trainCount), settings) };
        }

        TransferSession session = Plan(tflite, settings); // refuses here, before any work, if it does not fit
        if (dryRun)
        {
            stdout.WriteLine($"head       {session.Head}; store holds {Markup.Count(session.StoreRecords, "record")} ({StoreModeText(session.StoreMode)})");
            WriteMemory(stdout, session.Memory, settings.Device);
            if (session.Flash is { } flash) WriteFlash(stdout, flash, settings.Device);
            return ExitCodes.Success;
        }

        data ??= LabelledInputFile.Read(Require(p, o.DataSet.Data), input, rawInt8);
        (IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test) = p.GetValue(o.Test) is { } testPath
            ? (data, LabelledInputFile.Read(testPath, input, rawInt8))
            : HoldOutEveryFifth(data);
        FeatureLogRecovery? recovery = store is null ? null : SkippedData.CheckStore("transfer", store.Path, strict, stderr);

        var progress = new ProgressLine(stderr, p.GetValue(o.Quiet));
        // Ctrl-C asks the run to stop between two samples or epochs; nothing is written after that.
        TransferOutcome outcome;
        using (var interrupt = new InterruptScope())
        {
            outcome = session.Run(train,
                onEpoch: e => progress.Report(HeadEpochLine.Of(e)),
                onCollected: (done, total) => progress.Count("collecting features", done, total),
                cancel: interrupt.Token);
        }

        progress.Done();
        TransferEvaluation evaluation = TransferEvaluation.Measure(tflite, outcome, test); // the host's check on the test set
        TransferReport report = WithStoreCounts(TransferReport.From(outcome, evaluation), recovery);
        IReadOnlyList<string> written = outputs!.Write(files, outcome, evaluation, report, settings, CommandLine(p));
        TransferSummary.Write(stdout, outcome, evaluation, outputs.Out.Path);
        TransferSummary.WriteWritten(stdout, written);
        return ExitCodes.Success;
    }

    /// <summary>Where the store keeps its records, for the dry run's first line.</summary>
    internal static string StoreModeText(Store.FeatureStoreMode mode) => "records " + TransferReport.ModeName(mode) switch
    {
        "flash" => "in flash",
        "ram" => "in RAM",
        var other => "in " + other.Replace("ram", "RAM", StringComparison.Ordinal),
    };

    /// <summary>The report with what reopening the store skipped and dropped.</summary>
    internal static TransferReport WithStoreCounts(TransferReport report, FeatureLogRecovery? recovery) => recovery is null
        ? report
        : report with { Store = report.Store with { CorruptRecordsSkipped = recovery.CorruptRecordsSkipped, TornRecordsDropped = recovery.TornRecordsDropped } };

    /// <summary>The command line as the user typed it, for the reports' footers and the C header's comment.</summary>
    internal static string CommandLine(ParseResult p) => "microtl " + string.Join(' ', p.Tokens.Select(t => t.Value));

    /// <summary>The session of a run, or a refusal whose hint prices each option that would make it fit.</summary>
    /// <exception cref="CliException">The run does not fit the device (exit 3).</exception>
    internal static TransferSession Plan(TfLiteModel model, TransferSettings settings)
    {
        try
        {
            return new TransferSession(model, settings);
        }
        catch (BudgetExceededException e)
        {
            throw DoesNotFit(model, settings, e);
        }
    }

    /// <summary>The refusal of a run over the device's budget, with the hint of <see cref="BudgetHints.ForTransfer"/>.</summary>
    internal static CliException DoesNotFit(TfLiteModel model, TransferSettings settings, BudgetExceededException e) =>
        new(e.Message, BudgetHints.ForTransfer(model, settings, e), ExitCodes.DoesNotFitDevice);

    /// <summary>The header and the C source beside it, from <c>--header NAME.h</c>.</summary>
    /// <exception cref="CliException">The path does not end in <c>.h</c> (the source takes its name with <c>.c</c>).</exception>
    internal static (string Header, string Source) HeaderPaths(string headerPath)
    {
        if (!headerPath.EndsWith(".h", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(headerPath).Length < 3)
            throw new CliException($"--header '{headerPath}' is not a header's name: the header declares the model and NAME.c beside it defines it",
                "give a path ending in .h, e.g. --header model.h (model.c is written beside it)");
        return (headerPath, Path.ChangeExtension(headerPath, ".c"));
    }

    /// <summary>
    /// The deployed model for firmware: the text of the header (declarations) and of the C source (the 16-byte aligned array),
    /// the array named after the header.
    /// </summary>
    internal static (string Header, string Source) HeaderTexts(string headerPath, string sourcePath, byte[] model, TransferOutcome outcome,
        TransferEvaluation evaluation, TransferSettings settings, string commandLine)
    {
        string name = Path.GetFileNameWithoutExtension(headerPath).Replace('-', '_').Replace('.', '_');
        if (!CHeaderExporter.IsCIdentifier(name)) name = "microtl_model";
        string headerFile = Path.GetFileName(headerPath), sourceFile = Path.GetFileName(sourcePath);
        string description = HeaderDescription(outcome, evaluation, settings, commandLine);
        return (CHeaderExporter.ToCHeader(model, name, sourceFile, description), CHeaderExporter.ToCSource(model, name, headerFile, description));
    }

    /// <summary>What the C files hold: the command, the model (adapted or kept), the training settings and the test accuracy.</summary>
    private static string HeaderDescription(TransferOutcome o, TransferEvaluation t, TransferSettings s, string commandLine)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string model = o.Decision == DeploymentDecision.Rejected
            ? "The model as given: " + DecisionText.Of(o)
            : $"The adapted model: the int8 body up to tensor {o.CutTensor} '{o.CutTensorName}', then a {o.ExportFormat} head {o.Head} trained on the device "
                + $"({TransferHtmlReport.Initialisation(o.Initialisation)})" + HeadInputText(o);
        return $"Made by: {commandLine}\n{model}\n"
            + $"Training: {s.EffectiveOptimizer.Kind} at learning rate {s.EffectiveOptimizer.LearningRate.ToString("G3", c)}, batch {s.BatchSize}, "
            + $"{Markup.Count(o.Training.EpochsRun, "epoch")} (stopped: {o.Training.Reason}), seed {s.Seed}, {Markup.Count(o.SamplesStored, "stored sample")}\n"
            + $"Test accuracy: {t.AccuracyBefore.ToString("P1", c)} before, {t.AccuracyAfter.ToString("P1", c)} after, on {Markup.Count(t.TestSamples, "sample")}";
    }

    // With head features the model computes them itself (its CUSTOM MICROTL_WINDOW_STATISTICS op) and joins them to the cut's.
    private static string HeadInputText(TransferOutcome o) => o.HeadFeatures is { } extra
        ? $"; its input is [{o.Head.Inputs - extra.Length} cut features | {extra.Length} head features '{Features.HeadFeatures.TensorName}'], "
            + "both dequantized and joined by CONCATENATION in the model"
        : "";

    /// <summary>The value of an option this form of the command needs.</summary>
    /// <exception cref="CliException">It was not given.</exception>
    internal static string Require(ParseResult p, Option<string?> option) =>
        p.GetValue(option) ?? throw new CliException($"{p.CommandResult.Command.Name}: {option.Name} is required", $"add {option.Name} {option.HelpName}");

    /// <summary>The memory plan, one component a line, then the total against the device.</summary>
    internal static void WriteMemory(TextWriter w, MemoryBudget memory, DeviceMemory device)
    {
        w.WriteLine($"memory     {memory.TotalBytes} of {device.RamBytes} bytes RAM on {device.Name} ({(memory.Fits(device) ? "fits" : "does NOT fit")})");
        foreach (MemoryComponent c in memory.Components)
            if (c.Bytes > 0) w.WriteLine($"             {c.Bytes,9}  {c.Name}");
    }

    /// <summary>The flash plan of a store in flash, one component a line, then the total against the device.</summary>
    internal static void WriteFlash(TextWriter w, MemoryBudget flash, DeviceMemory device)
    {
        w.WriteLine($"flash      {flash.TotalBytes} of {device.FlashBytes} bytes flash on {device.Name} ({(flash.Fits(device) ? "fits" : "does NOT fit")})");
        foreach (MemoryComponent c in flash.Components)
            if (c.Bytes > 0) w.WriteLine($"             {c.Bytes,9}  {c.Name}{(c.Name == "model" ? " (as MicroTL writes it: constant buffers 16-byte aligned; 'microtl inspect' shows the file's size)" : "")}");
    }

    /// <summary>The settings of the options given; defaults are <see cref="TransferSettings"/>'s.</summary>
    /// <exception cref="CliException">An option's value is out of range or needs another option.</exception>
    /// <remarks>With <c>--store-in-flash</c> the settings name a store in flash without its region yet: set <c>StoreFlash</c> before a session.</remarks>
    internal static TransferSettings ParseSettings(ParseResult p, TransferOptions o)
    {
        if (p.GetValue(o.StoreInFlash) && p.GetValue(o.Store) is null)
            throw new CliException("transfer: --store-in-flash keeps the store's records in its file, and no --store FILE was given", "add --store FILE");
        if (p.GetValue(o.StoreInFlash) && p.GetValue(o.StoreInRam))
            throw new CliException("transfer: --store-in-flash and --store-in-ram ask for both places", "give one of them, or neither (the run decides)");
        if (p.GetValue(o.Augment) is < 0)
            throw new CliException($"transfer: --augment {p.GetValue(o.Augment)} is negative", "give --augment auto or a number of copies, 0 or more");
        if (!p.GetValue(o.DryRun)) Require(p, o.Out);
        double validation = p.GetValue(o.Validation);
        if (validation >= 1)
            throw new CliException($"transfer: --validation {validation.ToString(System.Globalization.CultureInfo.InvariantCulture)} holds out every sample", "give a share in [0, 1), e.g. --validation 0.2");
        string? device = p.GetValue(o.Device);
        return new TransferSettings(
            Device: DeviceArgument.Resolve(device),
            CutTensor: p.GetValue(o.Cut),
            // With --dataset, --classes lists the classes by name; DatasetTransferCommand sets the count.
            Classes: o.DataSet.DatasetGiven(p) ? null : ClassCount(p.GetValue(o.DataSet.Classes)),
            Hidden: p.GetValue(o.Hidden),
            Optimizer: TransferOptions.OptimizerOf(p.GetValue(o.Optimizer)!, p.GetValue(o.LearningRate)),
            BatchSize: p.GetValue(o.Batch),
            MaxEpochs: p.GetValue(o.Epochs),
            StepBudget: p.GetValue(o.Steps) is { } steps ? (steps > 0 ? steps : null) : TransferOptions.Defaults.StepBudget,
            HeadFeatures: p.GetValue(o.HeadFeatures) switch { "on" => true, "off" => false, _ => null },
            AugmentedCopies: p.GetValue(o.Augment),
            Stopping: TransferOptions.StoppingOf(p.GetValue(o.Stopping)!),
            Patience: p.GetValue(o.Patience),
            MinGainPointsPerMillijoule: p.GetValue(o.MinGain),
            EpochMillijoules: p.GetValue(o.EpochMillijoules),
            StoreCapacityBytes: p.GetValue(o.StoreBytes) ?? TransferOptions.Defaults.StoreCapacityBytes, // sized to the data once it is read, unless given
            ValidationFraction: validation,
            Seed: p.GetValue(o.Seed),
            FreshHead: p.GetValue(o.FreshHead),
            Int8Head: p.GetValue(o.Int8Head),
            KeepSnapshot: !p.GetValue(o.NoSnapshot),
            // The store's flash region is set once its path is checked and locked (Run).
            StoreInFlash: p.GetValue(o.StoreInFlash) ? true : p.GetValue(o.StoreInRam) ? false : null,
            EpochEnergyModel: EpochEnergyModel(device));
    }

    // Store labels are uint16.
    private const int MaxClasses = 65535;

    // CSV form: --classes N, the head's classes (a 1-class head is no classifier but is allowed: nothing is checked then).
    private static int? ClassCount(string? text)
    {
        if (text is null) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxClasses
            ? n
            : throw new CliException($"transfer: --classes '{text}' is not a number of classes from 1 to {MaxClasses}", "write --classes N, or --dataset ... --classes A,B,... for a data set");
    }

    /// <summary>Energy-aware stopping prices each epoch with the device profile's cost model (docs/energy.md).</summary>
    private static Func<OpCounts, double> EpochEnergyModel(string? device)
    {
        DeviceProfile profile = DeviceArgument.ResolveProfile(device);
        return ops => CostModel.TrainingMillijoules(profile, ops);
    }

    /// <summary>Without a test file, every fifth sample of each class is held out for testing.</summary>
    private static (List<LabelledInput> Train, List<LabelledInput> Test) HoldOutEveryFifth(IReadOnlyList<LabelledInput> samples)
    {
        var train = new List<LabelledInput>();
        var test = new List<LabelledInput>();
        var seen = new Dictionary<int, int>();
        foreach (LabelledInput s in samples)
        {
            int n = seen[s.Label] = seen.GetValueOrDefault(s.Label) + 1;
            (n % 5 == 0 ? test : train).Add(s);
        }

        if (test.Count == 0)
            throw new CliException("too few samples to hold out a test set (fewer than 5 in every class)", "pass a separate --test file");
        return (train, test);
    }
}
