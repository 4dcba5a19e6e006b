namespace MicroTL.Transfer;

/// <summary>
/// A feature store file that cannot be used: not a store, a corrupt header, an unsupported format
/// version, or a layout (feature length, quantization, capacity, classes) other than the one
/// requested. The message names the file and what differs.
/// </summary>
public sealed class FeatureStoreException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>; the message is prefixed with the path.</summary>
    public FeatureStoreException(string path, string message)
        : base($"Feature store '{path}': {message}") => FilePath = path;

    /// <summary>Creates the exception wrapping an I/O cause.</summary>
    public FeatureStoreException(string path, string message, Exception inner)
        : base($"Feature store '{path}': {message}", inner) => FilePath = path;

    /// <summary>The file the problem is in.</summary>
    public string FilePath { get; }
}
