// Every input is read with a limit derived from what it can be, and refused as soon as it passes it, whatever the
// file is: a regular file (its length is checked before a byte is read), a device such as /dev/zero, or a pipe
// (read until the limit plus one byte). A folder given as a file is refused by name.
using System.Text;

namespace MicroTL.Toolkit.IO;

/// <summary>Reads input files within a size limit.</summary>
public static class BoundedFile
{
    /// <summary>Every byte of <paramref name="path"/>, which may hold at most <paramref name="maxBytes"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="what">What the file is, for messages (<c>model</c>, <c>--input</c>, ...).</param>
    /// <param name="limit">What the limit is, for messages (<c>the flash of nrf52840</c>, <c>the most a model file can be</c>).</param>
    /// <param name="limitIsDeviceMemory">True when the limit is a device's memory (<see cref="InputTooLargeException.LimitIsDeviceMemory"/>).</param>
    /// <exception cref="InputTooLargeException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what, string limit, bool limitIsDeviceMemory = false)
    {
        using FileStream stream = OpenRead(path, what);
        if (stream.CanSeek && stream.Length > maxBytes)
            throw TooLarge(path, maxBytes, what, limit, limitIsDeviceMemory, stream.Length);
        int capacity = (int)Math.Min(maxBytes + 1, stream.CanSeek && stream.Length > 0 ? stream.Length + 1 : 64 * 1024);
        var buffer = new MemoryStream(capacity);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
        {
            if (buffer.Length + read > maxBytes) // refused before the byte over the limit is kept
                throw TooLarge(path, maxBytes, what, limit, limitIsDeviceMemory, null);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The UTF-8 text of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="InputTooLargeException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static string ReadAllText(string path, long maxBytes, string what, string limit) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(StripBom(ReadAllBytes(path, maxBytes, what, limit)));

    /// <summary>
    /// The lines of the UTF-8 text file <paramref name="path"/> (without their line breaks), read as they are enumerated;
    /// a line may hold at most <paramref name="maxLineChars"/> characters and the file at most <paramref name="maxBytes"/> bytes.
    /// </summary>
    /// <exception cref="InputTooLargeException">A line or the file is longer than its limit (the message names the line).</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static IEnumerable<string> ReadLines(string path, int maxLineChars, long maxBytes, string what, string lineLimit)
    {
        FileStream stream = OpenRead(path, what);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            long length = stream.Length;
            stream.Dispose();
            throw TooLarge(path, maxBytes, what, $"the most a {what} file can be", false, length);
        }

        return Lines(stream, path, maxLineChars, maxBytes, what, lineLimit);
    }

    /// <summary>Opens <paramref name="path"/> for reading, with messages that name it and say what is wrong.</summary>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static FileStream OpenRead(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new FilePathException($"{what}: the path is empty");
        if (Directory.Exists(path)) throw new FilePathException($"{what} {path} is a folder, not a file");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{what} {path}: no such file", path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new FilePathException($"{what} {path}: cannot be read ({IOErrors.Reason(e)})");
        }
    }

    private static IEnumerable<string> Lines(FileStream stream, string path, int maxLineChars, long maxBytes, string what, string lineLimit)
    {
        using (stream)
        using (var reader = new StreamReader(new CappedStream(stream, maxBytes, path, what), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024))
        {
            var line = new StringBuilder();
            var buffer = new char[64 * 1024];
            long lineNumber = 1;
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                int start = 0;
                for (int i = 0; i < read; i++)
                {
                    if (buffer[i] != '\n') continue;
                    line.Append(buffer, start, i - start);
                    CheckLength(line.Length, path, lineNumber, maxLineChars, what, lineLimit);
                    yield return TrimCarriageReturn(line);
                    line.Clear();
                    lineNumber++;
                    start = i + 1;
                }

                line.Append(buffer, start, read - start);
                CheckLength(line.Length, path, lineNumber, maxLineChars, what, lineLimit);
            }

            if (line.Length > 0) yield return TrimCarriageReturn(line);
        }
    }

    private static void CheckLength(int length, string path, long lineNumber, int maxLineChars, string what, string lineLimit)
    {
        if (length > maxLineChars + 1) // + a carriage return
            throw new InputTooLargeException(
                $"{path}:{lineNumber}: a line longer than {maxLineChars} characters, the most {lineLimit} can be; is this a {what} file?",
                path, maxLineChars);
    }

    private static string TrimCarriageReturn(StringBuilder line) =>
        line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();

    private static byte[] StripBom(byte[] bytes) => bytes is [0xEF, 0xBB, 0xBF, ..] ? bytes[3..] : bytes;

    /// <summary>"WHAT PATH holds N bytes, more than MAX, LIMIT" (or "more than MAX bytes" when the length is unknown).</summary>
    internal static InputTooLargeException TooLarge(string path, long maxBytes, string what, string limit, bool device, long? actualBytes) =>
        new(actualBytes is { } n
                ? $"{what} {path} holds {n} bytes, more than {maxBytes}, {limit}"
                : $"{what} {path} holds more than {maxBytes} byte{(maxBytes == 1 ? "" : "s")}, {limit}",
            path, maxBytes, device);

    /// <summary>A read-only view of a stream that refuses to read past a byte limit.</summary>
    private sealed class CappedStream(Stream inner, long maxBytes, string path, string what) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, maxBytes + 1 - _read)]);
            _read += n;
            if (_read > maxBytes) throw TooLarge(path, maxBytes, what, $"the most a {what} file can be", false, null);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
