using System.Globalization;
using System.Runtime.InteropServices;
using MicroTL.Features;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Data;

/// <summary>
/// The simple labelled data format for <c>microtl transfer</c> on any model: a text file, one
/// sample per line, <c>label,v1,v2,...,vN</c>, where N is the element count of the model's input
/// tensor and the values are in the tensor's own type (integers for int8, decimals for float32).
/// Blank lines and lines starting with <c>#</c> are skipped. A line holds at most <see cref="MaxLineChars"/> characters
/// and a file at most <see cref="MaxFileBytes"/> bytes, so a device or a runaway file is refused early.
/// </summary>
public static class LabelledInputFile
{
    /// <summary>The largest file read: 256 MiB (a million samples of 200 values).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Characters a line may hold for <paramref name="elements"/> values: 4 KB for a label and a comment, and 48 a value (a float's longest text is 15).</summary>
    public static int MaxLineChars(long elements) => (int)Math.Min(int.MaxValue / 2, 4096 + 48 * elements);

    /// <summary>Reads every sample of <paramref name="path"/> for an input tensor of <paramref name="input"/>'s type and size.</summary>
    /// <exception cref="DataFormatException">A line is malformed: the message names file and line.</exception>
    /// <exception cref="InputTooLargeException">A line or the file is longer than its limit.</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static IReadOnlyList<LabelledInput> Read(string path, TensorInfo input)
    {
        if (input.Type is not (TensorType.Int8 or TensorType.Float32))
            throw new DataFormatException($"{path}: the model's input is {input.Type}; labelled input files support int8 and float32 inputs");
        long elements = input.ElementCount;
        var samples = new List<LabelledInput>();
        int lineNumber = 0;
        foreach (string raw in BoundedFile.ReadLines(path, MaxLineChars(elements), MaxFileBytes, "labelled CSV", $"a line of {elements} values"))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] fields = line.Split(',');
            if (fields.Length - 1 != elements)
                throw new DataFormatException($"{path}:{lineNumber}: {fields.Length - 1} values, the input tensor has {elements}");
            if (!int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0 || label > ushort.MaxValue)
                throw new DataFormatException($"{path}:{lineNumber}: label '{Excerpt.Of(fields[0])}' is not a class number in 0..{ushort.MaxValue}");
            samples.Add(new LabelledInput(ParseValues(fields, input.Type, path, lineNumber), label));
        }

        if (samples.Count == 0) throw new DataFormatException($"{path}: no samples");
        return samples;
    }

    /// <summary>Writes samples in the same format (the inverse of <see cref="Read"/>).</summary>
    public static string Format(IEnumerable<LabelledInput> samples, TensorType type)
    {
        var text = new System.Text.StringBuilder();
        foreach (LabelledInput sample in samples)
        {
            text.Append(sample.Label.ToString(CultureInfo.InvariantCulture));
            if (type == TensorType.Int8)
                foreach (byte b in sample.Input) text.Append(',').Append(((sbyte)b).ToString(CultureInfo.InvariantCulture));
            else
                foreach (float f in MemoryMarshal.Cast<byte, float>(sample.Input)) text.Append(',').Append(f.ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }

        return text.ToString();
    }

    private static byte[] ParseValues(string[] fields, TensorType type, string path, int lineNumber)
    {
        int count = fields.Length - 1;
        if (type == TensorType.Int8)
        {
            var bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                if (!sbyte.TryParse(fields[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out sbyte v))
                    throw new DataFormatException($"{path}:{lineNumber}: value {i + 1} '{Excerpt.Of(fields[i + 1])}' is not an int8 (-128..127)");
                bytes[i] = (byte)v;
            }

            return bytes;
        }

        var floats = new float[count];
        for (int i = 0; i < count; i++)
        {
            if (!float.TryParse(fields[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out floats[i]) || !float.IsFinite(floats[i]))
                throw new DataFormatException($"{path}:{lineNumber}: value {i + 1} '{Excerpt.Of(fields[i + 1])}' is not a finite number");
        }

        return MemoryMarshal.AsBytes(floats.AsSpan()).ToArray();
    }
}
