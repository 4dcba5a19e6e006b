// Typed options with the parsing rules and messages of the microtl contract: numbers in the invariant
// culture, refused with the option's name and the text given. Defaults are passed in from the settings
// records the library uses, so no default is written twice; help shows them.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace MicroTL.Cli.Options;

/// <summary>Builds the options the commands share.</summary>
internal static class CliOptions
{
    /// <summary><c>--json</c>: JSON on stdout instead of text.</summary>
    public static Option<bool> Json(string what = "print the result as JSON") => Flag("--json", what);

    /// <summary><c>--quiet</c>: no progress on stderr.</summary>
    public static Option<bool> Quiet() => Flag("--quiet", "no progress on stderr");

    /// <summary><c>--strict</c>: refuse data that would be skipped with a warning.</summary>
    public static Option<bool> Strict(string what = "refuse malformed data lines instead of skipping them with a warning") => Flag("--strict", what);

    /// <summary><c>--device NAME|FILE</c>: a built-in profile or a profile file.</summary>
    public static Option<string> Device(string description = "the device whose RAM and flash bound the job: a built-in profile or a profile file") =>
        new("--device")
        {
            Description = description,
            HelpName = "NAME|FILE",
            DefaultValueFactory = _ => Toolkit.Energy.DeviceProfileLoader.DefaultName,
            CompletionSources = { _ => Toolkit.Energy.DeviceProfileLoader.BuiltIn.Select(p => new System.CommandLine.Completions.CompletionItem(p.Name)) },
        };

    /// <summary><c>--raw-int8</c>: a CSV (or .bin) input holds the int8 input tensor's integers as they are, not real values to quantize.</summary>
    public static Option<bool> RawInt8() => Flag("--raw-int8",
        "the input values are the int8 input tensor's integers (-128..127) as they are; without it they are real values, quantized with the model's input scale and zero point as the device does");

    /// <summary>A switch.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>An optional text (a path, a name); null when absent.</summary>
    public static Option<string?> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    /// <summary>A required text.</summary>
    public static Option<string> Required(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName, Required = true };

    /// <summary>
    /// A number of at least <paramref name="min"/> (0 unless given), <paramref name="fallback"/> when absent.
    /// A text that is no such number is a parse error naming the option and the text.
    /// </summary>
    /// <param name="positive">Refuse 0 too (a rate, an energy): the value must be above 0.</param>
    public static Option<T> Number<T>(string name, string helpName, string description, T fallback, T? min = null, bool positive = false)
        where T : struct, INumber<T>
    {
        T lowest = min ?? T.Zero;
        return new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => fallback,
            CustomParser = result => Parse(result, name, lowest, positive, fallback),
        };
    }

    /// <summary>Like <see cref="Number{T}"/> but null when absent (the library then takes its own choice).</summary>
    public static Option<T?> OptionalNumber<T>(string name, string helpName, string description, T? min = null, bool positive = false)
        where T : struct, INumber<T>
    {
        T lowest = min ?? T.Zero;
        return new Option<T?>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => result.Tokens.Count == 0 ? null : Parse(result, name, lowest, positive, default(T)),
        };
    }

    /// <summary>
    /// <c>auto</c> (null: the library decides) or a whole number of at least 0; absent is auto. Anything else is a parse error
    /// naming the option and the text.
    /// </summary>
    public static Option<int?> AutoOrCount(string name, string description)
    {
        var option = new Option<int?>(name)
        {
            Description = description,
            HelpName = "auto|N",
            DefaultValueFactory = _ => null,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return null;
                string text = result.Tokens[^1].Value;
                if (text == "auto") return null;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)) return value;
                result.AddError($"{name} '{text}' is not auto or a non-negative whole number");
                return null;
            },
        };
        option.CompletionSources.Add("auto");
        return option;
    }

    /// <summary>One of <paramref name="choices"/>; anything else is a parse error listing them.</summary>
    public static Option<string> Choice(string name, string description, string fallback, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', choices),
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 0 ? fallback : result.Tokens[^1].Value;
                if (choices.Contains(text, StringComparer.Ordinal)) return text;
                result.AddError($"unknown {name.TrimStart('-')} '{text}': use {name} {string.Join(" or ", choices)}");
                return fallback;
            },
        };
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>
    /// Adds to every text option of <paramref name="root"/>'s commands the checks no text value passes: an empty value
    /// (<c>--out ''</c>), and a value that is an option (<c>--out --quiet</c>, where the next option was taken as the path).
    /// </summary>
    /// <summary>The words of the error for a text option whose value is the next option.</summary>
    public const string OptionAsValue = "needs a value, and";

    public static void CheckTextValues(Command root)
    {
        foreach (Command command in Descendants(root))
            foreach (Option option in command.Options)
                if (option.ValueType == typeof(string)) option.Validators.Add(CheckText);
    }

    private static void CheckText(OptionResult result)
    {
        if (result.Tokens.Count == 0) return;
        string name = result.Option.Name, value = result.Tokens[^1].Value, help = result.Option.HelpName ?? "VALUE";
        if (string.IsNullOrWhiteSpace(value)) result.AddError($"{name} is empty; write {name} {help}");
        else if (value.StartsWith("--", StringComparison.Ordinal))
            result.AddError($"{name} {OptionAsValue} '{Toolkit.IO.Excerpt.Of(value)}' is an option; write {name} {help} (a file named like an option: ./{value})");
    }

    private static IEnumerable<Command> Descendants(Command command) => [command, .. command.Subcommands.SelectMany(Descendants)];

    private static T Parse<T>(ArgumentResult result, string name, T min, bool positive, T fallback) where T : struct, INumber<T>
    {
        if (result.Tokens.Count == 0) return fallback;
        string text = result.Tokens[^1].Value;
        NumberStyles style = typeof(T) == typeof(float) || typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (!T.TryParse(text, style, CultureInfo.InvariantCulture, out T value) || !IsFinite(value))
        {
            result.AddError($"{name} '{text}' is not a {Kind(min > T.Zero, style)}");
            return fallback;
        }

        if (positive && value <= T.Zero)
        {
            result.AddError($"{name} '{text}' must be above 0");
            return fallback;
        }

        if (value < min)
        {
            result.AddError($"{name} '{text}' must be at least {min}");
            return fallback;
        }

        return value;
    }

    private static bool IsFinite<T>(T value) where T : struct, INumber<T> => T.IsFinite(value);

    private static string Kind(bool positive, NumberStyles style) =>
        (positive ? "positive" : "non-negative") + (style == NumberStyles.Integer ? " whole number" : " number");
}
