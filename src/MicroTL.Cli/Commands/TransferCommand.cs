using System.Globalization;
using System.Numerics;
using MicroTL.Budget;
using MicroTL.Storage;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Export;
using MicroTL.Toolkit.IO;
using MicroTL.Training;
using MicroTL.Transfer;

namespace MicroTL.Cli.Commands;

/// <summary>
/// <c>microtl transfer MODEL --data TRAIN.csv [--test TEST.csv] --out ADAPTED.tflite [--report R.json]</c>
/// and the cut, head, optimizer, stopping, store and device settings: on-device transfer learning
/// on a labelled input file (see <see cref="LabelledInputFile"/>).
/// </summary>
public static class TransferCommand
{
    private static readonly HashSet<string> Options =
    [
        "data", "test", "out", "report", "header", "cut", "classes", "hidden", "optimizer", "lr", "batch", "epochs",
        "stopping", "patience", "min-gain", "epoch-mj", "store-bytes", "store", "validation", "seed", "device",
        "dataset", "subjects", "samples-per-class", "float-base",
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CommandArguments("transfer", args, Options, new HashSet<string> { "fresh-head", "int8-head", "quiet", "dry-run", "no-snapshot", "store-in-flash" });
        string modelPath = a.Positional(0, "model");
        TfLiteModel model = ModelFile.Read(modelPath);
        TransferSettings settings = ParseSettings(a);
        if (a.Get("dataset") is not null) return DatasetTransferCommand.Run(a, model, settings, stdout, stderr);
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];

        var session = new TransferSession(model, settings); // refuses here, before any work, if it does not fit
        if (a.Has("dry-run"))
        {
            stdout.WriteLine($"head       {session.Head}; store holds {session.StoreRecords} records");
            WriteMemory(stdout, session.Memory, settings.EffectiveDevice);
            if (session.Flash is { } flash) WriteFlash(stdout, flash, settings.EffectiveDevice);
            return ExitCodes.Success;
        }

        string outPath = a.Require("out");
        IReadOnlyList<LabelledInput> data = LabelledInputFile.Read(a.Require("data"), input);
        (IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test) = a.Get("test") is { } testPath
            ? (data, LabelledInputFile.Read(testPath, input))
            : HoldOutEveryFifth(data);

        bool quiet = a.Has("quiet");
        var progress = new ProgressLine(stderr, quiet);
        // Ctrl-C asks the run to stop between two samples or epochs; nothing is written after that.
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        TransferOutcome outcome;
        try
        {
            outcome = session.Run(train, test,
                onEpoch: e => progress.Report($"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, train acc {e.TrainAccuracy:P1}, validation acc {e.ValidationAccuracy:P1}"),
                onCollected: (done, total) => progress.Report($"collecting features {done}/{total}"),
                cancel: interrupt.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        progress.Done();

        ModelFile.Write(outPath, outcome.DeployedModel);
        if (a.Get("header") is { } headerPath)
        {
            string name = Path.GetFileNameWithoutExtension(headerPath).Replace('-', '_').Replace('.', '_');
            if (!CHeaderExporter.IsCIdentifier(name)) name = "microtl_model";
            AtomicFile.WriteAllText(headerPath, CHeaderExporter.ToCHeader(TfLiteWriter.Write(outcome.DeployedModel), name));
        }

        if (a.Get("report") is { } reportPath) AtomicFile.WriteAllText(reportPath, TransferReport.ToJson(outcome));
        TransferReport.WriteSummary(stdout, outcome, outPath);
        return ExitCodes.Success;
    }

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
            if (c.Bytes > 0) w.WriteLine($"             {c.Bytes,9}  {c.Name}");
    }

    internal static TransferSettings ParseSettings(CommandArguments a)
    {
        OptimizerSettings optimizer = Optimizer(a, "transfer", defaultLearningRate: 1e-3f);
        StoppingKind stopping = (a.Get("stopping") ?? "patience") switch
        {
            "fixed" => StoppingKind.FixedEpochs,
            "patience" => StoppingKind.Patience,
            "energy" => StoppingKind.EnergyAware,
            string other => throw new UsageException($"transfer: unknown stopping rule '{other}'", "use --stopping fixed, patience or energy"),
        };
        double? epochMj = a.Get("epoch-mj") is null ? null : Number(a, "epoch-mj", 0.0);
        if (a.Has("store-in-flash") && a.Get("store") is null)
            throw new UsageException("transfer: --store-in-flash keeps the store's records in its file, and no --store FILE was given", "add --store FILE");
        return new TransferSettings(
            CutTensor: a.Get("cut"),
            // With --dataset, --classes lists the classes by name; DatasetTransferCommand sets the count.
            Classes: a.Get("classes") is null || a.Get("dataset") is not null ? null : (int)Number(a, "classes", 0),
            Hidden: a.Get("hidden") is null ? null : (int)Number(a, "hidden", 0),
            Optimizer: optimizer,
            BatchSize: (int)Number(a, "batch", 8),
            MaxEpochs: (int)Number(a, "epochs", 30),
            Stopping: stopping,
            Patience: (int)Number(a, "patience", 5),
            MinGainPointsPerMillijoule: Number(a, "min-gain", 0.01),
            EpochMillijoules: epochMj,
            StoreCapacityBytes: (int)Number(a, "store-bytes", 64 * 1024),
            ValidationFraction: Number(a, "validation", 0.2),
            Seed: (ulong)Number(a, "seed", 1),
            Device: DeviceArgument.Resolve(a.Get("device")),
            FreshHead: a.Has("fresh-head"),
            Int8Head: a.Has("int8-head"),
            // The store file is an image of the device's flash region (the nRF52840's geometry; the profiles do not give one).
            StoreFlash: a.Get("store") is { } store ? FileFlashMedium.Region(store, FlashGeometry.Nrf52840) : null,
            KeepSnapshot: !a.Has("no-snapshot"),
            StoreInFlash: a.Has("store-in-flash"),
            EpochEnergyModel: EpochEnergyModel(a.Get("device")));
    }

    /// <summary><c>--optimizer adam|sgd</c> (default Adam) at <c>--lr</c>, else at <paramref name="defaultLearningRate"/>.</summary>
    internal static OptimizerSettings Optimizer(CommandArguments a, string command, float defaultLearningRate)
    {
        float lr = Number(a, "lr", defaultLearningRate);
        return (a.Get("optimizer") ?? "adam") switch
        {
            "adam" => OptimizerSettings.Adam(lr),
            "sgd" => OptimizerSettings.Sgd(lr),
            string other => throw new UsageException($"{command}: unknown optimizer '{other}'", "use --optimizer sgd or --optimizer adam"),
        };
    }

    /// <summary>Energy-aware stopping prices each epoch with the device profile's cost model (docs/energy.md).</summary>
    private static Func<OpCounts, double> EpochEnergyModel(string? device)
    {
        DeviceProfile profile = DeviceArgument.ResolveProfile(device);
        return ops => CostModel.TrainingMillijoules(profile, ops);
    }

    internal static T Number<T>(CommandArguments a, string name, T fallback) where T : struct, INumber<T>
    {
        string? text = a.Get(name);
        if (text is null) return fallback;
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T value) || value < T.Zero)
            throw new UsageException($"--{name} '{text}' is not a non-negative number", $"write --{name} followed by a number");
        return value;
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
            throw new InvalidInputException("too few samples to hold out a test set (fewer than 5 in every class)", "pass a separate --test file");
        return (train, test);
    }
}
