// A self-contained HTML report: one file with inline CSS and inline SVG charts, no scripts and
// no external resources (a Content-Security-Policy forbids both), readable on screen and in print.
using System.Text;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Reporting;

/// <summary>
/// Builds a report of headed sections (paragraphs, summary cards, tables, charts) and writes it
/// as one HTML file. All text is escaped; all numbers are formatted in the invariant culture.
/// </summary>
/// <example>
/// <code>
/// var report = new HtmlReport("MicroTL demo", "WISDM, nRF52840");
/// report.AddSection("Summary").Cards(SummaryCard.Of("Accuracy", 91.25, 1, "%"));
/// report.AddSection("Accuracy per epoch").Chart(accuracyChart, "Validation accuracy of the head.");
/// report.Write("out/report.html");
/// </code>
/// </example>
public sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];

    /// <summary>A report with a title and an optional subtitle under it.</summary>
    public HtmlReport(string title, string? subtitle = null)
    {
        Title = title ?? string.Empty;
        Subtitle = subtitle ?? string.Empty;
    }

    /// <summary>Title of the page and its first heading.</summary>
    public string Title { get; }

    /// <summary>Line under the title; empty for none.</summary>
    public string Subtitle { get; }

    /// <summary>Small print at the end (e.g. the command and version that made the report); empty for none.</summary>
    public string Footer { get; set; } = string.Empty;

    /// <summary>The sections, in order.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Adds a section and returns it, to fill with content.</summary>
    public ReportSection AddSection(string heading)
    {
        var section = new ReportSection(heading, $"section-{_sections.Count + 1}");
        _sections.Add(section);
        return section;
    }

    /// <summary>The whole document.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"MicroTL\">\n")
            .Append($"<title>{Markup.Escape(Title)}</title>\n<style>\n{ReportStyle.Css}</style>\n</head>\n<body>\n")
            .Append($"<header><h1>{Markup.Escape(Title)}</h1>");
        if (Subtitle.Length > 0) html.Append($"<p class=\"subtitle\">{Markup.Escape(Subtitle)}</p>");
        html.Append("</header>\n");
        if (_sections.Count >= 3) AppendContents(html);
        html.Append("<main>\n");
        foreach (ReportSection section in _sections) section.WriteTo(html);
        html.Append("</main>\n");
        if (Footer.Length > 0) html.Append($"<footer>{Markup.Escape(Footer)}</footer>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>Writes the document as UTF-8 to <paramref name="path"/>, atomically (the old file or the new one, never a torn mix).</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, ToHtml());
    }

    private void AppendContents(StringBuilder html)
    {
        html.Append("<nav><ol>");
        foreach (ReportSection section in _sections) html.Append($"<li><a href=\"#{section.Id}\">{Markup.Escape(section.Heading)}</a></li>");
        html.Append("</ol></nav>\n");
    }
}
