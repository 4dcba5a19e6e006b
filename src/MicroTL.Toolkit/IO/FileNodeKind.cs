namespace MicroTL.Toolkit.IO;

/// <summary>What a path names, after following symbolic links.</summary>
public enum FileNodeKind
{
    /// <summary>Nothing (or a symbolic link to nothing): a new file can be made there.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A character device such as <c>/dev/null</c> or a terminal.</summary>
    CharacterDevice,

    /// <summary>A named or anonymous pipe (FIFO).</summary>
    Pipe,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>A folder on the way cannot be searched (permission denied): what is there is unknown.</summary>
    Unreachable,
}
