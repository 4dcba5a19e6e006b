// The files of one command, checked before any work and written all together at the end. A command declares what
// it reads and writes; Validate looks at every path (what it is, where a link leads), refuses outputs that are not
// regular files or new paths (a device or a pipe is written in place instead), any two paths that name the same
// file, folders that are missing or not writable, and locks every file it will write, so a second process gets a
// clear refusal before it changes anything. The work then stages each output beside its target; Commit renames them
// all (after the in-place writes), and a failure says which files were written. Dispose deletes what was staged and
// not committed and releases the locks.
namespace MicroTL.Toolkit.IO;

/// <summary>The inputs, outputs and stores of one command run; see the file comment.</summary>
/// <param name="command">The command's name, which starts every message (<c>transfer</c>).</param>
public sealed partial class OutputSet(string command) : IDisposable
{
    private readonly List<OutputFile> _files = [];
    private readonly List<(OutputFile Output, OutputFile Input)> _replaceable = [];
    private readonly List<FileLock> _locks = [];
    private readonly List<string> _foldersMade = [];
    private bool _validated;

    /// <summary>The command's name.</summary>
    public string Command { get; } = command;

    /// <summary>Every path declared, in order.</summary>
    public IReadOnlyList<OutputFile> Files => _files;

    /// <summary>Declares a file the command reads (a null path is ignored).</summary>
    public OutputFile? Input(string name, string? path) => path is null ? null : Declare(OutputRole.Input, name, path, null);

    /// <summary>Declares a file written at the end.</summary>
    public OutputFile Output(string name, string path) => Declare(OutputRole.Output, name, path, null);

    /// <summary>Declares a folder whose files (<see cref="OutputFile.File"/>) are written at the end; it is made then if missing.</summary>
    public OutputFile Folder(string name, string path) => Declare(OutputRole.Folder, name, path, null);

    /// <summary>Declares a file the command updates in place while it runs (locked for the whole run).</summary>
    public OutputFile Store(string name, string path) => Declare(OutputRole.Store, name, path, null);

    /// <summary>Lets <paramref name="output"/> name the same file as <paramref name="input"/>: the command means to replace what it read (a redeployed model).</summary>
    public void MayReplace(OutputFile output, OutputFile? input)
    {
        if (input is not null) _replaceable.Add((output, input));
    }

    /// <summary>Stages <paramref name="bytes"/> for <paramref name="file"/>: a temporary file beside its target, flushed to the disk.</summary>
    /// <exception cref="OutputCommitException">The temporary file cannot be written (a full disk, an I/O error); nothing was written.</exception>
    public void Stage(OutputFile file, ReadOnlySpan<byte> bytes)
    {
        EnsureValidated();
        if (file.Role != OutputRole.Output || !_files.Contains(file)) throw new ArgumentException($"{file.Description} is not an output of this set", nameof(file));
        file.Staged?.Dispose();
        file.Staged = null;
        if (file.InPlace)
        {
            file.InPlaceBytes = bytes.ToArray();
            return;
        }

        try
        {
            if (file.Folder is { } folder && !Directory.Exists(folder.TargetPath))
            {
                Directory.CreateDirectory(folder.TargetPath);
                _foldersMade.Add(folder.TargetPath);
            }

            file.Staged = StagedFile.Write(file.TargetPath, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputCommitException($"{Command}: could not write {file.Description} ({IOErrors.Reason(e)}); nothing was written", [],
                [.. _files.Where(f => f.Role == OutputRole.Output).Select(f => f.Path)], e);
        }
    }

    /// <summary>
    /// Writes every staged output: first those written in place (devices, pipes), then the renames over the targets.
    /// Returns the paths written, as given.
    /// </summary>
    /// <exception cref="OutputCommitException">A write or rename failed; the message lists the files written and those left as they were.</exception>
    public IReadOnlyList<string> Commit()
    {
        EnsureValidated();
        var written = new List<OutputFile>();
        IEnumerable<OutputFile> order = _files.Where(f => f.InPlace && f.InPlaceBytes is not null)
            .Concat(_files.Where(f => f.Staged is not null));
        foreach (OutputFile file in order.ToList())
        {
            try
            {
                if (file.InPlace) WriteInPlace(file);
                else file.Staged!.Commit();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                string done = written.Count == 0
                    ? "nothing was written"
                    : $"written: {string.Join(", ", written.Select(f => f.Path))}; left as they were: {string.Join(", ", Pending().Select(p => p))}";
                throw new OutputCommitException($"{Command}: could not write {file.Description} ({IOErrors.Reason(e)}); {done}",
                    [.. written.Select(f => f.Path)], Pending(), e);
            }

            file.Written = true;
            written.Add(file);
        }

        return [.. written.Select(f => f.Path)];
    }

    /// <summary>Deletes what was staged and not committed (and a folder made for it, if left empty) and releases the locks.</summary>
    public void Dispose()
    {
        foreach (OutputFile file in _files) file.Staged?.Dispose();
        foreach (string folder in _foldersMade)
        {
            try { if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        for (int i = _locks.Count - 1; i >= 0; i--) _locks[i].Dispose();
        _locks.Clear();
    }

    internal OutputFile Declare(OutputRole role, string name, string path, OutputFile? folder)
    {
        if (_validated) throw new InvalidOperationException("declare every path before Validate");
        var file = new OutputFile(this, role, name, path, folder);
        _files.Add(file);
        return file;
    }

    private static void WriteInPlace(OutputFile file)
    {
        using Stream stream = OpenInPlace(file.Path, file.Node!);
        stream.Write(file.InPlaceBytes);
        stream.Flush();
    }

    /// <summary>
    /// A device or pipe by the path as given (open(2) follows its links: /dev/stdout leads to /proc/self/fd/1 and on to
    /// "pipe:[N]", which is no path); this process's stdout and stderr through the console streams, which write at the
    /// descriptor's own offset, so a shell's redirection to a file keeps the bytes in order with the printed lines.
    /// </summary>
    internal static Stream OpenInPlace(string path, FileNode node) => node.Descriptor switch
    {
        1 => Console.OpenStandardOutput(),
        2 => Console.OpenStandardError(),
        { } fd => new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0),
        null => new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0),
    };

    private List<string> Pending() =>
        [.. _files.Where(f => f.Role == OutputRole.Output && !f.Written && (f.Staged is not null || f.InPlaceBytes is not null)).Select(f => f.Path)];

    private void EnsureValidated()
    {
        if (!_validated) throw new InvalidOperationException("validate the output set before staging or committing");
    }
}
