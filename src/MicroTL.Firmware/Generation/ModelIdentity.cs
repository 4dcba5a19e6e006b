// What a generated firmware says it holds: the model's file name, size and SHA-256, so a reader of the C
// (or a device's log) can tell which model it is.
using System.Security.Cryptography;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Generation;

/// <summary>The model a generated firmware was made from.</summary>
/// <param name="FileName">The model's file name (no folder), e.g. <c>hello_world_int8.tflite</c>.</param>
/// <param name="Bytes">Size of the model file.</param>
/// <param name="Sha256">SHA-256 of the file, lowercase hexadecimal.</param>
public sealed record ModelIdentity(string FileName, long Bytes, string Sha256)
{
    /// <summary>The identity of a model file's bytes.</summary>
    public static ModelIdentity FromBytes(string fileName, ReadOnlySpan<byte> bytes) =>
        new(Path.GetFileName(fileName), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));

    /// <summary>The identity of a model file on disk.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelIdentity FromFile(string path) => FromBytes(path, File.ReadAllBytes(path));

    /// <summary>The identity of a model built in memory: the bytes <see cref="TfLiteWriter"/> writes for it.</summary>
    public static ModelIdentity Of(TfLiteModel model, string fileName) => FromBytes(fileName, TfLiteWriter.Write(model));
}
