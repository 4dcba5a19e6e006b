// The report's inline style sheet: plain, high-contrast, print-aware (no page breaks inside a
// chart, table or card row; no backgrounds that printers drop).
namespace MicroTL.Toolkit.Reporting;

/// <summary>CSS embedded in every report.</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; background: #fff; max-width: 980px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
        h1 { font-size: 1.8rem; margin: 0 0 .2rem; }
        .subtitle { color: #555; margin: 0 0 1rem; }
        h2 { font-size: 1.3rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2rem; }
        nav ol { margin: .5rem 0; padding-left: 1.5rem; columns: 2; }
        a { color: #0060A0; }
        .cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: .75rem 0; }
        .card { border: 1px solid #BBB; border-radius: 6px; padding: .6rem .9rem; flex: 1 1 10rem; }
        .card .label { font-size: .8rem; color: #555; text-transform: uppercase; letter-spacing: .03em; }
        .card .value { font-size: 1.4rem; font-weight: bold; font-variant-numeric: tabular-nums; }
        .card .detail { font-size: .8rem; color: #555; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; max-width: 100%; }
        caption { text-align: left; font-weight: bold; padding-bottom: .3rem; }
        th, td { border-bottom: 1px solid #DDD; padding: .3rem .7rem; text-align: left; vertical-align: top; }
        td.break { overflow-wrap: anywhere; } /* a cell with a long unbroken run (a source URL) breaks it instead of widening the page */
        th { border-bottom: 2px solid #222; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; } /* figures stay whole; long headers above them wrap */
        figure { margin: 1rem 0; }
        figure svg { max-width: 100%; height: auto; }
        .chart-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-start; } /* charts side by side, one under the other when narrow */
        .chart-row figcaption { flex-basis: 100%; }
        figcaption { font-size: .9rem; color: #555; }
        footer { margin-top: 3rem; border-top: 1px solid #DDD; padding-top: .5rem; font-size: .8rem; color: #666; }
        @media print {
          body { max-width: none; margin: 0; }
          nav { display: none; }
          figure, table, .cards { break-inside: avoid; }
          h2 { break-after: avoid; }
        }
        @page { margin: 1.5cm; }

        """;
}
