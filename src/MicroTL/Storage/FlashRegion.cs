namespace MicroTL.Storage;

/// <summary>
/// The flash a feature store may use, as a transfer run sees it before it starts: the geometry,
/// which fixes the store's flash budget, and how to open a medium of the size the run asks for
/// (a file image on the host, a fixed region of the device's flash in firmware, a
/// <see cref="RamFlashMedium"/> in tests). Nothing is opened until the run starts, so a run refused
/// by its budget touches no storage.
/// </summary>
/// <param name="Geometry">Erase block and program unit of the medium <paramref name="Open"/> returns.</param>
/// <param name="Open">Opens the medium; its argument is the size in bytes the store needs. A medium the caller
/// opens this way is disposed by the run if it is <see cref="IDisposable"/>.</param>
public sealed record FlashRegion(FlashGeometry Geometry, Func<int, IFlashMedium> Open);
