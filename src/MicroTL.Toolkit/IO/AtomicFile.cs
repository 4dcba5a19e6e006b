namespace MicroTL.Toolkit.IO;

/// <summary>
/// Writes a file so that an interruption at any point leaves either the old file or the new one,
/// never a torn mix: the bytes go to a temporary file in the same directory, are flushed to the
/// disk, the temporary file is renamed over the target (an atomic replace on POSIX and NTFS), and
/// the directory is flushed so the rename itself survives a power loss (<see cref="StagedFile"/>).
/// </summary>
/// <remarks>
/// A power loss before the rename leaves a hidden <c>.NAME.PID.GUID.tmp</c> beside the target;
/// the target is untouched and the next write uses a new name, and, once it has replaced the
/// target, deletes such leftovers of processes that no longer run (on a device that loses power
/// often they would otherwise fill the flash). A live writer's file is never touched.
/// A command that writes several files uses <see cref="OutputSet"/>, which also refuses targets that are not
/// regular files and commits the files together.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically (its folder is made if missing).</summary>
    /// <exception cref="FilePathException">The path is a folder, a block device or a socket.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => WriteAllBytes(path, bytes, powerLoss: null);

    /// <summary>Replaces <paramref name="path"/> with UTF-8 <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>As <see cref="WriteAllBytes(string, ReadOnlySpan{byte})"/>, with a simulated power loss for tests.</summary>
    /// <remarks>
    /// Only a regular file or a new path is replaced: a symbolic link's final target is replaced and the link kept, a
    /// character device (<c>/dev/null</c>) or a pipe is written in place, and anything else (a folder, a block device)
    /// is refused with a <see cref="FilePathException"/>, never replaced by a regular file.
    /// </remarks>
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, PowerLoss? powerLoss)
    {
        FileNode node = FileNode.Of(path);
        if (node.IsStream)
        {
            using Stream stream = OutputSet.OpenInPlace(path, node);
            stream.Write(bytes);
            return;
        }

        if (node.Kind is not (FileNodeKind.RegularFile or FileNodeKind.Missing))
            throw new FilePathException($"{path} is {node.KindName}; only a regular file (or a new one) is replaced");
        Directory.CreateDirectory(Path.GetDirectoryName(node.TargetPath)!);
        // No using: after a (simulated) power loss nothing runs, so its temporary file stays as a real one would leave it.
        StagedFile staged = StagedFile.Write(node.TargetPath, bytes, powerLoss);
        staged.Commit(powerLoss);
    }
}
