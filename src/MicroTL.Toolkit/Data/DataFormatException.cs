namespace MicroTL.Toolkit.Data;

/// <summary>A data file that cannot be used: the message names the file, the line or field, and what is wrong.</summary>
/// <param name="message">What is wrong, naming the file and the line or field.</param>
/// <param name="hint">What the user can do about it, when the thrower knows better than a generic hint (null: none).</param>
public sealed class DataFormatException(string message, string? hint = null) : Exception(message)
{
    /// <summary>What the user can do about it; null when the message alone says it.</summary>
    public string? Hint { get; } = hint;
}
