// The one thing a report needs from a chart: its SVG text.
namespace MicroTL.Toolkit.Reporting;

/// <summary>A chart that renders itself as a standalone SVG element.</summary>
public interface ISvgChart
{
    /// <summary>Title shown above the chart and used as its accessible name.</summary>
    string Title { get; }

    /// <summary>
    /// A complete <c>&lt;svg&gt;</c> element with its own fonts and colours (no CSS needed), well-formed
    /// XML, for inline use in HTML or as an <c>.svg</c> file.
    /// </summary>
    string ToSvg();
}
