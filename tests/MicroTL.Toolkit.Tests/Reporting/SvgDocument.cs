// Reads rendered SVG back as XML for the chart tests: parsing it is itself the well-formedness check.
using System.Globalization;
using System.Xml.Linq;

namespace MicroTL.Toolkit.Tests.Reporting;

/// <summary>A parsed chart with helpers to find its parts.</summary>
internal sealed class SvgDocument
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public SvgDocument(string svg)
    {
        Root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", Root.Name);
    }

    public XElement Root { get; }

    public IEnumerable<XElement> All(string name) => Root.Descendants(Svg + name);

    /// <summary>Elements inside the groups of the given class.</summary>
    public IEnumerable<XElement> InGroup(string cssClass, string name) =>
        All("g").Where(g => (string?)g.Attribute("class") == cssClass).SelectMany(g => g.Descendants(Svg + name));

    public IReadOnlyList<string> Texts(string cssClass) => InGroup(cssClass, "text").Select(text => text.Value).ToList();

    public IReadOnlyList<string> AllTexts() => All("text").Select(text => text.Value).ToList();

    public (double Left, double Top, double Right, double Bottom) PlotArea()
    {
        XElement rect = All("rect").Single(r => (string?)r.Attribute("data-role") == "plot-area");
        double x = Number(rect, "x"), y = Number(rect, "y");
        return (x, y, x + Number(rect, "width"), y + Number(rect, "height"));
    }

    /// <summary>The pixel points of every polyline of a series.</summary>
    public IReadOnlyList<(double X, double Y)> PolylinePoints(int series) =>
        All("polyline").Where(line => (string?)line.Attribute("data-series") == series.ToString(CultureInfo.InvariantCulture))
            .SelectMany(line => ((string)line.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split(','))
            .Select(parts => (Parse(parts[0]), Parse(parts[1])))
            .ToList();

    public static double Number(XElement element, string attribute) => Parse((string)element.Attribute(attribute)!);

    /// <summary>Parses invariantly only: a comma decimal in the output would fail here.</summary>
    public static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
