// What .NET does not tell about a path on Linux: the type of the node (a character device and a regular file both
// look "Normal" to FileSystemInfo) and its identity (device and inode, so two names of one file compare equal).
// statx(2) has the same layout on every architecture, unlike stat(2), so it is read from a byte buffer.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MicroTL.Toolkit.IO;

/// <summary>statx(2) and access(2) through libc, on Linux only; callers fall back to .NET's view elsewhere.</summary>
internal static partial class UnixFileStatus
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int NoFollow = 0x100;        // AT_SYMLINK_NOFOLLOW
    private const int EmptyPath = 0x1000;      // AT_EMPTY_PATH: the descriptor itself
    private const uint TypeAndInode = 0x1 | 0x100; // STATX_TYPE | STATX_INO
    private const int StatxBytes = 256;
    private const int WriteAccess = 2, SearchAccess = 1; // W_OK, X_OK

    /// <summary>True where <see cref="Stat"/> works (Linux with a libc that has statx, glibc 2.28 and later).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>The mode's type bits and the identity of <paramref name="path"/>; null when it does not exist or cannot be reached.</summary>
    /// <param name="path">The path.</param>
    /// <param name="followLinks">False: the link itself, not what it points at.</param>
    /// <param name="errno">The error when null is returned (ENOENT 2, ENOTDIR 20, EACCES 13, ...).</param>
    public static (UnixFileType Type, ulong Device, ulong Inode)? Stat(string path, bool followLinks, out int errno)
    {
        Span<byte> buffer = stackalloc byte[StatxBytes];
        int result = Statx(CurrentDirectory, path, followLinks ? 0 : NoFollow, TypeAndInode, ref MemoryMarshal.GetReference(buffer));
        errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        return result == 0 ? Parse(buffer) : null;
    }

    /// <summary>The identity of the file an open handle refers to (which a rename or unlink does not change).</summary>
    public static (ulong Device, ulong Inode)? IdentityOf(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[StatxBytes];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int descriptor = (int)handle.DangerousGetHandle();
            if (Statx(descriptor, "", EmptyPath, TypeAndInode, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }

        (UnixFileType _, ulong device, ulong inode) = Parse(buffer);
        return (device, inode);
    }

    /// <summary>0 when this process may create files in <paramref name="directory"/>, else the errno (EACCES 13, EROFS 30, ...).</summary>
    public static int WritableDirectoryError(string directory) =>
        Access(directory, WriteAccess | SearchAccess) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static (UnixFileType, ulong, ulong) Parse(ReadOnlySpan<byte> statx)
    {
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]);
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]);
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]);
        return ((UnixFileType)(mode & 0xF000), device, inode);
    }

    private static bool Probe()
    {
        try { return Stat("/", followLinks: true, out _) is { Type: UnixFileType.Directory }; }
        catch (EntryPointNotFoundException) { return false; }
        catch (DllNotFoundException) { return false; }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}

/// <summary>The type bits of a Unix file mode (S_IFMT).</summary>
internal enum UnixFileType
{
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    RegularFile = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}
