// A small tmpfs for the tests that need a full disk or a read-only folder for real: only where the tests run as
// root on Linux with mount(8) (CI, the development VM); elsewhere TryMount returns null and such a test checks
// what it can without it.
using System.Diagnostics;

namespace MicroTL.TestSupport;

/// <summary>A tmpfs mounted on a fresh temporary folder, unmounted and removed on dispose.</summary>
public sealed class ScratchMount : IDisposable
{
    private ScratchMount(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/> (read-only when <paramref name="readOnly"/>), or returns null where that is not possible.</summary>
    public static ScratchMount? TryMount(long sizeBytes, bool readOnly = false)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return null;
        string path = Directory.CreateTempSubdirectory("microtl-mount-").FullName;
        if (Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}{(readOnly ? ",ro" : "")}", "tmpfs", path) == 0) return new ScratchMount(path);
        Directory.Delete(path);
        return null;
    }

    /// <summary>Unmounts and removes the folder.</summary>
    public void Dispose()
    {
        _ = Run("umount", Path);
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }

    private static int Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in args) start.ArgumentList.Add(arg);
            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // no mount(8)
        }
    }
}
