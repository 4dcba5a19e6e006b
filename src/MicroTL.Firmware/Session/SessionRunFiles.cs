// The files the session firmware writes in its run folder (Runtime/app/mtl_session_app.c).
using System.Buffers.Binary;

namespace MicroTL.Firmware.Session;

/// <summary>One record of the firmware's store: its label and its int8 features.</summary>
/// <param name="Label">The class.</param>
/// <param name="Features">The F features.</param>
public sealed record StoredRecord(int Label, sbyte[] Features);

/// <summary>Reads <c>store.bin</c>, <c>split.bin</c>, <c>head.bin</c>, <c>predictions.bin</c> and <c>flash.bin</c>.</summary>
public static class SessionRunFiles
{
    /// <summary>The store after collection: every record in slot order.</summary>
    /// <exception cref="FormatException">The file is cut short or longer than its count says.</exception>
    public static IReadOnlyList<StoredRecord> ReadStore(string directory, int featureLength)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, "store.bin"));
        int count = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        if (count < 0 || bytes.Length != 4 + (long)count * (2 + featureLength))
            throw new FormatException($"store.bin has {bytes.Length} bytes, not 4 + count {count} x (2 + {featureLength})");
        var records = new StoredRecord[count];
        for (int i = 0; i < count; i++)
        {
            int at = 4 + i * (2 + featureLength);
            records[i] = new StoredRecord(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)),
                bytes.AsSpan(at + 2, featureLength).ToArray().Select(b => (sbyte)b).ToArray());
        }
        return records;
    }

    /// <summary>The split: training record indices, then validation ones.</summary>
    /// <exception cref="FormatException">The file's length disagrees with its counts.</exception>
    public static (int[] Train, int[] Validation) ReadSplit(string directory)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, "split.bin"));
        int train = bytes.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        int validation = bytes.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) : -1;
        if (train < 0 || validation < 0 || bytes.Length != 8 + 4L * (train + validation))
            throw new FormatException($"split.bin has {bytes.Length} bytes, not 8 + 4 x ({train} + {validation})");
        int[] Ints(int start, int n) => Enumerable.Range(0, n).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + 4 * (start + i)))).ToArray();
        return (Ints(0, train), Ints(train, validation));
    }

    /// <summary>The trained head's parameters, W1 | b1 | W2 | b2, as the firmware wrote them.</summary>
    /// <exception cref="FormatException">The file is not <paramref name="parameters"/> floats long.</exception>
    public static float[] ReadHead(string directory, int parameters)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, "head.bin"));
        if (bytes.Length != 4L * parameters) throw new FormatException($"head.bin has {bytes.Length} bytes, not {parameters} floats");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>The deployed model's class of every test sample.</summary>
    /// <exception cref="FormatException">The file's length is not whole int32s.</exception>
    public static int[] ReadPredictions(string directory)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, "predictions.bin"));
        if (bytes.Length % 4 != 0) throw new FormatException($"predictions.bin has {bytes.Length} bytes, not whole int32s");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes).ToArray();
    }

    /// <summary>The store's flash region as the run left it, or null when the run keeps no log.</summary>
    public static byte[]? ReadFlash(string directory)
    {
        string path = Path.Combine(directory, "flash.bin");
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }
}
