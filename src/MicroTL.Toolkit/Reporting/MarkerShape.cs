// The marker shapes a line chart cycles through, one per series (see Palette.Marker).
namespace MicroTL.Toolkit.Reporting;

/// <summary>Point marker drawn on a line chart.</summary>
public enum MarkerShape
{
    /// <summary>A filled circle.</summary>
    Circle,

    /// <summary>A filled square.</summary>
    Square,

    /// <summary>A filled triangle, apex up.</summary>
    Triangle,

    /// <summary>A filled diamond.</summary>
    Diamond,
}
