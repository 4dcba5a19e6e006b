using MicroTL.Storage;
using Microsoft.Win32.SafeHandles;

namespace MicroTL.Toolkit.IO;

/// <summary>
/// A flash medium in a file on the host: the file is an image of the device's flash region, byte
/// for byte, so <c>microtl transfer --store FILE</c> keeps its feature store where a device would.
/// The NOR rules of <see cref="IFlashMedium"/> hold as on flash (programs only onto 0xFF, erases in
/// whole blocks); <see cref="Sync"/> is an fsync.
/// </summary>
/// <remarks>
/// A new image is written erased (all 0xFF) through <see cref="AtomicFile"/>, so a power loss
/// leaves no image or a whole one. Programs and erases are positional writes (pwrite), checked
/// against the bytes there first; nothing is allocated per call. <see cref="Name"/> is the path.
/// </remarks>
public sealed class FileFlashMedium : IFlashMedium, IDisposable
{
    private const int ChunkBytes = 512;

    private readonly SafeFileHandle _file;
    private readonly bool _readOnly;

    private FileFlashMedium(string path, SafeFileHandle file, int sizeBytes, FlashGeometry geometry, bool readOnly)
    {
        Name = path;
        _file = file;
        SizeBytes = sizeBytes;
        EraseBlockBytes = geometry.EraseBlockBytes;
        ProgramUnitBytes = geometry.ProgramUnitBytes;
        _readOnly = readOnly;
    }

    /// <summary>Creates the image file, erased, of <paramref name="sizeBytes"/> bytes (atomically), and opens it.</summary>
    /// <exception cref="IOException">The file exists already, or cannot be written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative or the geometry invalid.</exception>
    public static FileFlashMedium Create(string path, int sizeBytes, FlashGeometry geometry)
    {
        geometry.Validated();
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        if (File.Exists(path)) throw new IOException($"{path}: the file exists already; open it instead of creating it.");
        var erased = new byte[sizeBytes];
        erased.AsSpan().Fill(0xFF);
        AtomicFile.WriteAllBytes(path, erased);
        return Open(path, geometry);
    }

    /// <summary>Opens an existing image file; its length is the medium's size.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="geometry">The flash geometry the image stands for.</param>
    /// <param name="readOnly">Open for reading only (another process may be writing); programs and erases then throw.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The file is larger than 2 GiB, or cannot be opened.</exception>
    /// <exception cref="FilePathException">The path names a folder, a device or a pipe: an image is a regular file.</exception>
    public static FileFlashMedium Open(string path, FlashGeometry geometry, bool readOnly = false)
    {
        geometry.Validated();
        // A device has no length (/dev/zero reads as an endless medium of size 0): only a regular file is an image.
        if (FileNode.Of(path) is { Kind: not (FileNodeKind.RegularFile or FileNodeKind.Missing) } node)
            throw new FilePathException($"{path} is {node.KindName}; a flash image is a regular file");
        SafeFileHandle file = readOnly
            ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)
            : File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        long length = RandomAccess.GetLength(file);
        if (length > int.MaxValue)
        {
            file.Dispose();
            throw new IOException($"{path}: {length} bytes; a flash image holds at most {int.MaxValue}.");
        }

        return new FileFlashMedium(path, file, (int)length, geometry, readOnly);
    }

    /// <summary>Opens the image file if it exists (at its own size), else creates it erased at <paramref name="sizeBytes"/>.</summary>
    /// <exception cref="IOException">The file cannot be created or opened.</exception>
    public static FileFlashMedium OpenOrCreate(string path, int sizeBytes, FlashGeometry geometry) =>
        File.Exists(path) ? Open(path, geometry) : Create(path, sizeBytes, geometry);

    /// <summary>
    /// The flash region of a transfer run whose store lives in <paramref name="path"/>: opened, or
    /// created at the size the run plans, when the run starts; the run closes it.
    /// </summary>
    public static FlashRegion Region(string path, FlashGeometry geometry) =>
        new(geometry, sizeBytes => OpenOrCreate(path, sizeBytes, geometry));

    /// <summary>The image file's path.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public int SizeBytes { get; }

    /// <inheritdoc/>
    public int EraseBlockBytes { get; }

    /// <inheritdoc/>
    public int ProgramUnitBytes { get; }

    /// <inheritdoc/>
    public void Read(int address, Span<byte> destination)
    {
        FlashRange.CheckInside(this, address, destination.Length, "read");
        int read = 0;
        while (read < destination.Length)
        {
            int n = RandomAccess.Read(_file, destination[read..], address + read);
            if (n == 0) throw new IOException($"{Name}: the file ended at {address + read} bytes, inside a read of {destination.Length} at {address}; was it cut short?");
            read += n;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The medium is read-only, or the write failed.</exception>
    public void Program(int address, ReadOnlySpan<byte> source)
    {
        FlashRange.CheckProgram(this, address, source.Length);
        CheckWritable();
        Span<byte> current = stackalloc byte[ChunkBytes];
        for (int offset = 0; offset < source.Length; offset += ChunkBytes)
        {
            Span<byte> part = current[..Math.Min(ChunkBytes, source.Length - offset)];
            Read(address + offset, part);
            int written = part.IndexOfAnyExcept((byte)0xFF);
            if (written >= 0) FlashRange.ThrowNotErased(this, address + offset + written, part[written]);
        }

        RandomAccess.Write(_file, source, address);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The medium is read-only, or the write failed.</exception>
    public void Erase(int address, int lengthBytes)
    {
        FlashRange.CheckErase(this, address, lengthBytes);
        CheckWritable();
        Span<byte> erased = stackalloc byte[ChunkBytes];
        erased.Fill(0xFF);
        for (int offset = 0; offset < lengthBytes; offset += ChunkBytes)
            RandomAccess.Write(_file, erased[..Math.Min(ChunkBytes, lengthBytes - offset)], address + offset);
    }

    /// <inheritdoc/>
    public void Sync()
    {
        if (!_readOnly) RandomAccess.FlushToDisk(_file);
    }

    /// <summary>Closes the file; everything synced is on the disk.</summary>
    public void Dispose() => _file.Dispose();

    private void CheckWritable()
    {
        ObjectDisposedException.ThrowIf(_file.IsClosed, this);
        if (_readOnly) throw new IOException($"{Name}: opened read-only; cannot program or erase.");
    }
}
