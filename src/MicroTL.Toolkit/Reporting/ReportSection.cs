// One headed section of an HtmlReport: paragraphs, summary cards, tables and charts, in the order added.
using System.Text;

namespace MicroTL.Toolkit.Reporting;

/// <summary>
/// A section of a report. Blocks render when the report does, so a table or chart can still be
/// filled after it is added.
/// </summary>
public sealed class ReportSection
{
    private readonly List<Func<string>> _blocks = [];

    internal ReportSection(string heading, string id)
    {
        Heading = heading ?? string.Empty;
        Id = id;
    }

    /// <summary>The section heading.</summary>
    public string Heading { get; }

    /// <summary>The HTML id of the section, the target of the contents list.</summary>
    public string Id { get; }

    /// <summary>Adds a paragraph of plain text (escaped; no markup is interpreted).</summary>
    public ReportSection Paragraph(string text)
    {
        string html = $"<p>{Markup.Escape(text)}</p>";
        _blocks.Add(() => html);
        return this;
    }

    /// <summary>Adds a row of summary cards.</summary>
    public ReportSection Cards(params SummaryCard[] cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        SummaryCard[] copy = (SummaryCard[])cards.Clone();
        _blocks.Add(() => CardsHtml(copy));
        return this;
    }

    /// <summary>Adds a table.</summary>
    public ReportSection Table(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _blocks.Add(table.ToHtml);
        return this;
    }

    /// <summary>Adds a chart as inline SVG in a figure, with an optional caption under it.</summary>
    public ReportSection Chart(ISvgChart chart, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        _blocks.Add(() => string.IsNullOrEmpty(caption)
            ? $"<figure>{chart.ToSvg()}</figure>"
            : $"<figure>{chart.ToSvg()}<figcaption>{Markup.Escape(caption)}</figcaption></figure>");
        return this;
    }

    /// <summary>
    /// Adds charts side by side in one figure (one under the other when the page is narrow), with an optional caption under
    /// them: panels of one comparison, e.g. both ways at a common scale beside the smaller one at its own.
    /// </summary>
    public ReportSection ChartRow(string? caption, params ISvgChart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        ISvgChart[] copy = (ISvgChart[])charts.Clone();
        _blocks.Add(() =>
        {
            var html = new StringBuilder("<figure class=\"chart-row\">");
            foreach (ISvgChart chart in copy) html.Append(chart.ToSvg());
            if (!string.IsNullOrEmpty(caption)) html.Append("<figcaption>").Append(Markup.Escape(caption)).Append("</figcaption>");
            return html.Append("</figure>").ToString();
        });
        return this;
    }

    internal void WriteTo(StringBuilder html)
    {
        html.Append($"<section id=\"{Id}\"><h2>{Markup.Escape(Heading)}</h2>\n");
        foreach (Func<string> block in _blocks) html.Append(block()).Append('\n');
        html.Append("</section>\n");
    }

    private static string CardsHtml(IEnumerable<SummaryCard> cards)
    {
        var html = new StringBuilder("<div class=\"cards\">");
        foreach (SummaryCard card in cards)
        {
            html.Append("<div class=\"card\"><div class=\"label\">").Append(Markup.Escape(card.Label))
                .Append("</div><div class=\"value\">").Append(Markup.Escape(card.Value)).Append("</div>");
            if (!string.IsNullOrEmpty(card.Detail)) html.Append("<div class=\"detail\">").Append(Markup.Escape(card.Detail)).Append("</div>");
            html.Append("</div>");
        }

        return html.Append("</div>").ToString();
    }
}
