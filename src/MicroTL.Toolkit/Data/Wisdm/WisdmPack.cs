using System.Buffers.Binary;
using System.IO.Compression;
using MicroTL.Toolkit.IO;
using MicroTL.Storage;

namespace MicroTL.Toolkit.Data.Wisdm;

/// <summary>
/// The embedded data set's file format: the recordings, losslessly, gzipped. Layout (little-endian):
/// "MTLWISDM", version u32 = 1, sample rate u32, recording count u32; per recording: subject i32,
/// activity u8, 3 reserved bytes, sample count i32, then 3 x count float32 (x, y, z interleaved);
/// last, the CRC-32 (IEEE) of every byte before it. The values are the text files' numbers as
/// float32, which all of them are exactly (7 significant digits).
/// </summary>
public static class WisdmPack
{
    private static readonly byte[] Magic = "MTLWISDM"u8.ToArray();
    private const uint Version = 1;

    /// <summary>Writes the recordings (atomically) to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<WisdmRecording> recordings) => AtomicFile.WriteAllBytes(path, ToBytes(recordings));

    /// <summary>The pack of <paramref name="recordings"/>: what <see cref="Write"/> writes.</summary>
    public static byte[] ToBytes(IReadOnlyList<WisdmRecording> recordings)
    {
        using var raw = new MemoryStream();
        var header = new byte[20];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), WisdmDataset.SampleRateHz);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)recordings.Count);
        raw.Write(header);
        var block = new byte[12];
        foreach (WisdmRecording r in recordings)
        {
            BinaryPrimitives.WriteInt32LittleEndian(block, r.Subject);
            block[4] = (byte)r.Activity;
            block[5] = block[6] = block[7] = 0;
            BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(8), r.Length);
            raw.Write(block);
            var values = new byte[r.Samples.Length * 4];
            for (int i = 0; i < r.Samples.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(values.AsSpan(i * 4), r.Samples[i]);
            raw.Write(values);
        }

        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.Compute(raw.GetBuffer().AsSpan(0, (int)raw.Length)));
        raw.Write(crc);

        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true)) raw.WriteTo(gzip);
        return packed.ToArray();
    }

    /// <summary>The name of the pack embedded in this assembly (built from data/ at compile time).</summary>
    public const string EmbeddedName = "wisdm2019-watch-accel.mtlds.gz";

    /// <summary>Reads the pack embedded in this assembly: all 41 subjects of the shared WISDM subset.</summary>
    public static IReadOnlyList<WisdmRecording> ReadEmbedded()
    {
        using Stream stream = typeof(WisdmPack).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new DataFormatException($"the embedded data set {EmbeddedName} is missing from this build");
        return Read(stream, $"embedded {EmbeddedName}");
    }

    /// <summary>Reads a pack file written by <see cref="Write"/>.</summary>
    /// <exception cref="DataFormatException">Not a pack, another version, truncated, or a CRC mismatch: the message names the file and field.</exception>
    public static IReadOnlyList<WisdmRecording> Read(string path)
    {
        using FileStream stream = BoundedFile.OpenRead(path, "WISDM pack");
        return Read(stream, path);
    }

    /// <summary>Reads a pack from a stream; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<WisdmRecording> Read(Stream packed, string path)
    {
        byte[] bytes = Decompress(packed, path);
        ReadOnlySpan<byte> data = bytes;
        if (data.Length < 24 || !data[..8].SequenceEqual(Magic))
            throw new DataFormatException($"{path}: not a MicroTL WISDM pack (magic \"MTLWISDM\" missing)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (version != Version) throw new DataFormatException($"{path}: pack version {version}, this build reads {Version}");
        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        if (Crc32.Compute(data[..^4]) != expectedCrc)
            throw new DataFormatException($"{path}: CRC mismatch, the file is damaged");

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(data[16..]);
        var recordings = new List<WisdmRecording>();
        int at = 20, end = data.Length - 4;
        for (uint r = 0; r < count; r++)
        {
            if (at + 12 > end) throw new DataFormatException($"{path}: recording {r} header runs past the end");
            int subject = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
            char activity = (char)data[at + 4];
            int samples = BinaryPrimitives.ReadInt32LittleEndian(data[(at + 8)..]);
            at += 12;
            if (samples < 0 || (long)samples * 12 > end - at)
                throw new DataFormatException($"{path}: recording {r} (subject {subject}) claims {samples} samples, more than the file holds");
            var values = new float[samples * 3];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(at + 4 * i)..]);
            at += samples * 12;
            recordings.Add(new WisdmRecording(subject, activity, values));
        }

        if (at != end) throw new DataFormatException($"{path}: {end - at} bytes after the last recording");
        return recordings;
    }

    /// <summary>The most a pack decompresses to (the embedded one: about 30 MB); a larger one is no pack of this data set.</summary>
    public const long MaxUnpackedBytes = 1L << 30;

    private static byte[] Decompress(Stream packed, string path)
    {
        try
        {
            using var gzip = new GZipStream(packed, CompressionMode.Decompress, leaveOpen: true);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxUnpackedBytes) throw new DataFormatException($"{path}: decompresses to more than {MaxUnpackedBytes} bytes; not a WISDM pack");
                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException($"{path}: not a gzip file ({e.Message})");
        }
    }
}
