namespace MicroTL.Toolkit.Reports;

/// <summary>A report file that is not JSON or lacks a field or holds a wrong value; the message names the file and the field.</summary>
/// <param name="origin">The file (or resource) read.</param>
/// <param name="field">The field's path, dotted (<c>workload.samples</c>), or empty for the whole document.</param>
/// <param name="problem">What is wrong with it.</param>
public sealed class ReportFormatException(string origin, string field, string problem)
    : Exception(field.Length > 0 ? $"{origin}: field '{field}' {problem}" : $"{origin}: {problem}")
{
    /// <summary>The file (or resource) read.</summary>
    public string Origin { get; } = origin;

    /// <summary>The field's dotted path, or empty for the whole document.</summary>
    public string Field { get; } = field;
}
