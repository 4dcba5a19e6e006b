// The one JSON setup of every report the toolkit and the command line write or read: camelCase names,
// indented, NaN as null, readable escaping (a report is a file for people too, never embedded in HTML).
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Reports;

/// <summary>Writes and reads the typed report records with <see cref="ReportJsonContext"/>.</summary>
public static partial class ReportJson
{
    /// <summary>The options of every report: the source-generated context's, with relaxed escaping.</summary>
    public static JsonSerializerOptions Options { get; } = new(ReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ReportJsonContext.Default,
    };

    /// <summary>The report as indented JSON (no trailing newline).</summary>
    public static string Serialize<T>(T report) => JsonSerializer.Serialize(report, TypeInfo<T>());

    /// <summary>The largest report file read (the largest report microtl writes, a scenario's, is under 1 MB).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Writes <see cref="Serialize"/> to <paramref name="path"/> atomically.</summary>
    public static void Write<T>(string path, T report) => AtomicFile.WriteAllText(path, Serialize(report));

    /// <summary>Reads a report of type <typeparamref name="T"/>; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="ReportFormatException">Not JSON, a required field missing, or a value of the wrong type; the message names <paramref name="origin"/> and the field.</exception>
    public static T Deserialize<T>(string json, string origin)
    {
        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo<T>()) ?? throw new ReportFormatException(origin, "", "is JSON null, not a report");
        }
        catch (JsonException e)
        {
            string path = FieldOf(e.Path);
            Match missing = MissingRequired().Match(e.Message);
            if (missing.Success)
                throw new ReportFormatException(origin, Join(path, missing.Groups[1].Value), "is missing");
            if (path.Length == 0)
            {
                string why = e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "the top level is not a JSON object" : FirstSentence(e.Message);
                throw new ReportFormatException(origin, "", $"is not a JSON report{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: {why}");
            }
            throw new ReportFormatException(origin, path, "has a value of the wrong type or out of range");
        }
    }

    /// <summary>Reads the file at <paramref name="path"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ReportFormatException">Unreadable, not JSON, or a field missing or wrong.</exception>
    public static T Read<T>(string path)
    {
        string text;
        try { text = BoundedFile.ReadAllText(path, MaxFileBytes, "report", $"the most a report file can be ({MaxFileBytes >> 20} MiB)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportFormatException(path, "", $"cannot be read: {e.Message}");
        }

        return Deserialize<T>(text, path);
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>?)Options.GetTypeInfo(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(ReportJsonContext)}");

    // "$.ops.training['steps']" or "$.rows[0].base" -> "ops.training.steps", "rows[0].base".
    private static string FieldOf(string? path) =>
        path is null or "$" ? "" : path.TrimStart('$').TrimStart('.').Replace("['", ".").Replace("']", "");

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingRequired();
}
