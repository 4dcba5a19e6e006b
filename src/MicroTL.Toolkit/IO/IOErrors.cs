using System.Text.RegularExpressions;

namespace MicroTL.Toolkit.IO;

/// <summary>The reason of a file system failure in a few plain words, without .NET's wording around it.</summary>
internal static partial class IOErrors
{
    /// <summary>"no space left on the device", "read-only file system", "permission denied", or the system's own message.</summary>
    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException { HResult: 28 } or IOException { HResult: unchecked((int)0x80070070) } => "no space left on the device",
        IOException { HResult: 30 } => "read-only file system",
        IOException { HResult: 5 } => "input/output error",
        IOException { HResult: 32 } => "the pipe was closed by its reader",
        _ => PathSuffix().Replace(e.Message, "").TrimEnd('.', ' '),
    };

    /// <summary>The reason of an errno from a libc call.</summary>
    public static string Reason(int errno) => errno switch
    {
        13 or 1 => "permission denied",
        30 => "read-only file system",
        2 => "it does not exist",
        20 => "a part of the path is not a folder",
        _ => $"error {errno}",
    };

    // .NET appends " : 'PATH'" to errno messages on Unix.
    [GeneratedRegex(" : '[^']*'$")]
    private static partial Regex PathSuffix();
}
