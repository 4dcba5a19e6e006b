namespace MicroTL.Cli;

/// <summary>Bad arguments: exit code 2 with the message and a hint.</summary>
public sealed class UsageException(string message, string hint) : Exception(message)
{
    /// <summary>What the user can do about it.</summary>
    public string Hint { get; } = hint;
}

/// <summary>An input file that does not match the model (wrong size, unreadable): exit code 2.</summary>
public sealed class InvalidInputException(string message, string hint) : Exception(message)
{
    /// <summary>What the user can do about it.</summary>
    public string Hint { get; } = hint;
}

/// <summary>The exit codes of the command-line contract (docs/DESIGN.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int BadInput = 2;
    public const int DoesNotFitDevice = 3;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
