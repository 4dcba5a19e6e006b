namespace MicroTL.Toolkit.IO;

/// <summary>
/// Writes a file so that an interruption at any point leaves either the old file or the new one,
/// never a torn mix: the bytes go to a temporary file in the same directory, are flushed to the
/// disk, the temporary file is renamed over the target (an atomic replace on POSIX and NTFS), and
/// the directory is flushed so the rename itself survives a power loss.
/// </summary>
/// <remarks>
/// A power loss before the rename leaves a hidden <c>.NAME.PID.GUID.tmp</c> beside the target;
/// the target is untouched and the next write uses a new name, and, once it has replaced the
/// target, deletes such leftovers of processes that no longer run (on a device that loses power
/// often they would otherwise fill the flash). A live writer's file is never touched.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => WriteAllBytes(path, bytes, powerLoss: null);

    /// <summary>Replaces <paramref name="path"/> with UTF-8 <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>As <see cref="WriteAllBytes(string, ReadOnlySpan{byte})"/>, with a simulated power loss for tests.</summary>
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, PowerLoss? powerLoss)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                PowerLoss.Write(powerLoss, stream, bytes);
                PowerLoss.Boundary(powerLoss);
                stream.Flush(flushToDisk: true); // the data must be on the disk before the name points at it
            }

            PowerLoss.Boundary(powerLoss);
            File.Move(temporary, full, overwrite: true);
            PowerLoss.Boundary(powerLoss);
            DirectorySync.Flush(directory);
            RemoveLeftovers(directory, Path.GetFileName(full));
        }
        catch (Exception error) when (error is not SimulatedPowerLossException)
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes <c>.NAME.PID.*.tmp</c> files whose process is gone: what a power loss or a kill left.</summary>
    private static void RemoveLeftovers(string directory, string fileName)
    {
        foreach (string leftover in Directory.EnumerateFiles(directory, $".{fileName}.*.tmp"))
        {
            string[] parts = Path.GetFileName(leftover)[(fileName.Length + 2)..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int processId) || IsRunning(processId)) continue;
            try { File.Delete(leftover); }
            catch (IOException) { } // best effort: another writer may be cleaning up too
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; }
    }
}
