// The samples file a session firmware reads under QEMU and on the host (Runtime/app/mtl_samples_file.c): the training
// samples to collect, then the test samples to predict, each the model's input tensor bytes with an int32 label.
using System.Buffers.Binary;
using MicroTL.Features;

namespace MicroTL.Firmware.Session;

/// <summary>
/// <c>samples.bin</c>, little-endian: <c>"MTLSMPL1"</c>, int32 input bytes, int32 training count, int32 test count, then
/// every sample: int32 label, the input bytes.
/// </summary>
public static class SessionSamplesFile
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "samples.bin";

    private static ReadOnlySpan<byte> Magic => "MTLSMPL1"u8;

    /// <summary>Writes <paramref name="train"/> then <paramref name="test"/> to <c>samples.bin</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="ArgumentException">A sample's input is not <paramref name="inputBytes"/> long.</exception>
    public static string Write(string directory, int inputBytes, IReadOnlyList<LabelledInput> train, IReadOnlyList<LabelledInput> test)
    {
        string path = Path.Combine(directory, FileName);
        using var file = new BinaryWriter(File.Create(path));
        file.Write(Magic);
        Span<byte> word = stackalloc byte[4];
        foreach (int value in new[] { inputBytes, train.Count, test.Count })
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, value);
            file.Write(word);
        }
        int index = 0;
        foreach (LabelledInput sample in train.Concat(test))
        {
            if (sample.Input.Length != inputBytes)
                throw new ArgumentException($"sample {index} has {sample.Input.Length} input bytes, the model takes {inputBytes}", nameof(train));
            BinaryPrimitives.WriteInt32LittleEndian(word, sample.Label);
            file.Write(word);
            file.Write(sample.Input);
            index++;
        }
        return path;
    }
}
