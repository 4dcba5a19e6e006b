namespace MicroTL.Toolkit.Experiments;

/// <summary>A data selection that names something the data set does not have: the message says what exists, the hint what to do.</summary>
public sealed class SelectionException(string message, string hint) : Exception(message)
{
    /// <summary>What the user can do about it.</summary>
    public string Hint { get; } = hint;
}
