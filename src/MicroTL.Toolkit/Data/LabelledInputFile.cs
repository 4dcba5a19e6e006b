using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MicroTL.Features;
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Data;

/// <summary>
/// The simple labelled data format for <c>microtl transfer</c>, <c>evaluate</c> and <c>infer</c> on any model: a text file, one
/// sample per line, <c>label,v1,v2,...,vN</c>, where N is the element count of the model's input tensor, in the tensor's element
/// order. The values are real numbers (the sensor's units, as the model was trained on); for an int8 input they are quantized with
/// the input tensor's scale and zero point, <c>q = clamp(round(x / scale) + zero_point, -128, 127)</c>, as the device does
/// before it runs the model. With <c>rawInt8</c> they are the int8 tensor's integers (-128..127) as they are. Blank lines and
/// lines starting with <c>#</c> are skipped, and so is a first line of column names (no field of it a number). A line holds at
/// most <see cref="MaxLineChars"/> characters and a file at most <see cref="MaxFileBytes"/> bytes, so a device or a runaway file is
/// refused early.
/// </summary>
public static class LabelledInputFile
{
    /// <summary>The largest file read: 256 MiB (a million samples of 200 values).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Characters a line may hold for <paramref name="elements"/> values: 4 KB for a label and a comment, and 48 a value (a float's longest text is 15).</summary>
    public static int MaxLineChars(long elements) => (int)Math.Min(int.MaxValue / 2, 4096 + 48 * elements);

    /// <summary>What to do about a malformed sample line.</summary>
    public const string Hint = "each line is label,v1,...,vN with N the input tensor's element count (decimals, the model's input units; "
        + "'microtl dataset export --out FILE.csv' writes an example); fix the line named";

    /// <summary>Reads every sample of <paramref name="path"/> for an input tensor of <paramref name="input"/>'s type and size.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="input">The model's input tensor: its type, element count and (int8) quantization.</param>
    /// <param name="rawInt8">The values are the int8 tensor's integers as they are, not real values to quantize.</param>
    /// <exception cref="DataFormatException">A line is malformed (the message names file and line), or the input cannot take such a file.</exception>
    /// <exception cref="InputTooLargeException">A line or the file is longer than its limit.</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static IReadOnlyList<LabelledInput> Read(string path, TensorInfo input, bool rawInt8 = false)
    {
        IReadOnlyList<InputRow> rows = ReadRows(path, input, rawInt8, labelled: true);
        return [.. rows.Select(row => new LabelledInput(row.Input, row.Label!.Value))];
    }

    /// <summary>
    /// Reads every sample line of <paramref name="path"/>, with or without a label: a line of N values has none, a line of N + 1
    /// a label first (unless <paramref name="labelled"/> says which, for every line).
    /// </summary>
    /// <exception cref="DataFormatException">A line is malformed (the message names file and line), or the input cannot take such a file.</exception>
    /// <exception cref="InputTooLargeException">A line or the file is longer than its limit.</exception>
    /// <exception cref="FilePathException">The path is a folder or cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static IReadOnlyList<InputRow> ReadRows(string path, TensorInfo input, bool rawInt8 = false, bool? labelled = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        QuantizationParams? quantization = CheckInput(path, input, rawInt8);
        long elements = input.ElementCount;
        var rows = new List<InputRow>();
        int lineNumber = 0;
        foreach (string raw in BoundedFile.ReadLines(path, MaxLineChars(elements), MaxFileBytes, "labelled CSV", $"a line of {elements} values"))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] fields = line.Split(',');
            if (rows.Count == 0 && IsHeader(fields)) continue;
            bool hasLabel = labelled ?? fields.Length == elements + 1;
            if (fields.Length - (hasLabel ? 1 : 0) != elements)
            {
                string expected = labelled switch { true => $"a label and {elements} values", false => $"{elements} values", _ => $"{elements} values, with or without a label first" };
                throw new DataFormatException($"{path}:{lineNumber}: {fields.Length} fields, the input tensor has {elements} elements: expected {expected}", Hint);
            }

            int? label = hasLabel ? Label(fields[0], path, lineNumber) : null;
            rows.Add(new InputRow(label, ParseValues(fields.AsSpan(hasLabel ? 1 : 0), input.Type, quantization, path, lineNumber), lineNumber));
        }

        if (rows.Count == 0) throw new DataFormatException($"{path}: no samples", Hint);
        return rows;
    }

    /// <summary>Writes samples with their raw tensor values (int8 integers or float32), the form <see cref="Read"/> takes with <c>rawInt8</c>.</summary>
    public static string Format(IEnumerable<LabelledInput> samples, TensorType type)
    {
        var text = new StringBuilder();
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

    /// <summary>
    /// Writes real-valued samples, <paramref name="sampleLength"/> values each, in the form <see cref="Read"/> takes by default:
    /// a comment line, then <c>label,v1,...,vN</c> per sample with the shortest text that reads back as the same float.
    /// </summary>
    /// <exception cref="ArgumentException">The values are not <paramref name="sampleLength"/> per label.</exception>
    public static void WriteReal(TextWriter writer, string comment, ReadOnlySpan<float> values, ReadOnlySpan<int> labels, int sampleLength)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleLength, 1);
        if (values.Length != labels.Length * sampleLength)
            throw new ArgumentException($"{values.Length} values are not {labels.Length} samples of {sampleLength}", nameof(values));
        foreach (string line in comment.Split('\n')) writer.Write($"# {line}\n");
        Span<char> number = stackalloc char[32];
        for (int i = 0; i < labels.Length; i++)
        {
            writer.Write(labels[i].ToString(CultureInfo.InvariantCulture));
            foreach (float v in values.Slice(i * sampleLength, sampleLength))
            {
                v.TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                writer.Write(',');
                writer.Write(number[..written]);
            }

            writer.Write('\n');
        }
    }

    private static QuantizationParams? CheckInput(string path, TensorInfo input, bool rawInt8)
    {
        if (input.Type is not (TensorType.Int8 or TensorType.Float32))
            throw new DataFormatException($"{path}: the model's input is {input.Type}; labelled input files support int8 and float32 inputs", "use a model with an int8 or float32 input");
        if (input.Type == TensorType.Float32)
        {
            if (rawInt8) throw new DataFormatException($"{path}: --raw-int8 gives int8 integers, but the model's input '{input.Name}' is float32", "leave out --raw-int8: a float32 input takes the real values");
            return null;
        }

        if (rawInt8) return null;
        if (input.Quantization is not { IsPerChannel: false } q || q.Scale.Length == 0 || !(q.Scale[0] > 0))
            throw new DataFormatException($"{path}: the model's int8 input '{input.Name}' has no per-tensor scale and zero point to quantize real values with",
                "give the int8 values themselves with --raw-int8");
        return q;
    }

    private static bool IsHeader(string[] fields) =>
        fields.All(f => !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static int Label(string field, string path, int lineNumber) =>
        int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) && label is >= 0 and <= ushort.MaxValue
            ? label
            : throw new DataFormatException($"{path}:{lineNumber}: label '{Excerpt.Of(field)}' is not a class number in 0..{ushort.MaxValue}", Hint);

    private static byte[] ParseValues(ReadOnlySpan<string> fields, TensorType type, QuantizationParams? quantization, string path, int lineNumber)
    {
        if (type == TensorType.Int8 && quantization is null)
        {
            var bytes = new byte[fields.Length];
            for (int i = 0; i < fields.Length; i++)
            {
                if (!sbyte.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out sbyte v))
                    throw new DataFormatException($"{path}:{lineNumber}: value {i + 1} '{Excerpt.Of(fields[i])}' is not an int8 (-128..127); with --raw-int8 the file holds "
                        + "the int8 input's integers", "leave out --raw-int8 for real values, which are quantized with the model's input scale and zero point");
                bytes[i] = (byte)v;
            }

            return bytes;
        }

        var floats = new float[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            if (!float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out floats[i]) || !float.IsFinite(floats[i]))
                throw new DataFormatException($"{path}:{lineNumber}: value {i + 1} '{Excerpt.Of(fields[i])}' is not a finite number", Hint);
        }

        if (type == TensorType.Float32) return MemoryMarshal.AsBytes(floats.AsSpan()).ToArray();
        // The device's arithmetic (its QUANTIZE kernel: round half away from zero, clamp to int8), which also quantizes the
        // data sets' windows for the transfer.
        var quantized = new byte[floats.Length];
        MicroTL.Kernels.QuantizeFloatToInt8.Run(quantization!.Scale[0], (int)quantization.ZeroPoint[0], floats, MemoryMarshal.Cast<byte, sbyte>(quantized.AsSpan()));
        return quantized;
    }
}

/// <summary>One sample line of a CSV input file.</summary>
/// <param name="Label">The class number, or null for a line without one.</param>
/// <param name="Input">The input tensor's bytes (int8 quantized, or float32).</param>
/// <param name="Line">The 1-based line number in the file.</param>
public sealed record InputRow(int? Label, byte[] Input, int Line);
