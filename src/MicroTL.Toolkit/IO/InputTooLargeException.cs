namespace MicroTL.Toolkit.IO;

/// <summary>
/// An input longer than what it can be (a model longer than the device's flash or the stated cap, an input tensor
/// file longer than the tensor, a data line longer than a few KB): refused as soon as the limit is passed, so
/// <c>/dev/zero</c> is read for milliseconds, not until memory runs out.
/// </summary>
/// <param name="message">Names the file (and line) and the limit.</param>
/// <param name="path">The file.</param>
/// <param name="limitBytes">The limit that was passed.</param>
/// <param name="limitIsDeviceMemory">True when the limit is a device's memory (the work does not fit the device), not a format's cap.</param>
public sealed class InputTooLargeException(string message, string path, long limitBytes, bool limitIsDeviceMemory = false) : IOException(message)
{
    /// <summary>The file.</summary>
    public string FilePath { get; } = path;

    /// <summary>The limit that was passed, in bytes (characters for a line).</summary>
    public long LimitBytes { get; } = limitBytes;

    /// <summary>True when the limit is a device's memory: the input does not fit the device.</summary>
    public bool LimitIsDeviceMemory { get; } = limitIsDeviceMemory;
}
