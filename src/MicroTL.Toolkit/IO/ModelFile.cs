// .tflite files on the host: the device library reads and writes models as bytes only
// (TfLiteReader.Read, TfLiteWriter.Write); reading them from a disk within a size limit and
// writing them back atomically is the host's job.
using MicroTL.Budget;
using MicroTL.TfLite;

namespace MicroTL.Toolkit.IO;

/// <summary>Reads and writes <c>.tflite</c> model files.</summary>
public static class ModelFile
{
    /// <summary>The largest model file read when no device bounds it: 64 MiB, the interpreter's default arena cap too.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>Reads a model file of at most <see cref="MaxBytes"/> into memory and parses it (<see cref="TfLiteReader.Read"/>).</summary>
    /// <param name="path">Path of a .tflite file.</param>
    /// <exception cref="InvalidModelException">The file is not a well-formed TFLite model; the message starts with <paramref name="path"/>.</exception>
    /// <exception cref="InputTooLargeException">The file holds more than <see cref="MaxBytes"/> bytes (<c>/dev/zero</c> is refused after 64 MiB).</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static TfLiteModel Read(string path) =>
        Parse(path, BoundedFile.ReadAllBytes(path, MaxBytes, "model", $"the most a model file can be ({MaxBytes >> 20} MiB)"));

    /// <summary>Reads a model that is to run on <paramref name="device"/>: a file larger than its flash is refused after that many bytes.</summary>
    /// <exception cref="InputTooLargeException">The file is larger than the device's flash (<see cref="InputTooLargeException.LimitIsDeviceMemory"/>).</exception>
    /// <exception cref="InvalidModelException">The file is not a well-formed TFLite model.</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static TfLiteModel ReadFor(string path, DeviceMemory device) =>
        Parse(path, BoundedFile.ReadAllBytes(path, Math.Min(device.FlashBytes, MaxBytes), "model",
            device.FlashBytes <= MaxBytes ? $"the flash of {device.Name}, where it must fit" : $"the most a model file can be ({MaxBytes >> 20} MiB)",
            limitIsDeviceMemory: device.FlashBytes <= MaxBytes));

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically (<see cref="AtomicFile"/>): a crash
    /// leaves either the old file or the new one, never a torn one.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist (a model is never written into a folder made up on the way).</exception>
    public static void Write(string path, TfLiteModel model)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"cannot write {path}: the directory {directory} does not exist");
        AtomicFile.WriteAllBytes(path, TfLiteWriter.Write(model));
    }

    private static TfLiteModel Parse(string path, byte[] bytes)
    {
        try
        {
            return TfLiteReader.Read(bytes);
        }
        catch (InvalidModelException error)
        {
            // Callers juggling several models (CLI, toolkit) need to know which file is broken.
            throw new InvalidModelException($"{path}: {error.Message}", error);
        }
    }
}
