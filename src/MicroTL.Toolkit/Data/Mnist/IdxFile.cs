using System.Buffers.Binary;
using System.IO.Compression;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Data.Mnist;

/// <summary>
/// Reads IDX files (the MNIST format), plain or gzipped: magic <c>00 00 08 NDIM</c> (type 0x08 =
/// unsigned byte), NDIM big-endian int32 dimensions, then the bytes. Sizes are checked against the
/// file before anything is allocated.
/// </summary>
public static class IdxFile
{
    /// <summary>The largest file this reader decompresses: MNIST's biggest is 47 MB.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>The dimensions and the data of an unsigned-byte IDX file.</summary>
    /// <exception cref="DataFormatException">Wrong magic, type or sizes: the message names the file and field.</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path, int expectedDimensions)
    {
        byte[] bytes = ReadMaybeGzipped(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataFormatException($"{path}: not an IDX file (magic must start with two zero bytes)");
        if (bytes[2] != 0x08)
            throw new DataFormatException($"{path}: IDX element type 0x{bytes[2]:x2}, only unsigned bytes (0x08) are supported");
        int dimensions = bytes[3];
        if (dimensions != expectedDimensions)
            throw new DataFormatException($"{path}: {dimensions} dimensions, expected {expectedDimensions}");
        int headerBytes = 4 + 4 * dimensions;
        if (bytes.Length < headerBytes)
            throw new DataFormatException($"{path}: header of {headerBytes} bytes, the file has {bytes.Length}");

        var dims = new int[dimensions];
        long count = 1;
        for (int d = 0; d < dimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] < 0) throw new DataFormatException($"{path}: dimension {d} is negative ({dims[d]})");
            count *= dims[d];
            if (count > MaxBytes) throw new DataFormatException($"{path}: dimensions claim more than {MaxBytes} bytes");
        }

        if (bytes.Length - headerBytes != count)
            throw new DataFormatException($"{path}: dimensions [{string.Join(",", dims)}] need {count} data bytes, the file has {bytes.Length - headerBytes}");
        return (dims, bytes[headerBytes..]);
    }

    private static byte[] ReadMaybeGzipped(string path)
    {
        byte[] raw = BoundedFile.ReadAllBytes(path, MaxBytes, "IDX file", $"the most an IDX file can be here ({MaxBytes >> 20} MiB)");
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxBytes) throw new DataFormatException($"{path}: decompresses to more than {MaxBytes} bytes");
                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException($"{path}: damaged gzip data ({e.Message})");
        }
    }
}
