namespace MicroTL.Toolkit.IO;

/// <summary>Another process holds the lock of a file this one would write (a store, an output): nothing was changed.</summary>
/// <param name="message">Names the file and the lock.</param>
/// <param name="path">The file.</param>
/// <param name="lockPath">The lock file held by the other process.</param>
public sealed class FileInUseException(string message, string path, string lockPath) : IOException(message)
{
    /// <summary>The file another process is writing.</summary>
    public string FilePath { get; } = path;

    /// <summary>The lock file the other process holds.</summary>
    public string LockPath { get; } = lockPath;
}
