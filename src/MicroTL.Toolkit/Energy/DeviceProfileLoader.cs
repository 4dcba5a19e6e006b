using System.Reflection;
using System.Text.Json;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Energy;

/// <summary>
/// Reads device profiles: the built-in ones (JSON files embedded in this assembly) and a user's own
/// file of the same form: <c>{"name": ..., "description": ..., "clockHz": {"value": 64000000, "source": "..."}, ...}</c>.
/// </summary>
public static class DeviceProfileLoader
{
    /// <summary>The name used when none is given: the paper's board.</summary>
    public const string DefaultName = "nrf52840";

    private const string ResourcePrefix = "MicroTL.Energy.Profiles.";

    /// <summary>The largest profile file read (a profile is about 3 KB).</summary>
    public const long MaxFileBytes = 1L << 20;

    private static readonly Lazy<IReadOnlyList<DeviceProfile>> BuiltInProfiles = new(LoadBuiltIn);

    /// <summary>Every built-in profile, the default first.</summary>
    public static IReadOnlyList<DeviceProfile> BuiltIn => BuiltInProfiles.Value;

    /// <summary>The default profile (<see cref="DefaultName"/>).</summary>
    public static DeviceProfile Default => BuiltIn[0];

    /// <summary>A built-in profile by name (case-insensitive), or null.</summary>
    public static DeviceProfile? Find(string name) =>
        BuiltIn.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A built-in profile by name, else a profile file at that path.</summary>
    /// <exception cref="DeviceProfileException">Neither a known name nor a readable, valid profile file.</exception>
    public static DeviceProfile Resolve(string nameOrPath)
    {
        if (Find(nameOrPath) is { } builtIn) return builtIn;
        if (!File.Exists(nameOrPath) && !Directory.Exists(nameOrPath))
            throw new DeviceProfileException(
                $"unknown device '{nameOrPath}': not a built-in profile ({string.Join(", ", BuiltIn.Select(p => p.Name))}) and no such file");
        return LoadFile(nameOrPath);
    }

    /// <summary>Reads and checks a profile file.</summary>
    /// <exception cref="DeviceProfileException">The file is not valid JSON or a field is missing or out of range.</exception>
    public static DeviceProfile LoadFile(string path)
    {
        string text;
        try { text = BoundedFile.ReadAllText(path, MaxFileBytes, "device profile", $"the most a profile file can be ({MaxFileBytes >> 20} MiB)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeviceProfileException(e is FilePathException or InputTooLargeException or FileNotFoundException ? e.Message : $"device profile {path}: cannot read: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses and checks profile JSON; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="DeviceProfileException">Not valid JSON, or a field is missing or out of range.</exception>
    public static DeviceProfile Parse(string json, string origin)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new DeviceProfileException($"device profile {origin}: not valid JSON: {e.Message}"); }

        using (document)
        {
            JsonElement root = document.RootElement;
            // `energy --list-devices --json` prints an array: a file of one of its elements (or the array cut to one) is a profile too.
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 1) root = root[0];
            if (root.ValueKind == JsonValueKind.Array)
                throw new DeviceProfileException($"device profile {origin}: the file holds a list of {root.GetArrayLength()} profiles, a profile file holds one JSON object "
                    + $"(keep one, e.g. from 'microtl energy --list-devices --device {DefaultName} --json')");
            if (root.ValueKind != JsonValueKind.Object)
                throw new DeviceProfileException($"device profile {origin}: the top level must be a JSON object");
            string name = Text(root, "name", origin);
            string description = root.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            var values = new Dictionary<string, SourcedValue>(StringComparer.Ordinal);
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name is "name" or "description") continue;
                values[p.Name] = Value(p, origin);
            }

            return new DeviceProfile(name, description, values, origin);
        }
    }

    private static SourcedValue Value(JsonProperty p, string origin)
    {
        string where = $"device profile {origin}: field '{p.Name}'";
        if (p.Value.ValueKind != JsonValueKind.Object
            || !p.Value.TryGetProperty("value", out JsonElement v)
            || !p.Value.TryGetProperty("source", out JsonElement s))
            throw new DeviceProfileException($"{where} must be an object {{\"value\": NUMBER, \"source\": \"...\"}}");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double value))
            throw new DeviceProfileException($"{where}: 'value' must be a number");
        if (s.ValueKind != JsonValueKind.String)
            throw new DeviceProfileException($"{where}: 'source' must be a string naming where the number comes from");
        return new SourcedValue(value, s.GetString()!);
    }

    private static string Text(JsonElement root, string property, string origin) =>
        root.TryGetProperty(property, out JsonElement e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } text
            ? text
            : throw new DeviceProfileException($"device profile {origin}: field '{property}' is missing (a non-empty string)");

    private static IReadOnlyList<DeviceProfile> LoadBuiltIn()
    {
        Assembly assembly = typeof(DeviceProfileLoader).Assembly;
        var profiles = new List<DeviceProfile>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order())
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            profiles.Add(Parse(reader.ReadToEnd(), $"built-in {resource[ResourcePrefix.Length..]}"));
        }

        // The default goes first so lists and sweeps start from the paper's board.
        return [.. profiles.OrderBy(p => p.Name == DefaultName ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }
}
