// Measures a report's layout in headless Chromium at a given window width: a copy of the page, without its
// Content-Security-Policy and with a small script appended, writes the page's scroll width, the viewport's
// width and the elements that reach past it into the DOM, which --dump-dom prints. (The report itself
// carries no script; only this probe's copy does.)
using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroTL.Toolkit.Tests.Reporting;

/// <summary>The horizontal layout of a report page at a window width.</summary>
/// <param name="ScrollWidth">document.documentElement.scrollWidth.</param>
/// <param name="ViewportWidth">document.documentElement.clientWidth.</param>
/// <param name="Overflowing">The first elements whose right edge is past the viewport (tag, class, right edge, text).</param>
internal sealed record PageLayout(int ScrollWidth, int ViewportWidth, IReadOnlyList<string> Overflowing)
{
    private const string Probe = """
        <script>
        (function () {
          var vw = document.documentElement.clientWidth, out = [];
          document.querySelectorAll('body *').forEach(function (e) {
            var r = e.getBoundingClientRect();
            if (r.right > vw + 0.5 && out.length < 8) out.push(e.tagName + '.' + e.className + ' right=' + Math.round(r.right) + ' ' + (e.textContent || '').slice(0, 60));
          });
          var p = document.createElement('pre');
          p.id = 'layout-probe';
          p.textContent = 'scrollWidth=' + document.documentElement.scrollWidth + ' clientWidth=' + vw + '\n' + out.join('\n');
          document.body.appendChild(p);
        })();
        </script>
        """;

    /// <summary>Loads <paramref name="html"/> in Chromium <paramref name="width"/> pixels wide and reads its layout.</summary>
    public static async Task<PageLayout> MeasureAsync(string html, string directory, int width = 1280)
    {
        string probed = Regex.Replace(html, "<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "").Replace("</body>", Probe + "</body>", StringComparison.Ordinal);
        string path = Path.Combine(directory, $"layout-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, probed);
        (int exitCode, string dom, string errors) = await HeadlessChromium.RunAsync(new Uri(path).AbsoluteUri, "--dump-dom", $"--window-size={width},900");
        Assert.True(exitCode == 0, $"chromium exit {exitCode}: {errors}");
        Match m = Regex.Match(dom, "<pre id=\"layout-probe\">scrollWidth=(\\d+) clientWidth=(\\d+)\\n?(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(m.Success, "the probe did not run: " + dom[..Math.Min(dom.Length, 300)]);
        return new PageLayout(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            [.. m.Groups[3].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>Asserts the page is no wider than the window: no horizontal scroll bar.</summary>
    public void AssertNoHorizontalOverflow(string what) =>
        Assert.True(ScrollWidth <= ViewportWidth, $"{what}: the page is {ScrollWidth} px wide in a {ViewportWidth} px window; past it: {string.Join(" | ", Overflowing)}");
}
