namespace MicroTL.Store;

/// <summary>
/// A feature store's log that cannot be used: not a store, a corrupt header, an unsupported format
/// version, a medium too small or of another geometry, a layout (feature length, quantization,
/// capacity, classes) other than the one requested, or a record in flash that no longer matches
/// its CRC. The message names the medium (on the host, the store file) and what is wrong.
/// </summary>
public sealed class FeatureStoreException : Exception
{
    /// <summary>Creates the exception for the medium <paramref name="mediumName"/>; the message is prefixed with it.</summary>
    public FeatureStoreException(string mediumName, string message)
        : base($"Feature store '{mediumName}': {message}") => MediumName = mediumName;

    /// <summary>Creates the exception wrapping a cause.</summary>
    public FeatureStoreException(string mediumName, string message, Exception inner)
        : base($"Feature store '{mediumName}': {message}", inner) => MediumName = mediumName;

    /// <summary>The medium the problem is in (<see cref="Storage.IFlashMedium.Name"/>: the file on the host).</summary>
    public string MediumName { get; }
}
