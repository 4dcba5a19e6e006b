namespace MicroTL.Toolkit.IO;

/// <summary>What a declared path is for in an <see cref="OutputSet"/>.</summary>
public enum OutputRole
{
    /// <summary>A file the command reads.</summary>
    Input,

    /// <summary>A file the command writes at the end (staged beside it, then renamed over it; a device or pipe is written in place).</summary>
    Output,

    /// <summary>A file the command updates in place while it runs (a feature store's flash image): a regular file or a new one.</summary>
    Store,

    /// <summary>A folder the command writes files into at the end (made then if missing).</summary>
    Folder,
}

/// <summary>One path of a command, declared in an <see cref="OutputSet"/>; after <see cref="OutputSet.Validate"/> it knows what it names.</summary>
public sealed class OutputFile
{
    private readonly OutputSet _set;

    internal OutputFile(OutputSet set, OutputRole role, string name, string path, OutputFile? folder)
    {
        _set = set;
        Role = role;
        Name = name;
        Path = path;
        Folder = folder;
    }

    /// <summary>What the path is for.</summary>
    public OutputRole Role { get; }

    /// <summary>The option or argument that gave it (<c>--out</c>, <c>MODEL</c>).</summary>
    public string Name { get; }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>The folder output this file is written into, if any.</summary>
    public OutputFile? Folder { get; }

    /// <summary>"--out o.tflite": the path with its option, for messages.</summary>
    public string Description => $"{Name} {Path}";

    /// <summary>What the path named when the set was validated.</summary>
    public FileNode? Node { get; internal set; }

    /// <summary>The full path the writer replaces or opens: the path itself, or a link's final target. Set by <see cref="OutputSet.Validate"/>.</summary>
    public string TargetPath => Node?.TargetPath ?? throw new InvalidOperationException("validate the output set first");

    /// <summary>True for an output written in place at the commit: a character device (<c>/dev/null</c>) or a pipe.</summary>
    public bool InPlace => Role == OutputRole.Output && Node is { IsStream: true };

    internal StagedFile? Staged { get; set; }

    internal byte[]? InPlaceBytes { get; set; }

    internal bool Written { get; set; }

    /// <summary>Prepares the file's new bytes (<see cref="OutputSet.Stage"/>); the target changes only at <see cref="OutputSet.Commit"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes) => _set.Stage(this, bytes);

    /// <summary>Prepares the file's new UTF-8 text.</summary>
    public void WriteText(string text) => Write(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A file named <paramref name="fileName"/> in this folder output, declared in the same set.</summary>
    public OutputFile File(string fileName)
    {
        if (Role != OutputRole.Folder) throw new InvalidOperationException($"{Description} is not a folder output");
        return _set.Declare(OutputRole.Output, Name, System.IO.Path.Combine(Path, fileName), this);
    }
}
