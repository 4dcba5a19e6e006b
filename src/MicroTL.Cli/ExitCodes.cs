namespace MicroTL.Cli;

/// <summary>The exit codes of the command-line contract (docs/DESIGN.md); scripts rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The work was done.</summary>
    public const int Success = 0;

    /// <summary>Anything unexpected: a bug, not the user's input (rerun with --verbose and report it).</summary>
    public const int Unexpected = 1;

    /// <summary>Bad input: arguments, model or data; one <c>error:</c> and one <c>hint:</c> line on stderr.</summary>
    public const int BadInput = 2;

    /// <summary>The work does not fit the device's RAM or flash; the message names the components and bytes.</summary>
    public const int DoesNotFitDevice = 3;

    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it); nothing was written.</summary>
    public const int Interrupted = 130;
}
