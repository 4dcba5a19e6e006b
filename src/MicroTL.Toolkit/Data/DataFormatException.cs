namespace MicroTL.Toolkit.Data;

/// <summary>A data file that cannot be used: the message names the file, the line or field, and what is wrong.</summary>
public sealed class DataFormatException(string message) : Exception(message);
