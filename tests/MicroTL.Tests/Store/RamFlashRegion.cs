using MicroTL.Storage;

namespace MicroTL.Tests.Store;

/// <summary>
/// A transfer run's store region in RAM: the first run that opens it gets an erased medium of the
/// size it asks for, later runs the same medium, so they reopen what earlier runs logged.
/// </summary>
internal sealed class RamFlashRegion
{
    /// <summary>The medium, once a run has opened the region.</summary>
    public RamFlashMedium? Medium { get; private set; }

    /// <summary>Times a run opened the region.</summary>
    public int Opened { get; private set; }

    public FlashRegion Region => new(FlashGeometry.Nrf52840, sizeBytes =>
    {
        Opened++;
        return Medium ??= new RamFlashMedium(sizeBytes, FlashGeometry.Nrf52840, "session flash");
    });
}
