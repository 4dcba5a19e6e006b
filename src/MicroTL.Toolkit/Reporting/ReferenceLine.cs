// A labelled constant drawn across a chart, e.g. the 256 KB RAM budget or the chance accuracy.
namespace MicroTL.Toolkit.Reporting;

/// <summary>A dashed line at <paramref name="Value"/> on the value axis, with a label.</summary>
/// <param name="Label">Text drawn beside the line.</param>
/// <param name="Value">Position on the value axis; the axis range always includes it. Non-finite values are not drawn.</param>
/// <param name="LabelAtStart">Draw the label at the start of the line (left) instead of its end, so two lines close together keep
/// their labels apart.</param>
public sealed record ReferenceLine(string Label, double Value, bool LabelAtStart = false);
