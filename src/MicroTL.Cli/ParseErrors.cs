// System.CommandLine's parse errors in the contract's shape: one error line naming the command and what is
// wrong (the first error; the rest usually follow from it), one hint line pointing at the command's help.
using System.CommandLine;
using System.CommandLine.Parsing;
using MicroTL.Cli.Options;

namespace MicroTL.Cli;

/// <summary>Turns a failed parse into an <see cref="ErrorReport"/> (exit 2).</summary>
internal static partial class ParseErrors
{
    private const string Unrecognized = "Unrecognized command or argument '";

    public static ErrorReport Report(ParseResult parse, IReadOnlyList<string> args)
    {
        Command command = parse.CommandResult.Command;
        string path = command is RootCommand ? "microtl" : $"microtl {CommandPath(parse.CommandResult)}";
        // An option that took the next option as its value explains a stray word after it; an unknown word explains the
        // other errors (a missing command or argument). So they go first, in that order.
        ParseError error = parse.Errors.FirstOrDefault(e => e.Message.Contains(CliOptions.OptionAsValue, StringComparison.Ordinal))
            ?? parse.Errors.FirstOrDefault(e => e.Message.StartsWith(Unrecognized, StringComparison.Ordinal))
            ?? parse.Errors[0];
        string message = error.Message;
        string hint = $"run '{path} --help' for the options and their defaults";
        if (message.StartsWith(Unrecognized, StringComparison.Ordinal))
        {
            string token = message[Unrecognized.Length..].TrimEnd('.', '\'');
            message = token.StartsWith('-') ? $"unknown option {token}" : $"unexpected argument '{token}'";
            if (command is RootCommand) { message = $"unknown command '{token}'"; hint = "run 'microtl --help' for the commands"; }
            else if (SwitchGivenAValue(command, args, token) is { } flag)
            {
                // System.CommandLine splits --quiet=1 into the switch and a stray argument '1'.
                message = $"{flag} is a switch and takes no value ('{flag}={token}')";
                hint = $"write {flag} alone to turn it on (or {flag}=false to leave it off)";
            }
        }
        else if (RequiredArgument().Match(message) is { Success: true } argument)
        {
            message = $"missing {argument.Groups[1].Value}";
            hint = $"usage: {path} {string.Join(' ', command.Arguments.Select(a => a.Name))} [options]; '{path} --help' lists them";
        }
        else if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            message = "which command? none was given";
            hint = $"run '{path} --help' for the commands";
        }
        else if (OptionOf(error.SymbolResult) is { } option)
        {
            hint = $"write {option.Name} {option.HelpName ?? "VALUE"}; '{path} --help' lists every option with its default";
        }

        string prefix = command is RootCommand ? "" : $"{CommandPath(parse.CommandResult)}: ";
        return new ErrorReport(ExitCodes.BadInput, prefix + LowerFirst(message.TrimEnd('.')), hint);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Required argument '([^']+)' missing")]
    private static partial System.Text.RegularExpressions.Regex RequiredArgument();

    private static string? SwitchGivenAValue(Command command, IReadOnlyList<string> args, string value) =>
        args.Select(a => a.Split('=', 2)).Where(parts => parts.Length == 2 && parts[1] == value).Select(parts => parts[0])
            .FirstOrDefault(name => command.Options.Any(o => o.ValueType == typeof(bool) && (o.Name == name || o.Aliases.Contains(name))));

    private static Option? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult o => o.Option,
        ArgumentResult { Parent: OptionResult o } => o.Option,
        _ => null,
    };

    private static string CommandPath(CommandResult result) =>
        result.Parent is CommandResult { Command: not RootCommand } parent ? $"{CommandPath(parent)} {result.Command.Name}" : result.Command.Name;

    private static string LowerFirst(string text) => text.Length > 0 && char.IsUpper(text[0]) && (text.Length == 1 || !char.IsUpper(text[1]))
        ? char.ToLowerInvariant(text[0]) + text[1..]
        : text;
}
