namespace MicroTL.Storage;

/// <summary>
/// A flash medium in a byte array, with the NOR rules of <see cref="IFlashMedium"/> enforced: the
/// device library's own medium (a store that need not survive a reset, a simulator) and the one
/// the tests run the stores on, damage, and wrap with power cuts.
/// </summary>
/// <remarks>A new medium is erased (all 0xFF). <see cref="Sync"/> has nothing to flush.</remarks>
public sealed class RamFlashMedium : IFlashMedium
{
    private readonly byte[] _bytes;

    /// <summary>Creates an erased medium of <paramref name="sizeBytes"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative or the geometry invalid.</exception>
    public RamFlashMedium(int sizeBytes, FlashGeometry geometry, string name = "RAM flash medium")
        : this(Erased(sizeBytes), geometry, name)
    {
    }

    /// <summary>Uses <paramref name="image"/> (not a copy) as the medium's bytes: an image to open, e.g. a damaged one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The geometry is invalid.</exception>
    public RamFlashMedium(byte[] image, FlashGeometry geometry, string name = "RAM flash medium")
    {
        ArgumentNullException.ThrowIfNull(image);
        geometry.Validated();
        _bytes = image;
        EraseBlockBytes = geometry.EraseBlockBytes;
        ProgramUnitBytes = geometry.ProgramUnitBytes;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int SizeBytes => _bytes.Length;

    /// <inheritdoc/>
    public int EraseBlockBytes { get; }

    /// <inheritdoc/>
    public int ProgramUnitBytes { get; }

    /// <summary>The medium's bytes, live: for inspection, and for damaging them in tests.</summary>
    public Span<byte> Bytes => _bytes;

    /// <inheritdoc/>
    public void Read(int address, Span<byte> destination)
    {
        FlashRange.CheckInside(this, address, destination.Length, "read");
        _bytes.AsSpan(address, destination.Length).CopyTo(destination);
    }

    /// <inheritdoc/>
    public void Program(int address, ReadOnlySpan<byte> source)
    {
        FlashRange.CheckProgram(this, address, source.Length);
        Span<byte> target = _bytes.AsSpan(address, source.Length);
        int written = target.IndexOfAnyExcept((byte)0xFF);
        if (written >= 0) FlashRange.ThrowNotErased(this, address + written, target[written]);
        source.CopyTo(target);
    }

    /// <inheritdoc/>
    public void Erase(int address, int lengthBytes)
    {
        FlashRange.CheckErase(this, address, lengthBytes);
        _bytes.AsSpan(address, lengthBytes).Fill(0xFF);
    }

    /// <inheritdoc/>
    public void Sync()
    {
    }

    private static byte[] Erased(int sizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        var bytes = new byte[sizeBytes];
        bytes.AsSpan().Fill(0xFF);
        return bytes;
    }
}
