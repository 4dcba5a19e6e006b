// One writer per file: a lock file beside the file a run writes (its store, its outputs), locked by the operating
// system (FileShare.None: flock(LOCK_EX) on Linux and macOS, a share-mode lock on Windows) for the whole run. The
// kernel drops the lock when its holder exits or is killed, so a crashed run never blocks the next; its lock file
// stays behind, empty of meaning, and the next run takes it over. A run that ends removes its lock file.
using System.Globalization;
using System.Text;

namespace MicroTL.Toolkit.IO;

/// <summary>An exclusive lock on a file, held until disposed; <see cref="Acquire"/> fails at once if another process holds it.</summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream, string lockPath)
    {
        _stream = stream;
        LockPath = lockPath;
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }

    /// <summary>The lock file of <paramref name="fullPath"/>: <c>.NAME.microtl.lock</c> in its folder.</summary>
    public static string PathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", $".{Path.GetFileName(fullPath)}.microtl.lock");

    /// <summary>Locks <paramref name="fullPath"/> (whose folder must exist) for this process.</summary>
    /// <param name="fullPath">The file to lock (it need not exist).</param>
    /// <param name="description">Names the file in messages, e.g. <c>--store S.bin</c>.</param>
    /// <exception cref="FileInUseException">Another process holds the lock.</exception>
    /// <exception cref="FilePathException">The lock file cannot be made: the folder is read-only or not writable.</exception>
    public static FileLock Acquire(string fullPath, string description)
    {
        string lockPath = PathFor(fullPath);
        // A holder that ends deletes its lock file while it still holds it; a process that opened the old file just
        // before may then lock that deleted file. Checking that the path still names the locked file closes the gap.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            FileStream stream = Open(lockPath, fullPath, description);
            if (!NamesLockedFile(stream, lockPath))
            {
                stream.Dispose();
                continue;
            }

            stream.SetLength(0);
            stream.Write(Encoding.UTF8.GetBytes($"microtl process {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} writes {fullPath}\n"));
            stream.Flush();
            return new FileLock(stream, lockPath);
        }

        throw InUse(fullPath, description, lockPath);
    }

    /// <summary>Removes the lock file and releases the lock.</summary>
    public void Dispose() => _stream.Dispose(); // DeleteOnClose: unlinked before the descriptor (and its lock) goes

    private static FileStream Open(string lockPath, string fullPath, string description)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            throw InUse(fullPath, description, lockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FilePathException($"{description}: cannot write in the folder {Path.GetDirectoryName(lockPath)} ({IOErrors.Reason(e)})");
        }
    }

    private static bool NamesLockedFile(FileStream stream, string lockPath)
    {
        if (!UnixFileStatus.Available) return true; // Windows: a locked file cannot be deleted; macOS: a rare race stays open
        var locked = UnixFileStatus.IdentityOf(stream.SafeFileHandle);
        var named = UnixFileStatus.Stat(lockPath, followLinks: false, out _);
        return locked is { } l && named is { } n && l.Device == n.Device && l.Inode == n.Inode;
    }

    // EWOULDBLOCK from flock (Linux 11, macOS 35), a sharing or lock violation on Windows.
    private static bool IsLockConflict(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static FileInUseException InUse(string fullPath, string description, string lockPath) =>
        new($"{description} is in use by another process (it holds {lockPath}); nothing was changed", fullPath, lockPath);
}
