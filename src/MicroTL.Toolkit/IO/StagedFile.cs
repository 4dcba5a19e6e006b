namespace MicroTL.Toolkit.IO;

/// <summary>
/// The first half of an atomic write: the new bytes in a hidden temporary file beside the target
/// (<c>.NAME.PID.GUID.tmp</c>), flushed to the disk. <see cref="Commit()"/> renames it over the target and flushes the
/// folder; disposing an uncommitted file deletes it, leaving the target as it was. <see cref="AtomicFile"/> writes one
/// file this way; <see cref="OutputSet"/> stages every output of a command first and commits them together.
/// </summary>
public sealed class StagedFile : IDisposable
{
    private StagedFile(string targetPath, string temporaryPath)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
    }

    /// <summary>The full path the file replaces at <see cref="Commit()"/>.</summary>
    public string TargetPath { get; }

    /// <summary>The temporary file holding the bytes until then.</summary>
    public string TemporaryPath { get; }

    /// <summary>True once the rename has been done.</summary>
    public bool IsCommitted { get; private set; }

    /// <summary>Writes <paramref name="bytes"/> beside <paramref name="targetPath"/>, whose folder must exist, and flushes them to the disk.</summary>
    /// <exception cref="IOException">The file cannot be written (no space, no permission, an I/O error); nothing is left behind.</exception>
    public static StagedFile Write(string targetPath, ReadOnlySpan<byte> bytes) => Write(targetPath, bytes, powerLoss: null);

    /// <summary>As <see cref="Write(string, ReadOnlySpan{byte})"/>, with a simulated power loss for tests.</summary>
    internal static StagedFile Write(string targetPath, ReadOnlySpan<byte> bytes, PowerLoss? powerLoss)
    {
        string full = Path.GetFullPath(targetPath);
        string directory = Path.GetDirectoryName(full)!;
        var staged = new StagedFile(full, Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        try
        {
            using (var stream = new FileStream(staged.TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                PowerLoss.Write(powerLoss, stream, bytes);
                PowerLoss.Boundary(powerLoss);
                stream.Flush(flushToDisk: true); // the data must be on the disk before the name points at it
            }

            return staged;
        }
        catch (Exception error) when (error is not SimulatedPowerLossException)
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>Renames the temporary file over the target (atomically) and flushes the folder so the rename survives a power loss.</summary>
    /// <exception cref="IOException">The rename failed; the target is as it was and the temporary file is deleted.</exception>
    public void Commit() => Commit(powerLoss: null);

    /// <summary>As <see cref="Commit()"/>, with a simulated power loss for tests.</summary>
    internal void Commit(PowerLoss? powerLoss)
    {
        ObjectDisposedException.ThrowIf(IsCommitted, this);
        string directory = Path.GetDirectoryName(TargetPath)!;
        try
        {
            PowerLoss.Boundary(powerLoss);
            File.Move(TemporaryPath, TargetPath, overwrite: true);
        }
        catch (Exception error) when (error is not SimulatedPowerLossException)
        {
            Dispose();
            throw;
        }

        IsCommitted = true;
        PowerLoss.Boundary(powerLoss);
        DirectorySync.Flush(directory);
        RemoveLeftovers(directory, Path.GetFileName(TargetPath));
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (IsCommitted) return;
        try { File.Delete(TemporaryPath); }
        catch (IOException) { } // best effort: a leftover is removed by the next write of the target
        catch (UnauthorizedAccessException) { }
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
