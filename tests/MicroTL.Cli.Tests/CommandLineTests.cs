using System.CommandLine;
using System.Reflection;
using MicroTL.Budget;
using MicroTL.Session;
using MicroTL.Store;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Tests;

/// <summary>The command line itself: help per command, --version, completions, parse errors and the exit-code map.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("transfer", "--lr <X>", "[default: 0.005]", "--scenario")]
    [InlineData("transfer", "--batch <B>", "[default: 16]", "--seeds")]
    [InlineData("energy", "--scenario <REPORT.json>", "--list-devices", "--lr")]
    [InlineData("experiment", "--max-epochs <E>", "[default: 40]", "--store")]
    [InlineData("experiment", "--lr <X>", "[default: 0.005]", "--dry-run")]
    [InlineData("demo", "--samples-per-class <K>", "[default: 20]", "--report")]
    [InlineData("pretrain", "--epochs <E>", "20 for WISDM, 8 for MNIST", "--samples-per-class")]
    [InlineData("inspect", "--device <NAME|FILE>", "[default: nrf52840]", "--input")]
    [InlineData("infer", "--input <IN.bin|IN.csv>", "--activations <DIR>", "--device")]
    [InlineData("dataset", "info", "pack", "--lr")]
    public void Help_OfACommand_ShowsItsOwnOptionsWithDefaultsOnly(string command, string expected, string alsoExpected, string foreign)
    {
        CliResult r = CliRunner.Run(command, "--help");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"microtl {command}", r.Stdout);
        Assert.Contains(expected, r.Stdout);
        Assert.Contains(alsoExpected, r.Stdout);
        Assert.DoesNotContain(foreign, r.Stdout);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Help_Root_ListsEveryCommand()
    {
        CliResult r = CliRunner.Run("--help");

        Assert.Equal(0, r.ExitCode);
        foreach (string command in new[] { "demo", "inspect", "infer", "bench", "transfer", "energy", "dataset", "pretrain", "evaluate", "experiment" })
            Assert.Contains($"  {command}", r.Stdout);
        Assert.Equal(r.Stdout, CliRunner.Run("help").Stdout);
        Assert.Equal(CliRunner.Run("energy", "--help").Stdout, CliRunner.Run("help", "energy").Stdout);
    }

    [Fact]
    public void Help_DefaultsComeFromTheLibrarysSettings()
    {
        var transfer = new TransferSettings(Toolkit.Energy.DeviceProfileLoader.Default.Memory);
        string help = CliRunner.Run("transfer", "--help").Stdout;

        Assert.Contains($"[default: {transfer.MaxEpochs}]", help);
        Assert.Contains($"[default: {transfer.Patience}]", help);
        Assert.Contains(FormattableString.Invariant($"[default: {transfer.ValidationFraction}]"), help);
        Assert.Contains($"[default: {new DemoOptions().SamplesPerClass}]", CliRunner.Run("demo", "--help").Stdout);
        Assert.Contains($"[default: {ScenarioOptions.DefaultTransfer.MaxEpochs}]", CliRunner.Run("experiment", "--help").Stdout);
    }

    [Fact]
    public void Version_PrintsTheAssemblysInformationalVersion()
    {
        string expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        CliResult r = CliRunner.Run("--version");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", r.Stdout);
    }

    [Theory]
    [InlineData(24, "microtl transfer m --opt", "--optimizer")]
    [InlineData(31, "microtl transfer m --optimizer ", "sgd")]
    [InlineData(29, "microtl experiment new-activ", "new-activities")]
    [InlineData(26, "microtl energy --device nr", "nrf52810")]
    public void SuggestDirective_PartialCommandLine_PrintsCompletions(int position, string line, string completion)
    {
        CliResult r = CliRunner.Run($"[suggest:{position}]", line);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains(completion, r.Stdout.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("unknown option --bogus", "transfer", "MODEL", "--bogus")]
    [InlineData("--lr 'fast' is not a non-negative number", "transfer", "MODEL", "--lr", "fast")]
    [InlineData("--lr '0' must be above 0", "transfer", "MODEL", "--lr", "0")]
    [InlineData("--batch '0' must be at least 1", "transfer", "MODEL", "--batch", "0")]
    [InlineData("--seed '-1' is not a non-negative whole number", "transfer", "MODEL", "--seed", "-1")]
    [InlineData("--epochs", "pretrain", "--out", "x.tflite", "--epochs")]
    [InlineData("unknown stopping 'never'", "transfer", "MODEL", "--stopping", "never")]
    [InlineData("missing MODEL", "inspect")]
    [InlineData("option '--input' is required", "infer", "MODEL")]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("unexpected argument 'extra'", "energy", "extra")]
    [InlineData("which command", "dataset")]
    public void ParseError_ExitsTwoWithOneErrorAndOneHintLine(string message, params string[] args)
    {
        CliResult r = CliRunner.Run(args);

        Assert.Equal(2, r.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains(message, r.Stderr.Split('\n')[0]);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void NoArguments_PrintsHelpAndExitsTwo()
    {
        CliResult r = CliRunner.Run();

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Commands:", r.Stdout);
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
    }

    [Fact]
    public void Run_CommandThrowsArgumentException_IsUnexpectedExitOneNotBadInput()
    {
        CliResult r = RunThrowing(new ArgumentException("index 7 is out of the span"));

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: unexpected failure: ArgumentException: index 7 is out of the span", r.Stderr);
        Assert.Contains("hint: rerun with --verbose", r.Stderr);
    }

    [Fact]
    public void Run_Verbose_AddsTheStackTrace()
    {
        CliResult quiet = RunThrowing(new InvalidOperationException("broken"));
        CliResult verbose = RunThrowing(new InvalidOperationException("broken"), "--verbose");

        Assert.Equal(1, verbose.ExitCode);
        Assert.Equal(2, quiet.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("at MicroTL.Cli.Tests.CommandLineTests", verbose.Stderr);
    }

    [Fact]
    public void Run_CliException_CarriesItsExitCodeAndHint()
    {
        CliResult r = RunThrowing(new CliException("the board is on fire", "unplug it", exitCode: 3));

        Assert.Equal(3, r.ExitCode);
        Assert.Equal(["error: the board is on fire", "hint: unplug it"], r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Run_Cancelled_Exits130()
    {
        CliResult r = RunThrowing(new OperationCanceledException());

        Assert.Equal(130, r.ExitCode);
        Assert.Contains("interrupted", r.Stderr);
    }

    public static TheoryData<Exception, int> KnownFailures => new()
    {
        { new CliException("m", "h"), 2 },
        { new CliException("m", "h", ExitCodes.DoesNotFitDevice), 3 },
        { new SelectionException("m", "h"), 2 },
        { new InvalidModelException("m"), 2 },
        { new TransferDataException("m"), 2 },
        { new FeatureStoreException("store.mtl", "m"), 2 },
        { new Toolkit.Data.DataFormatException("m"), 2 },
        { new Toolkit.Energy.DeviceProfileException("m"), 2 },
        { new Toolkit.Energy.WorkloadException("m"), 2 },
        { new Toolkit.Reports.ReportFormatException("r.json", "ops", "is missing"), 2 },
        { new BudgetExceededException(new MemoryBudget().Add("store", 300_000), Toolkit.Energy.DeviceProfileLoader.Default.Memory), 3 },
        { new FileNotFoundException("m"), 2 },
        { new DirectoryNotFoundException("m"), 2 },
        { new UnauthorizedAccessException("m"), 2 },
        { new ArgumentException("m"), 1 },
        { new ArgumentOutOfRangeException("x", "m"), 1 },
        { new InvalidOperationException("m"), 1 },
        { new NullReferenceException(), 1 },
    };

    [Theory]
    [MemberData(nameof(KnownFailures))]
    public void ErrorReport_Of_MapsEachFailureToItsExitCode(Exception e, int exitCode)
    {
        ErrorReport report = ErrorReport.Of(e);

        Assert.Equal(exitCode, report.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(report.Hint));
        Assert.Contains(exitCode == 1 ? "unexpected failure" : e.Message, report.Message);
    }

    private static CliResult RunThrowing(Exception e, params string[] extra)
    {
        var boom = new Command("boom", "throws");
        boom.SetAction(_ => { Throw(e); return 0; });
        var root = new RootCommand("test") { boom };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(root, ["boom", .. extra], stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    // A frame of this class in the stack trace, for the --verbose test.
    private static void Throw(Exception e) => throw e;
}
