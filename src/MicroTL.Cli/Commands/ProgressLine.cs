namespace MicroTL.Cli.Commands;

/// <summary>
/// Progress of long work on stderr. On a terminal one line is rewritten in place; otherwise (a CI log, <c>2&gt;file</c>) lines are
/// printed at most every <see cref="LogInterval"/>, and never the same line twice. A counted step (<see cref="Count"/>) always shows
/// its first and last count, so a log says where a phase began and that it ended.
/// </summary>
public sealed class ProgressLine(TextWriter stderr, bool quiet)
{
    /// <summary>Least time between two lines in a log (on a terminal, between two rewrites).</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private readonly bool _interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
    private DateTime _last = DateTime.MinValue;
    private string _pending = "";
    private string _printed = "";
    private bool _lineOpen;

    /// <summary>A new state of the work (e.g. an epoch's figures); shown now or at the next chance, and by <see cref="Done"/> at the latest.</summary>
    public void Report(string text)
    {
        if (quiet) return;
        _pending = text;
        if (DateTime.UtcNow - _last >= (_interactive ? TerminalInterval : LogInterval)) Flush();
    }

    /// <summary>
    /// <paramref name="done"/> of <paramref name="total"/> items of a phase, as "<paramref name="what"/> done/total": the first and the last
    /// count are always shown (the last ends the phase's line), the ones between as <see cref="Report"/> shows them.
    /// </summary>
    public void Count(string what, int done, int total)
    {
        if (quiet) return;
        _pending = $"{what} {done}/{total}";
        if (done >= total)
        {
            Flush();
            EndLine();
        }
        else if (done <= 1)
        {
            Flush();
        }
        else
        {
            Report(_pending);
        }
    }

    /// <summary>Shows the last report if it has not been shown yet and ends the line.</summary>
    public void Done()
    {
        if (quiet) return;
        if (_pending.Length > 0 && _pending != _printed) Flush();
        EndLine();
    }

    private void Flush()
    {
        if (_pending == _printed) return;
        _last = DateTime.UtcNow;
        _printed = _pending;
        if (_interactive)
        {
            stderr.Write($"\r{_pending,-100}");
            _lineOpen = true;
        }
        else
        {
            stderr.WriteLine(_pending);
        }
    }

    private void EndLine()
    {
        if (_interactive && _lineOpen) stderr.WriteLine();
        _lineOpen = false;
    }
}
