namespace MicroTL.Cli.Commands;

/// <summary>
/// Progress of long work on one stderr line, rewritten in place when stderr is a terminal and
/// printed at most every half second otherwise (so logs stay short).
/// </summary>
public sealed class ProgressLine(TextWriter stderr, bool quiet)
{
    private readonly bool _interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
    private DateTime _last = DateTime.MinValue;
    private string _pending = "";

    public void Report(string text)
    {
        if (quiet) return;
        _pending = text;
        if (DateTime.UtcNow - _last < TimeSpan.FromMilliseconds(500)) return;
        Flush();
    }

    /// <summary>Prints the last report and ends the line.</summary>
    public void Done()
    {
        if (quiet || _pending.Length == 0) return;
        Flush();
        if (_interactive) stderr.WriteLine();
    }

    private void Flush()
    {
        _last = DateTime.UtcNow;
        if (_interactive) stderr.Write($"\r{_pending,-100}");
        else stderr.WriteLine(_pending);
    }
}
