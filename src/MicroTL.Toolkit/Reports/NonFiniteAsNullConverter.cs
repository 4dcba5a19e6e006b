// JSON has no NaN or Infinity. A measured value that does not exist (no validation split, no run reached
// an epoch) is NaN in memory and null in a report; reading null back gives NaN.
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroTL.Toolkit.Reports;

/// <summary>Writes a non-finite <see cref="double"/> or <see cref="float"/> as <c>null</c> and reads <c>null</c> as NaN.</summary>
/// <typeparam name="T"><see cref="double"/> or <see cref="float"/>.</typeparam>
public sealed class NonFiniteAsNullConverter<T> : JsonConverter<T> where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Null tokens reach <see cref="Read"/>, which turns them into NaN.</summary>
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return T.NaN;
        if (typeof(T) == typeof(float)) return (T)(object)reader.GetSingle();
        return (T)(object)reader.GetDouble();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (!T.IsFinite(value)) writer.WriteNullValue();
        else if (value is float f) writer.WriteNumberValue(f);
        else writer.WriteNumberValue((double)(object)value);
    }
}
