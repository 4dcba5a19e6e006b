using MicroTL.Budget;
using MicroTL.Cli.Commands;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Experiments;
using MicroTL.Transfer;

namespace MicroTL.Cli;

/// <summary>
/// The <c>microtl</c> command: picks the subcommand, runs it, and turns known failures into the
/// exit codes of the contract: 2 with one <c>error:</c> line and a <c>hint:</c> for bad input,
/// 3 when the work does not fit the device, 1 for anything unexpected.
/// </summary>
public static class CliApp
{
    private const string Usage = """
        usage: microtl COMMAND [ARGS]

        commands:
          demo [--out DIR] [--data DIR] [--device NAME|FILE] [--seed N] [--samples-per-class K] [--epochs E] [--quiet]
                                                     scenario 1 end to end on the embedded data: pretrain,
                                                     quantize, learn on the device, compare with the cloud,
                                                     estimate time and energy; writes DIR/report.html,
                                                     report.json, transfer-report.json (default microtl-demo/)
          inspect MODEL [--device NAME] [--json]     operators, tensors, arena and flash bytes, device fit
          infer MODEL --input IN.bin [--output OUT.bin] [--activations DIR] [--json]
                                                     one inference on raw input tensor bytes
          transfer MODEL --data TRAIN.csv [--test TEST.csv] --out ADAPTED.tflite [--report R.json]
                   [--header ADAPTED.h] [--cut TENSOR] [--classes N] [--hidden H]
                   [--optimizer adam|sgd] [--lr X] [--batch B] [--epochs E]
                   [--stopping patience|fixed|energy] [--patience P] [--min-gain G] [--epoch-mj E]
                   [--store-bytes N] [--store FILE] [--store-in-flash] [--validation F] [--seed S] [--device NAME] [--fresh-head] [--int8-head] [--no-snapshot] [--quiet] [--dry-run]
                                                     on-device transfer learning on labelled inputs;
                                                     --dry-run prints the memory plan only;
                                                     --store-in-flash keeps the --store records in
                                                     flash only (RAM holds an index) and checks flash
                                                     (CSV lines: label,v1,...,vN in the input tensor's type)

          energy [--device NAME|FILE] [--scenario REPORT.json] [--cloud-factor X] [--sweep] [--json]
                                                     time and energy: on-device transfer vs upload + cloud
                                                     training (an estimate from op counts and a device profile);
                                                     --list-devices [--json] prints the profiles and sources;
                                                     --measure OUT.json re-measures the default scenario

          dataset info [--data DIR]                  the WISDM smartwatch data: embedded, or the text files of DIR
          dataset pack --data DIR --out FILE         build the embedded data pack from the WISDM text files

          pretrain --dataset wisdm|mnist [--data DIR] --classes A,B,D,E [--subjects 1600-1630] [--seed N]
                   [--epochs E] --out BASE.tflite [--report R.json] [--float]
                                                     train the base network, write it int8 (or float32)
          evaluate MODEL --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] [--json]
                                                     accuracy, per class and confusion counts on the selection
          transfer BASE --dataset wisdm|mnist [--data DIR] --classes ... [--subjects ...] --samples-per-class K
                   [--float-base BASE_FLOAT.tflite] --out ADAPTED.tflite [--report R.json] (and the options above)
                                                     K labelled windows per class on the device, the rest tests;
                                                     report adds the cloud-scratch and float fine-tuning baselines
          experiment new-activities|personalisation|images [--data DIR] [--seeds 1-5]
                   [--samples-per-class 5,10,20,50] [--epochs E] [--cloud-test-per-epoch] [--json]
                   [--report R.json] [--html R.html]
                   [--optimizer adam|sgd] [--lr X] [--hidden H] [--batch B] [--max-epochs E] [--patience P] [--int8-head]
                                                     a scenario over seeds and K: base, MicroTL, cloud-scratch
                                                     and float fine-tuning accuracy (mean ± sd); the reports
                                                     add accuracy per epoch, memory and op counts; the second
                                                     line sets the device's training (default Adam 5e-3,
                                                     batch 8, at most 50 epochs, patience 5)
          (MNIST: no subjects; pretraining uses the train split, transfer and evaluate the t10k split)

        options for every command: --verbose (stack traces), --help
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool verbose = args.Contains("--verbose");
        string[] rest = args.Where(a => a != "--verbose").ToArray();
        if (rest.Length == 0 || rest[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine(Usage);
            return rest.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }

        try
        {
            string[] commandArgs = rest[1..];
            if (commandArgs.Contains("--help")) { stdout.WriteLine(Usage); return ExitCodes.Success; }
            return rest[0] switch
            {
                "inspect" => InspectCommand.Run(commandArgs, stdout),
                "infer" => InferCommand.Run(commandArgs, stdout),
                "transfer" => TransferCommand.Run(commandArgs, stdout, stderr),
                "dataset" => DatasetCommand.Run(commandArgs, stdout),
                "energy" => EnergyCommand.Run(commandArgs, stdout, stderr),
                "pretrain" => PretrainCommand.Run(commandArgs, stdout, stderr),
                "evaluate" => EvaluateCommand.Run(commandArgs, stdout),
                "experiment" => ExperimentCommand.Run(commandArgs, stdout, stderr),
                "demo" => DemoCommand.Run(commandArgs, stdout, stderr),
                _ => throw new UsageException($"unknown command '{rest[0]}'", "run 'microtl --help' for the commands"),
            };
        }
        catch (UsageException e) { return Fail(stderr, e.Message, e.Hint, e, verbose, ExitCodes.BadInput); }
        catch (SelectionException e) { return Fail(stderr, e.Message, e.Hint, e, verbose, ExitCodes.BadInput); }
        catch (InvalidModelException e) { return Fail(stderr, e.Message, "check that the file is a valid int8 .tflite model with supported operators", e, verbose, ExitCodes.BadInput); }
        catch (InvalidInputException e) { return Fail(stderr, e.Message, e.Hint, e, verbose, ExitCodes.BadInput); }
        catch (FeatureStoreException e) { return Fail(stderr, e.Message, "point --store at a store made for this model and cut, or at a new file", e, verbose, ExitCodes.BadInput); }
        catch (DataFormatException e) { return Fail(stderr, e.Message, "fix the data file at the line named, or point --data at a folder of the original files", e, verbose, ExitCodes.BadInput); }
        catch (BudgetExceededException e) { return Fail(stderr, e.Message, BudgetHint(e.Budget.Kind), e, verbose, ExitCodes.DoesNotFitDevice); }
        catch (ArgumentException e) { return Fail(stderr, e.Message, "check the settings and the data against the model", e, verbose, ExitCodes.BadInput); }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("interrupted: nothing was written; the deployed model and the feature store are intact");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(stderr, e.Message, "check the path", e, verbose, ExitCodes.BadInput);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, e.Message, "check the path and its permissions", e, verbose, ExitCodes.BadInput);
        }
        catch (Exception e)
        {
            return Fail(stderr, $"unexpected failure: {e.GetType().Name}: {e.Message}", "rerun with --verbose and report the output", e, verbose, ExitCodes.Unexpected);
        }
    }

    private static string BudgetHint(DeviceMemoryKind kind) => kind == DeviceMemoryKind.Ram
        ? "shrink the components above (e.g. --store-bytes, --hidden, --batch) or pick a device with more RAM"
        : "shrink the components above (e.g. --store-bytes) or pick a device with more flash";

    private static int Fail(TextWriter stderr, string message, string hint, Exception e, bool verbose, int code)
    {
        stderr.WriteLine($"error: {OneLine(message)}");
        stderr.WriteLine($"hint: {OneLine(hint)}");
        if (verbose) stderr.WriteLine(e.ToString());
        return code;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
