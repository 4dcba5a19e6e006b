// `microtl energy --list-devices --json`: each profile in the form of a profile file, so a user can copy one,
// edit it and pass it as --device FILE: {"name", "description", "<field>": {"value", "source"}, ...}.
using System.Text.Json;
using System.Text.Json.Serialization;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Reports;

/// <summary>A device profile as a JSON object: name, description, then every value with its source.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="Description">What the board is.</param>
/// <param name="Values">Each field (camelCase name) with its value and source, in the profile's order.</param>
[JsonConverter(typeof(DeviceProfileDocumentConverter))]
public sealed record DeviceProfileDocument(string Name, string Description, IReadOnlyList<KeyValuePair<string, SourcedValueReport>> Values)
{
    /// <summary>The document of <paramref name="p"/>.</summary>
    public static DeviceProfileDocument From(DeviceProfile p) =>
        new(p.Name, p.Description, [.. p.Values.Select(v => KeyValuePair.Create(v.Field.Name, new SourcedValueReport(v.Value.Value, v.Value.Source)))]);
}

/// <summary>Flattens <see cref="DeviceProfileDocument.Values"/> into the object, as profile files have them.</summary>
public sealed class DeviceProfileDocumentConverter : JsonConverter<DeviceProfileDocument>
{
    /// <inheritdoc />
    public override DeviceProfileDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a device profile is a JSON object");
        string? name = null, description = null;
        var values = new List<KeyValuePair<string, SourcedValueReport>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            reader.Read();
            if (property == "name") name = reader.GetString();
            else if (property == "description") description = reader.GetString();
            else values.Add(KeyValuePair.Create(property, ReadValue(ref reader, property)));
        }

        return new DeviceProfileDocument(name ?? throw new JsonException("a device profile needs a 'name'"), description ?? "", values);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DeviceProfileDocument value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("description", value.Description);
        foreach ((string field, SourcedValueReport v) in value.Values)
        {
            writer.WriteStartObject(field);
            writer.WriteNumber("value", v.Value);
            writer.WriteString("source", v.Source);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static SourcedValueReport ReadValue(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"field '{field}' must be an object {{\"value\": NUMBER, \"source\": \"...\"}}");
        double? value = null;
        string? source = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            reader.Read();
            if (property == "value") value = reader.GetDouble();
            else if (property == "source") source = reader.GetString();
            else reader.Skip();
        }

        return new SourcedValueReport(value ?? throw new JsonException($"field '{field}' has no 'value'"), source ?? throw new JsonException($"field '{field}' has no 'source'"));
    }
}
