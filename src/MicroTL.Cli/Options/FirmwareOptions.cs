// The options of `microtl firmware`: transfer's data-set form and every transfer setting (the same Option objects,
// so the same names, defaults and checks), with --out naming the project folder, and --run.
using System.CommandLine;

namespace MicroTL.Cli.Options;

/// <summary>Every option of <c>microtl firmware</c>.</summary>
internal sealed class FirmwareOptions
{
    /// <summary>Transfer's options, shared.</summary>
    public TransferOptions Transfer { get; } = new();

    public Option<string> Run { get; } = CliOptions.Choice("--run", "qemu: build the firmware (nRF52840 and QEMU's mps2-an386), run it under qemu-system-arm " +
        "and check it against the C# engine on the same samples and seed", "none", "none", "qemu");

    /// <summary>The command with every option, in the order help lists them.</summary>
    public Command CreateCommand()
    {
        TransferOptions t = Transfer;
        var command = new Command("firmware",
            "the device half as firmware: write a self-contained C99 project of the transfer session (int8 body, feature store, float head "
            + "training, one static arena of the C# plan's bytes) for the nRF52840's Cortex-M4F, from a base model and the data-set form of "
            + "transfer's options; with --run qemu, build it, run it under QEMU and compare it with the C# engine")
        {
            t.Model,
        };
        t.Out.Description = "write the firmware project into this folder (created; a previous firmware project there is replaced)";
        t.Out.HelpName = "FWDIR";
        t.Report.Description = "write the firmware's report here (RAM, flash, instructions per phase, the match with the C# engine)";
        t.Report.HelpName = "fw.json";
        t.Store.Description = "keep the store journaled to the device's flash; FILE holds that flash region's image between runs";
        t.DataSet.Dataset.Description = "the data set of the labelled samples (as transfer --dataset)";
        foreach (Option option in new Option[]
                 {
                     t.DataSet.Dataset, t.DataSet.Data, t.DataSet.Classes, t.DataSet.Subjects, t.SamplesPerClass, t.Out, Run, t.Report, t.Cut, t.Hidden,
                     t.HeadFeatures, t.Optimizer, t.LearningRate, t.Batch, t.Epochs, t.Steps, t.Stopping, t.Patience, t.MinGain, t.EpochMillijoules,
                     t.Augment, t.StoreBytes, t.Store, t.StoreInFlash, t.StoreInRam, t.Validation, t.Seed, t.Device, t.FreshHead, t.NoSnapshot,
                     t.DryRun, t.Quiet, t.Strict,
                 })
            command.Options.Add(option);
        return command;
    }
}
