// The options of `microtl transfer`, with their defaults taken from TransferSettings (the library's). The
// CSV form (--data TRAIN.csv --classes N) and the data-set form (--dataset ... --classes LIST
// --samples-per-class K) share them; the command tells which form was meant from --dataset.
using System.CommandLine;
using MicroTL.Session;
using MicroTL.Training;

namespace MicroTL.Cli.Options;

/// <summary>Every option of <c>microtl transfer</c>.</summary>
internal sealed class TransferOptions
{
    /// <summary>The library's defaults (on the default device profile), which the options show and fall back to.</summary>
    internal static readonly TransferSettings Defaults = new(Toolkit.Energy.DeviceProfileLoader.Default.Memory);

    public Argument<string> Model { get; } = new("MODEL") { Description = "the int8 .tflite model (or a model adapted before)" };

    public DataOptions DataSet { get; } = new();

    public Option<string?> Test { get; } = CliOptions.Text("--test", "TEST.csv", "test samples (CSV form; default: every fifth sample of each class of --data)");
    public Option<string?> Out { get; } = CliOptions.Text("--out", "ADAPTED.tflite", "write the deployed model here (required unless --dry-run)");
    public Option<string?> Report { get; } = CliOptions.Text("--report", "R.json", "write the run's report here");
    public Option<string?> Html { get; } = CliOptions.Text("--html", "R.html", "write a self-contained HTML report here (loss and accuracy per epoch, memory, the decision)");
    public Option<string?> Header { get; } = CliOptions.Text("--header", "ADAPTED.h",
        "also write the deployed model for firmware: ADAPTED.h declares the array and its length, ADAPTED.c beside it defines it (16-byte aligned)");
    public Option<bool> RawInt8 { get; } = CliOptions.RawInt8();
    public Option<string?> Cut { get; } = CliOptions.Text("--cut", "TENSOR", "the cut tensor, index or name (default: the input of the last two FULLY_CONNECTED layers)");
    public Option<int?> Hidden { get; } = CliOptions.OptionalNumber<int>("--hidden", "H",
        $"hidden units of the head (default: the model's own head's, or {TransferSettings.DefaultHidden} when there is none or head features widen its input)", min: 1);
    public Option<string> Optimizer { get; } = CliOptions.Choice("--optimizer", "the head's optimizer", OptimizerName(Defaults.EffectiveOptimizer), "adam", "sgd");
    public Option<float> LearningRate { get; } = CliOptions.Number("--lr", "X", "learning rate", Defaults.EffectiveOptimizer.LearningRate, positive: true);
    public Option<int> Batch { get; } = CliOptions.Number("--batch", "B", "mini-batch size", Defaults.BatchSize, min: 1);
    public Option<int> Epochs { get; } = CliOptions.Number("--epochs", "E", "most epochs, for every stopping rule", Defaults.MaxEpochs, min: 1);
    public Option<int?> Steps { get; } = CliOptions.OptionalNumber<int>("--steps", "N",
        $"with --stopping fixed: optimizer steps to train for, turned into epochs from the data size (at most --epochs; default {Defaults.StepBudget}; 0: --epochs epochs)");
    public Option<int?> Augment { get; } = CliOptions.AutoOrCount("--augment",
        $"perturbed copies of each labelled window also stored (rotation, gain, time shift); auto: up to {TransferSettings.MaxAutoAugmentedCopies} for a 3-axis window model " +
        $"(fewer beyond {TransferSettings.AugmentationRecordBudget / (1 + TransferSettings.MaxAutoAugmentedCopies)} windows), none for others");
    public Option<string> HeadFeatures { get; } = CliOptions.Choice("--head-features",
        $"the model's head features ('{Features.HeadFeatures.TensorName}', e.g. window statistics) beside the cut's as the head's input; auto: when the model has them",
        "auto", "auto", "on", "off");
    public Option<string> Stopping { get; } = CliOptions.Choice("--stopping", "when training stops", StoppingName(Defaults.Stopping), "patience", "fixed", "energy");
    public Option<int> Patience { get; } = CliOptions.Number("--patience", "P", "epochs without a better validation loss before stopping (--stopping patience)", Defaults.Patience, min: 1);
    public Option<double> MinGain { get; } = CliOptions.Number("--min-gain", "G", "accuracy points per mJ below which energy-aware stopping stops", Defaults.MinGainPointsPerMillijoule);
    public Option<double?> EpochMillijoules { get; } = CliOptions.OptionalNumber<double>("--epoch-mj", "E", "energy of one epoch in mJ (default: priced by the --device profile)", positive: true);
    public Option<int?> StoreBytes { get; } = CliOptions.OptionalNumber<int>("--store-bytes", "N",
        $"bytes of the int8 feature store (default: room for every labelled sample and its copies; with --store, at least {Defaults.StoreCapacityBytes})");
    public Option<string?> Store { get; } = CliOptions.Text("--store", "FILE", "keep the feature store durable in this file; records of earlier runs are trained on too");
    public Option<bool> StoreInFlash { get; } = CliOptions.Flag("--store-in-flash",
        $"keep the --store records in flash only (RAM holds an index); checks flash. Default: in flash (the --store file, else a log of the run's own) when RAM would take the job past {Defaults.JobRamTargetBytes} bytes");
    public Option<bool> StoreInRam { get; } = CliOptions.Flag("--store-in-ram", "keep the store's records in RAM (journaled to --store FILE, if given), whatever the job's RAM");
    public Option<double> Validation { get; } = CliOptions.Number("--validation", "F", "share of each class held out for validation, in [0, 1)", Defaults.ValidationFraction);
    public Option<ulong> Seed { get; } = CliOptions.Number("--seed", "S", "seed of the store, split, initialisation and shuffling", Defaults.Seed);
    public Option<string> Device { get; } = CliOptions.Device();
    public Option<bool> FreshHead { get; } = CliOptions.Flag("--fresh-head", "start from He initialisation even when the model's own head could seed the new one");
    public Option<bool> Int8Head { get; } = CliOptions.Flag("--int8-head", "export the head requantized to int8 instead of float32");
    public Option<bool> NoSnapshot { get; } = CliOptions.Flag("--no-snapshot", "do not roll a diverging run back (it is then stopped and its head rejected; the rollback itself costs no RAM)");
    public Option<bool> DryRun { get; } = CliOptions.Flag("--dry-run", "print the memory (and flash) plan only");
    public Option<bool> Quiet { get; } = CliOptions.Quiet();
    public Option<bool> Strict { get; } = CliOptions.Strict("refuse data that would be skipped with a warning: malformed WISDM lines, corrupt or torn records of the --store file");
    public Option<int?> SamplesPerClass { get; } = CliOptions.OptionalNumber<int>("--samples-per-class", "K", "with --dataset: labelled windows per class on the device (required)", min: 1);
    public Option<string?> FloatBase { get; } = CliOptions.Text("--float-base", "BASE_FLOAT.tflite",
        "with --dataset: the float base for the float fine-tuning baseline (default: the int8 base's weights dequantized)");

    /// <summary>The command with every option, in the order help lists them.</summary>
    public Command CreateCommand()
    {
        var command = new Command("transfer",
            "on-device transfer learning: CSV form (--data TRAIN.csv, lines label,v1,...,vN of real input values, quantized as the device does; "
            + "--raw-int8 for int8 integers; --classes N), "
            + "or data-set form (--dataset wisdm|mnist --classes LIST --samples-per-class K: K labelled windows per class on the device, "
            + "the rest tests; the report adds the cloud-scratch and float fine-tuning baselines)")
        {
            Model,
        };
        DataSet.Data.Description = "CSV form: the labelled samples (TRAIN.csv); data-set form: " + DataSet.Data.Description;
        DataSet.Data.HelpName = "TRAIN.csv|DIR";
        DataSet.Classes.Description = "CSV form: the head's number of classes (default: the model's); data-set form: " + DataSet.Classes.Description;
        DataSet.Classes.HelpName = "N|LIST";
        foreach (Option option in new Option[]
                 {
                     DataSet.Data, Test, RawInt8, Out, Report, Html, Header, Cut, DataSet.Classes, Hidden, HeadFeatures, Optimizer, LearningRate, Batch, Epochs,
                     Steps, Stopping, Patience, MinGain, EpochMillijoules, Augment, StoreBytes, Store, StoreInFlash, StoreInRam, Validation, Seed, Device,
                     FreshHead, Int8Head, NoSnapshot, DryRun, Quiet, Strict,
                     DataSet.Dataset, DataSet.Subjects, SamplesPerClass, FloatBase,
                 })
            command.Options.Add(option);
        return command;
    }

    /// <summary>The command-line name of an optimizer.</summary>
    public static string OptimizerName(OptimizerSettings o) => o.Kind.ToString().ToLowerInvariant();

    /// <summary>The optimizer named <paramref name="name"/> (adam or sgd; the option refuses others) at <paramref name="learningRate"/>.</summary>
    public static OptimizerSettings OptimizerOf(string name, float learningRate) =>
        name == "sgd" ? OptimizerSettings.Sgd(learningRate) : OptimizerSettings.Adam(learningRate);

    private static string StoppingName(StoppingKind kind) => kind switch
    {
        StoppingKind.FixedEpochs => "fixed",
        StoppingKind.EnergyAware => "energy",
        _ => "patience",
    };

    /// <summary>The stopping rule named <paramref name="name"/>.</summary>
    public static StoppingKind StoppingOf(string name) => name switch
    {
        "fixed" => StoppingKind.FixedEpochs,
        "energy" => StoppingKind.EnergyAware,
        _ => StoppingKind.Patience,
    };
}
