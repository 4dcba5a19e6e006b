// The one place where a failure becomes an exit code, an error line and a hint. Known exceptions of the
// library are bad input (2) or over budget (3); an ArgumentException that no check of the user's input
// turned into one of them is a bug, so it is "unexpected" (1), never silently "bad input".
using MicroTL.Budget;
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Session;
using MicroTL.Firmware.Toolchain;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.IO;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli;

/// <summary>What the command prints and returns for a failure.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Message">The <c>error:</c> line.</param>
/// <param name="Hint">The <c>hint:</c> line.</param>
public sealed partial record ErrorReport(int ExitCode, string Message, string Hint)
{
    /// <summary>The report of <paramref name="e"/>.</summary>
    public static ErrorReport Of(Exception e) => e switch
    {
        CliException c => new(c.ExitCode, c.Message, c.Hint),
        SelectionException s => BadInput(s.Message, s.Hint),
        UnsupportedOperatorException => BadInput(e.Message, "'microtl inspect MODEL' lists every operator and marks the ones this engine does not run"),
        InvalidModelException => BadInput(e.Message, "check that the file is a valid int8 .tflite model with supported operators"),
        TransferDataException => BadInput(e.Message, "check the data and the settings (--classes, --validation, --store-bytes) against the model"),
        FeatureStoreException => BadInput(e.Message, "point --store at a store made for this model and cut, or at a new file"),
        DataFormatException d => BadInput(e.Message, d.Hint ?? "fix the data file at the place the error names, or use another copy of it"),
        DeviceProfileException => BadInput(e.Message, DeviceHint),
        WorkloadException => BadInput(e.Message, "give a report of 'microtl transfer --dataset ... --report R.json' (it holds ops and a workload object), or no --scenario for the built-in one"),
        ReportFormatException => BadInput(e.Message, "give a report written by microtl, unchanged"),
        BudgetExceededException b => new(ExitCodes.DoesNotFitDevice, e.Message, BudgetHint(b.Budget.Kind)),
        ToolNotFoundException t => BadInput(e.Message, $"install it (apt-get install {t.DebianPackage}), or leave out --run qemu to write the firmware project only"),
        FirmwareGenerationException => BadInput(e.Message, "the firmware's C interpreter runs the operators docs/firmware.md lists; 'microtl inspect MODEL' lists the model's"),
        FileInUseException => BadInput(e.Message, "wait for the other microtl run to finish, or give this run files of its own"),
        InputTooLargeException { LimitIsDeviceMemory: true } => new(ExitCodes.DoesNotFitDevice, e.Message, "pick a smaller model or a device with more flash (--device)"),
        InputTooLargeException => BadInput(e.Message, "check that the file is the kind of input the option takes (not a device such as /dev/zero, nor another kind of file)"),
        FilePathException => BadInput(e.Message, "check the paths: inputs are existing files, outputs new or regular files in existing folders, and no two the same"),
        OutputCommitException => BadInput(e.Message, "free some space or fix the folder, then run again; the files named as written are complete, the others as they were"),
        FileNotFoundException or DirectoryNotFoundException => BadInput(e.Message, "check the path"),
        IOException or UnauthorizedAccessException => BadInput(e.Message, "check the path and its permissions"),
        _ => new(ExitCodes.Unexpected, $"unexpected failure: {e.GetType().Name}: {e.Message}", "rerun with --verbose and report the output"),
    };

    /// <summary>The hint for an unknown device.</summary>
    public static string DeviceHint =>
        $"known devices: {string.Join(", ", DeviceProfileLoader.BuiltIn.Select(p => p.Name))}; or a profile file "
        + $"(start from one: microtl energy --list-devices --device {DeviceProfileLoader.DefaultName} --json > my-board.json)";

    /// <summary>The longest error or hint line printed; a longer one (a 10 MB argument quoted whole) is cut short.</summary>
    public const int MaxLineChars = 2000;

    /// <summary>Writes the two lines (and with <paramref name="verbose"/> the stack trace) and returns the exit code.</summary>
    public int Write(TextWriter stderr, Exception? e, bool verbose)
    {
        stderr.WriteLine($"error: {Clean(Message)}");
        stderr.WriteLine($"hint: {Clean(Hint)}");
        if (verbose && e is not null) stderr.WriteLine(e.ToString());
        return ExitCode;
    }

    private static ErrorReport BadInput(string message, string hint) => new(ExitCodes.BadInput, message, hint);

    // The commands that can shrink a job price their own options (BudgetHints); this is the fallback of any other.
    private static string BudgetHint(DeviceMemoryKind kind) => kind == DeviceMemoryKind.Ram
        ? "shrink the largest components above or pick a device with more RAM"
        : "shrink the largest components above or pick a device with more flash";

    /// <summary>
    /// One line of at most <see cref="MaxLineChars"/> characters, without the .NET runtime's wording that a library
    /// message may carry (" (Parameter 'MaxEpochs')", "Actual value was 100000.").
    /// </summary>
    internal static string Clean(string text)
    {
        string line = RuntimeWording().Replace(text.ReplaceLineEndings(" "), "").TrimEnd();
        return Toolkit.IO.Excerpt.Of(line, MaxLineChars);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" ?\(Parameter '[^']*'\)| ?Actual value was [^.]*\.")]
    private static partial System.Text.RegularExpressions.Regex RuntimeWording();
}
