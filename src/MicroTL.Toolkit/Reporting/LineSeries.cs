// One named curve of a line chart, optionally with an error whisker (low to high) at each point.
namespace MicroTL.Toolkit.Reporting;

/// <summary>A named sequence of (x, y) points, drawn in the given order.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">The points; a non-finite coordinate (or x ≤ 0 on a log axis) leaves a gap in the line.</param>
/// <param name="Whiskers">Null for none, else one (low, high) per point, drawn as a vertical bar with caps (e.g. mean ± sd);
/// a non-finite end leaves that point without a whisker.</param>
public sealed record LineSeries(string Name, IReadOnlyList<(double X, double Y)> Points, IReadOnlyList<(double Low, double High)>? Whiskers = null);
