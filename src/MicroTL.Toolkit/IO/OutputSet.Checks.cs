namespace MicroTL.Toolkit.IO;

/// <summary>The checks of <see cref="OutputSet.Validate"/>.</summary>
public sealed partial class OutputSet
{
    /// <summary>
    /// Looks at every declared path and refuses the set, before any work, when an input is missing or a folder; an output
    /// is a folder, a block device or a socket (a character device or a pipe is written in place); a store is not a
    /// regular file or a new one; the folder an output or store goes into is missing or not writable; or two paths name
    /// the same file (two inputs may). Then locks every file the set writes (<see cref="FileLock"/>).
    /// </summary>
    /// <exception cref="FilePathException">A path cannot be used for its role, or two paths name the same file.</exception>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="FileInUseException">Another process holds the lock of an output or store; no lock is kept.</exception>
    public void Validate()
    {
        if (_validated) return;
        foreach (OutputFile file in _files) file.Node = Look(file);
        foreach (OutputFile file in _files) Check(file);
        CheckCollisions();
        _validated = true;
        try
        {
            foreach (OutputFile file in _files.Where(NeedsLock).OrderBy(f => f.TargetPath, StringComparer.Ordinal))
                _locks.Add(FileLock.Acquire(file.TargetPath, $"{Command}: {file.Description}"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private FileNode Look(OutputFile file)
    {
        try { return FileNode.Of(file.Path); }
        catch (FilePathException e) { throw new FilePathException($"{Command}: {file.Name}: {e.Message}"); }
    }

    private void Check(OutputFile file)
    {
        FileNode node = file.Node!;
        string what = $"{Command}: {file.Description}";
        if (node.Kind == FileNodeKind.Unreachable) throw new FilePathException($"{what} cannot be reached (permission denied on a folder on the way)");
        switch (file.Role)
        {
            case OutputRole.Input:
                if (node.Kind == FileNodeKind.Missing) throw new FileNotFoundException($"{what}: no such file", file.Path);
                if (node.Kind == FileNodeKind.Directory) throw new FilePathException($"{what} is a folder, not a file");
                break;
            case OutputRole.Output:
                if (node.Kind == FileNodeKind.Directory) throw new FilePathException($"{what} is a folder; give a file name, e.g. {Path.Combine(file.Path, "out")}");
                if (node.IsStream) break; // written in place at the commit: /dev/null, a terminal, a pipe
                if (node.Kind is not (FileNodeKind.RegularFile or FileNodeKind.Missing))
                    throw new FilePathException($"{what} is {node.KindName}; an output is a regular file (replaced atomically) or a character device or pipe (written in place)");
                if (file.Folder is null) CheckFolder(what, node.TargetPath);
                break;
            case OutputRole.Store:
                if (node.Kind is not (FileNodeKind.RegularFile or FileNodeKind.Missing))
                    throw new FilePathException($"{what} is {node.KindName}; a store is a regular file (or a new path)");
                CheckFolder(what, node.TargetPath);
                break;
            case OutputRole.Folder:
                if (node.Kind is not (FileNodeKind.Directory or FileNodeKind.Missing))
                    throw new FilePathException($"{what} is {node.KindName}, not a folder");
                if (node.Kind == FileNodeKind.Missing) CheckFolder(what, node.TargetPath);
                else CheckWritable(what, node.TargetPath);
                break;
        }
    }

    // The folder a new or replaced file goes into must exist (nothing is made up on the way) and be writable.
    private static void CheckFolder(string what, string targetPath)
    {
        string folder = Path.GetDirectoryName(targetPath) ?? ".";
        if (!Directory.Exists(folder))
            throw new FilePathException(System.IO.File.Exists(folder)
                ? $"{what}: {folder} is a file, not a folder"
                : $"{what}: the folder {folder} does not exist");
        CheckWritable(what, folder);
    }

    private static void CheckWritable(string what, string folder)
    {
        if (!UnixFileStatus.Available) return; // elsewhere the lock file, made next, is the test
        int error = UnixFileStatus.WritableDirectoryError(folder);
        if (error != 0) throw new FilePathException($"{what}: cannot write in the folder {folder} ({IOErrors.Reason(error)})");
    }

    // Two paths naming one file: an output over an input, a store or another output. Devices and pipes written in
    // place, and folders, are left out; two inputs may be one file; a declared replacement may.
    private void CheckCollisions()
    {
        var byIdentity = new Dictionary<string, OutputFile>(StringComparer.Ordinal);
        foreach (OutputFile file in _files)
        {
            if (file.Role == OutputRole.Folder || file.InPlace || (file.Role == OutputRole.Input && file.Node!.IsStream)) continue;
            if (!byIdentity.TryGetValue(file.Node!.Identity, out OutputFile? other))
            {
                byIdentity[file.Node.Identity] = file;
                continue;
            }

            if (other.Role == OutputRole.Input && file.Role == OutputRole.Input) continue;
            if (_replaceable.Any(r => (r.Output == file && r.Input == other) || (r.Output == other && r.Input == file))) continue;
            string same = Path.GetFullPath(other.Path) == Path.GetFullPath(file.Path) ? "" : $" ({file.Node.TargetPath})";
            throw new FilePathException($"{Command}: {other.Description} and {file.Description} are the same file{same}; give each its own file");
        }
    }

    private static bool NeedsLock(OutputFile file) => file.Role switch
    {
        OutputRole.Output => file.Folder is null && !file.InPlace,
        OutputRole.Store or OutputRole.Folder => true,
        _ => false,
    };
}
