namespace MicroTL.Cli.Commands;

/// <summary>Turns Ctrl-C into a cancellation request for the duration of a command (the process is not killed).</summary>
public sealed class InterruptScope : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    public InterruptScope()
    {
        _handler = (_, e) => { e.Cancel = true; _source.Cancel(); };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Signalled by Ctrl-C.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
