// One named curve of a line chart.
namespace MicroTL.Toolkit.Reporting;

/// <summary>A named sequence of (x, y) points, drawn in the given order.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">The points; a non-finite coordinate (or x ≤ 0 on a log axis) leaves a gap in the line.</param>
public sealed record LineSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
