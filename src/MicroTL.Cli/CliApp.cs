// The `microtl` command: one System.CommandLine command per subcommand (Commands/), help per command with
// the defaults, --version, [suggest] completions, and the exit-code contract: parse errors and known failures
// become one `error:` line and one `hint:` line (exit 2, or 3 over budget), anything else is unexpected (1).
using System.CommandLine;
using System.Reflection;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using MicroTL.Cli.Commands;
using MicroTL.Cli.Options;

namespace MicroTL.Cli;

/// <summary>Parses the arguments, runs the subcommand and maps failures to the exit codes of <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    /// <summary><c>--verbose</c>: stack traces of failures, on every command.</summary>
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "print the stack trace of a failure", Recursive = true };

    /// <summary>The root command with every subcommand, in the order help lists them.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("microtl: on-device transfer learning for microcontrollers (MicroTL, IEEE LCN 2022)")
        {
            DemoCommand.Create(),
            InspectCommand.Create(),
            InferCommand.Create(),
            BenchCommand.Create(),
            TransferCommand.Create(),
            FirmwareCommand.Create(),
            EnergyCommand.Create(),
            DatasetCommand.Create(),
            PretrainCommand.Create(),
            EvaluateCommand.Create(),
            ExperimentCommand.Create(),
        };
        root.HelpName = "microtl"; // also under `dotnet MicroTL.Cli.dll` and in the tests' host
        foreach (VersionOption option in root.Options.OfType<VersionOption>()) option.Action = new PrintVersion();
        root.Options.Add(Verbose);
        CliOptions.CheckTextValues(root);
        return root;
    }

    /// <summary>Runs <c>microtl</c> with <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(CreateRoot(), args, stdout, stderr);

    /// <summary>Runs <paramref name="root"/> (the tests give one with a command of their own) under the same contract.</summary>
    internal static int Run(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        // "microtl help" and "microtl help CMD" as the old parser took them.
        if (args is ["help", .. var rest]) args = [.. rest, "--help"];
        if (!root.Options.Contains(Verbose)) root.Options.Add(Verbose);
        ParseResult parse = root.Parse(args);
        bool verbose = parse.GetValue(Verbose);
        if (args.Length == 0)
        {
            new HelpAction().Invoke(root.Parse(["--help"]).WithOutput(stdout));
            return new ErrorReport(ExitCodes.BadInput, "no command given", "run 'microtl COMMAND --help' for the options of a command").Write(stderr, null, verbose);
        }

        if (parse.Action is ParseErrorAction) return ParseErrors.Report(parse, args).Write(stderr, null, verbose);

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Ctrl-C is the commands' own (InterruptScope): they stop cleanly and exit 130
        };
        try
        {
            return parse.Invoke(invocation);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("interrupted: nothing was written; the deployed model and the feature store are intact");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            return ErrorReport.Of(e).Write(stderr, e, verbose);
        }
    }

    /// <summary>The informational version of this assembly (the package version and commit), not of whatever process hosts it.</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }

    private static ParseResult WithOutput(this ParseResult parse, TextWriter stdout)
    {
        parse.InvocationConfiguration.Output = stdout;
        return parse;
    }
}
