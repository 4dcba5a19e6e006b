namespace MicroTL.Cli;

/// <summary>
/// The arguments of one subcommand: positionals, <c>--name value</c> options and <c>--flag</c>
/// switches. Which names are switches is declared by the command, so that a switch never swallows
/// the next argument; unknown names are refused rather than ignored.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];
    private readonly string _command;

    public CommandArguments(string command, IEnumerable<string> args, IReadOnlySet<string> optionNames, IReadOnlySet<string> flagNames)
    {
        _command = command;
        using IEnumerator<string> it = args.GetEnumerator();
        while (it.MoveNext())
        {
            string arg = it.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                _positionals.Add(arg);
                continue;
            }

            string name = arg[2..];
            string? inlineValue = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { inlineValue = name[(eq + 1)..]; name = name[..eq]; }

            if (flagNames.Contains(name) && inlineValue is null) { _flags.Add(name); continue; }
            if (!optionNames.Contains(name))
                throw new UsageException($"{command}: unknown option --{name}", $"run 'microtl {command} --help' for the options");
            if (inlineValue is null && !it.MoveNext())
                throw new UsageException($"{command}: option --{name} needs a value", $"write --{name} VALUE");
            _options[name] = inlineValue ?? it.Current;
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Get(string option) => _options.GetValueOrDefault(option);

    /// <summary>The positional at <paramref name="index"/>, or a usage error naming <paramref name="what"/>.</summary>
    public string Positional(int index, string what) =>
        index < _positionals.Count
            ? _positionals[index]
            : throw new UsageException($"{_command}: missing {what}", $"usage: microtl {_command} {what.ToUpperInvariant()} ...");

    /// <summary>A required option, or a usage error.</summary>
    public string Require(string option) =>
        Get(option) ?? throw new UsageException($"{_command}: --{option} is required", $"add --{option} VALUE");
}
