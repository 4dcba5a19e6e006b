// One look at a path before a command reads or writes it: what it is (a regular file, a folder, a device, a pipe,
// nothing), where a symbolic link leads, and an identity under which two names of one file (a link, a hard link,
// "./x" and "x") compare equal. On Linux from statx(2); elsewhere from .NET's view, which cannot tell a device
// from a file (both are taken for regular files there) and compares paths instead of inodes.
namespace MicroTL.Toolkit.IO;

/// <summary>What <see cref="Path"/> names now.</summary>
/// <param name="Path">The path as given.</param>
/// <param name="Kind">What it names, links followed.</param>
/// <param name="IsSymbolicLink">True when <see cref="Path"/> itself is a symbolic link.</param>
/// <param name="TargetPath">The full path of what a writer replaces: the path itself, or for a link the final target (which may not exist yet).</param>
/// <param name="Identity">The same text for every name of one existing file (device and inode on Linux, else the full target path); for a missing file its full target path.</param>
public sealed record FileNode(string Path, FileNodeKind Kind, bool IsSymbolicLink, string TargetPath, string Identity)
{
    /// <summary>Looks at <paramref name="path"/>.</summary>
    /// <exception cref="FilePathException">The path is empty or not a valid path.</exception>
    public static FileNode Of(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new FilePathException("an empty path names no file");
        string full;
        try { full = System.IO.Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new FilePathException($"'{Excerpt.Of(path)}' is not a valid path");
        }

        bool isLink = IsLink(full);
        string target = isLink ? FinalTarget(full) : full;
        return UnixFileStatus.Available ? OfUnix(path, full, isLink, target) : OfDotNet(path, isLink, target);
    }

    /// <summary>
    /// True for what is written to in place rather than replaced: a character device (<c>/dev/null</c>, a terminal), a pipe,
    /// or one of this process's open descriptors (<c>/dev/stdout</c>, <c>/dev/fd/N</c>), whatever it leads to: a shell's
    /// <c>&gt; file</c> is written through, not replaced behind the shell's back.
    /// </summary>
    public bool IsStream => Kind is FileNodeKind.CharacterDevice or FileNodeKind.Pipe || Descriptor is not null;

    /// <summary>The descriptor of this process the path names (<c>/dev/stdout</c> 1, <c>/dev/stderr</c> 2, <c>/dev/fd/N</c>, <c>/proc/self/fd/N</c>), else null.</summary>
    public int? Descriptor => OperatingSystem.IsWindows() ? null : DescriptorOf(System.IO.Path.GetFullPath(Path));

    /// <summary>"a folder", "a character device", ...: for messages.</summary>
    public string KindName => Kind switch
    {
        FileNodeKind.Missing => "nothing",
        FileNodeKind.RegularFile => "a file",
        FileNodeKind.Directory => "a folder",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.Pipe => "a pipe",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.Socket => "a socket",
        _ => "unreachable (a folder on the way cannot be searched)",
    };

    private static FileNode OfUnix(string path, string full, bool isLink, string target)
    {
        if (UnixFileStatus.Stat(full, followLinks: true, out int errno) is not { } status)
        {
            // ENOENT or ENOTDIR: nothing there (a dangling link included); EACCES and the like: cannot tell.
            FileNodeKind missing = errno is 2 or 20 ? FileNodeKind.Missing : FileNodeKind.Unreachable;
            return new FileNode(path, missing, isLink, target, target);
        }

        FileNodeKind kind = status.Type switch
        {
            UnixFileType.RegularFile => FileNodeKind.RegularFile,
            UnixFileType.Directory => FileNodeKind.Directory,
            UnixFileType.CharacterDevice => FileNodeKind.CharacterDevice,
            UnixFileType.Fifo => FileNodeKind.Pipe,
            UnixFileType.BlockDevice => FileNodeKind.BlockDevice,
            _ => FileNodeKind.Socket,
        };
        return new FileNode(path, kind, isLink, target, $"inode {status.Device}:{status.Inode}");
    }

    private static FileNode OfDotNet(string path, bool isLink, string target)
    {
        FileNodeKind kind = Directory.Exists(target) ? FileNodeKind.Directory : File.Exists(target) ? FileNodeKind.RegularFile : FileNodeKind.Missing;
        string identity = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? target.ToUpperInvariant() : target;
        return new FileNode(path, kind, isLink, target, identity);
    }

    private static int? DescriptorOf(string full) => full switch
    {
        "/dev/stdin" => 0,
        "/dev/stdout" => 1,
        "/dev/stderr" => 2,
        _ when (full.StartsWith("/dev/fd/", StringComparison.Ordinal) || full.StartsWith("/proc/self/fd/", StringComparison.Ordinal))
            && int.TryParse(full[(full.LastIndexOf('/') + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int fd) => fd,
        _ => null,
    };

    private static bool IsLink(string full)
    {
        try { return new FileInfo(full).LinkTarget is not null; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    // The end of a chain of links (relative targets resolved against each link's folder); the link's own path when it loops.
    private static string FinalTarget(string link)
    {
        try { return File.ResolveLinkTarget(link, returnFinalTarget: true)?.FullName ?? link; }
        catch (IOException) { return link; } // a loop of links (ELOOP): the writer then meets the error itself
        catch (UnauthorizedAccessException) { return link; }
    }
}
