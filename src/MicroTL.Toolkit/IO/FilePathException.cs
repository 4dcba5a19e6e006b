namespace MicroTL.Toolkit.IO;

/// <summary>
/// A path a command cannot use for what it is given for, found before any work: an input that is a folder or missing,
/// an output that is a folder or a device that cannot be written in place, a folder that does not exist or cannot be
/// written, or two of a command's paths that name the same file. The message names the path and its role.
/// </summary>
public sealed class FilePathException(string message) : IOException(message);
