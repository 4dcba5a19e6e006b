using System.Runtime.InteropServices;

namespace MicroTL.Toolkit.IO;

/// <summary>
/// Flushes a directory's entries to the disk, so that a rename just done survives a power loss
/// (POSIX: fsync on the directory). .NET has no call for it, so on Linux and macOS this opens the
/// directory read-only through libc and fsyncs it; elsewhere (NTFS journals the rename) it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Best effort: a file system that cannot sync a directory (some return EINVAL) is not an error.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0) return;
        _ = FSync(descriptor);
        _ = Close(descriptor);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
