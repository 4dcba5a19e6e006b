namespace MicroTL.Cli;

/// <summary>
/// A failure the command reports to the user: one <c>error:</c> line with <see cref="Exception.Message"/>, one
/// <c>hint:</c> line with <see cref="Hint"/>, and <see cref="ExitCode"/> (bad input unless said otherwise).
/// The command's own checks of the user's arguments and files throw it; <see cref="ErrorReport"/> maps the
/// library's known exceptions to the same shape.
/// </summary>
/// <param name="message">What is wrong, with the names and numbers involved.</param>
/// <param name="hint">What the user can do about it.</param>
/// <param name="exitCode">The exit code (<see cref="ExitCodes"/>).</param>
public sealed class CliException(string message, string hint, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    /// <summary>What the user can do about it.</summary>
    public string Hint { get; } = hint;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
