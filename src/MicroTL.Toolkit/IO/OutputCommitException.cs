namespace MicroTL.Toolkit.IO;

/// <summary>
/// Writing a command's outputs failed (a full disk, an I/O error, a pipe closed). The message says which files were
/// written (complete, each replaced atomically) and which were not (each left as it was).
/// </summary>
/// <param name="message">What failed and what was written.</param>
/// <param name="written">The files written in full before the failure.</param>
/// <param name="notWritten">The files left as they were.</param>
/// <param name="inner">The failure.</param>
public sealed class OutputCommitException(string message, IReadOnlyList<string> written, IReadOnlyList<string> notWritten, Exception inner)
    : IOException(message, inner)
{
    /// <summary>The files written in full before the failure.</summary>
    public IReadOnlyList<string> Written { get; } = written;

    /// <summary>The files left as they were.</summary>
    public IReadOnlyList<string> NotWritten { get; } = notWritten;
}
