// Which way the bars of a bar chart run.
namespace MicroTL.Toolkit.Reporting;

/// <summary>Direction of the bars.</summary>
public enum BarOrientation
{
    /// <summary>Bars rise from a horizontal category axis; the value axis is vertical.</summary>
    Vertical,

    /// <summary>Bars extend right from a vertical category axis; good for long category names.</summary>
    Horizontal,
}
