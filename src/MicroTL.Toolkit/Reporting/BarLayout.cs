// How the series of one category of a bar chart share its place.
namespace MicroTL.Toolkit.Reporting;

/// <summary>Placement of the series' bars within a category.</summary>
public enum BarLayout
{
    /// <summary>One bar per series, side by side.</summary>
    Grouped,

    /// <summary>One bar per category, the series stacked end to end (positive values up or right from zero, negative values down or left), labelled with the total.</summary>
    Stacked,
}
