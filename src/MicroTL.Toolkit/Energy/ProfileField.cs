namespace MicroTL.Toolkit.Energy;

/// <summary>What values a profile field accepts.</summary>
public enum FieldRule
{
    /// <summary>Finite and &gt; 0 (a rate, a size, a current while active).</summary>
    Positive,

    /// <summary>Finite and &gt;= 0 (an overhead that may be absent).</summary>
    NonNegative,

    /// <summary>Finite, in [0, 1) (a loss probability).</summary>
    Probability,
}

/// <summary>One numeric field of a device profile: its JSON name, unit and the values it accepts.</summary>
/// <param name="Name">JSON property name, camelCase.</param>
/// <param name="Unit">Unit, for people (the name carries it too).</param>
/// <param name="Rule">Accepted values.</param>
public sealed record ProfileField(string Name, string Unit, FieldRule Rule)
{
    /// <summary>Null when <paramref name="value"/> is acceptable, else why not.</summary>
    public string? Check(double value) => Rule switch
    {
        _ when !double.IsFinite(value) => $"is {value}; must be a finite number",
        FieldRule.Positive when value <= 0 => $"is {value}; must be > 0",
        FieldRule.NonNegative when value < 0 => $"is {value}; must be >= 0",
        FieldRule.Probability when value is < 0 or >= 1 => $"is {value}; must be in [0, 1)",
        _ => null,
    };
}
