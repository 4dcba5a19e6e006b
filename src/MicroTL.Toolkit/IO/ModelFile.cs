// .tflite files on the host: the device library reads and writes models as bytes only
// (TfLiteReader.Read, TfLiteWriter.Write); reading them from a disk and writing them back
// atomically is the host's job.
using MicroTL.TfLite;

namespace MicroTL.Toolkit.IO;

/// <summary>Reads and writes <c>.tflite</c> model files.</summary>
public static class ModelFile
{
    /// <summary>Reads a model file into memory and parses it (<see cref="TfLiteReader.Read"/>).</summary>
    /// <param name="path">Path of a .tflite file.</param>
    /// <exception cref="InvalidModelException">The file is larger than 2 GiB or not a well-formed TFLite model; the message starts with <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TfLiteModel Read(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw new InvalidModelException($"{path}: file is {length} bytes; models over {Array.MaxLength} bytes are not supported");

        byte[] bytes = File.ReadAllBytes(path);
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
}
