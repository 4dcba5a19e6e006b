using System.Buffers.Binary;
using System.IO.Compression;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Mnist;
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Tests.Data;

/// <summary>
/// Every malformed data file the loaders meet in the field, one case each: the load fails with a
/// <see cref="DataFormatException"/> whose message names the file and the line or field and says what is wrong.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private static readonly TensorInfo Int8Input = new("input", TensorType.Int8, [1, 3], 0);
    private static readonly TensorInfo FloatInput = new("input", TensorType.Float32, [1, 2], 0);

    /// <summary>Case name -> (write the files into a folder and load them, fragments the message must contain).</summary>
    private static readonly Dictionary<string, (Action<string> Load, string[] Expected)> Cases = new()
    {
        ["wisdm: empty folder"] = (dir => Wisdm(dir), [WisdmTextReader.FilePattern]),
        ["wisdm: wrong file names"] = (dir => Wisdm(dir, ("data_1600_gyro_watch.txt", "1600,A,1,2,3;"), ("notes.txt", "x")), ["no data_*_accel_watch.txt files"]),
        ["wisdm: empty file"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "")), ["no valid sample in 1", "the files are empty"]),
        ["wisdm: too few fields"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "1600,A,1,2;")), ["data_1600_accel_watch.txt:1:", "4 fields"]),
        ["wisdm: NaN value"] = (dir => Wisdm(dir, ("data_1601_accel_watch.txt", "1601,A,1,NaN,3;")), ["data_1601_accel_watch.txt:1:", "not three finite numbers"]),
        ["wisdm: infinite value"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "1600,A,1,Infinity,3;")), [":1:", "not three finite numbers"]),
        ["wisdm: overflowing value"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "1600,A,1,2,1e39;")), [":1:", "not three finite numbers"]),
        ["wisdm: non-numeric value"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "1600,A,1,two,3;")), [":1:", "'1,two,3'"]),
        ["wisdm: non-numeric subject"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "x,A,1,2,3;")), [":1:", "subject 'x'"]),
        ["wisdm: unknown activity"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "1600,Z,1,2,3;")), [":1:", "activity 'Z'"]),
        ["wisdm: subject differs from file name"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "1601,A,1,2,3;")), [":1:", "subject 1601 in a file of subject 1600"]),
        ["wisdm: binary garbage"] = (dir => Wisdm(dir, ("data_1600_accel_watch.txt", "\u0001\u0002\u00ff")), [":1:", "1 fields"]),
        ["idx: empty file"] = (dir => Idx(dir, []), ["labels.idx", "not an IDX file"]),
        ["idx: wrong magic"] = (dir => Idx(dir, [0x1f, 0x8c, 8, 1, 0, 0, 0, 1, 5]), ["labels.idx", "not an IDX file"]),
        ["idx: wrong element type"] = (dir => Idx(dir, [0, 0, 0x0B, 1, 0, 0, 0, 1, 5]), ["labels.idx", "element type 0x0b"]),
        ["idx: wrong dimension count"] = (dir => Idx(dir, IdxBytes([1, 1], [5])), ["labels.idx", "2 dimensions, expected 1"]),
        ["idx: truncated header"] = (dir => Idx(dir, [0, 0, 8, 1, 0, 0]), ["labels.idx", "header of 8 bytes, the file has 6"]),
        ["idx: truncated data"] = (dir => Idx(dir, IdxBytes([10], [1, 2, 3])), ["labels.idx", "need 10 data bytes, the file has 3"]),
        ["idx: trailing data"] = (dir => Idx(dir, IdxBytes([2], [1, 2, 3])), ["labels.idx", "need 2 data bytes, the file has 3"]),
        ["idx: negative dimension"] = (dir => Idx(dir, [0, 0, 8, 1, 0x80, 0, 0, 0]), ["labels.idx", "dimension 0 is negative"]),
        ["idx: dimensions claim too much"] = (dir => IdxFile.Read(Write(dir, "images.idx", IdxBytes([65536, 65536, 2], [])), 3), ["images.idx", "claim more than"]),
        ["idx: corrupt gzip"] = (dir => Idx(dir, [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), ["labels.idx", "damaged gzip data"]),
        ["idx: truncated gzip"] = (dir => Idx(dir, Gzip(IdxBytes([4000], new byte[4000]))[..20]), ["labels.idx"]),
        ["mnist: missing file"] = (dir => MnistDataset.Load(dir, "train"), ["neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz exists"]),
        ["mnist: image and label counts differ"] = (dir => Mnist(dir, images: 2, labels: [1, 2, 3]), ["has 2 images but", "has 3 labels"]),
        ["mnist: label not a digit"] = (dir => Mnist(dir, images: 2, labels: [1, 12]), ["train-labels-idx1-ubyte: label 1 is 12"]),
        ["csv: empty file"] = (dir => Csv(dir, "", Int8Input), ["data.csv: no samples"]),
        ["csv: only comments and blank lines"] = (dir => Csv(dir, "# header\n\n", Int8Input), ["data.csv: no samples"]),
        ["csv: too few values"] = (dir => Csv(dir, "0,1,2,3\n1,1,2\n", Int8Input), ["data.csv:2:", "3 fields, the input tensor has 3 elements"]),
        ["csv: trailing comma"] = (dir => Csv(dir, "0,1,2,3,\n", Int8Input), ["data.csv:1:", "5 fields"]),
        ["csv: negative label"] = (dir => Csv(dir, "-1,1,2,3\n", Int8Input), ["data.csv:1:", "label '-1'"]),
        ["csv: label too large"] = (dir => Csv(dir, "70000,1,2,3\n", Int8Input), ["data.csv:1:", "label '70000'"]),
        ["csv: int8 out of range"] = (dir => Csv(dir, "0,1,-129,3\n", Int8Input), ["data.csv:1:", "value 2 '-129' is not an int8"]),
        ["csv: decimal for int8"] = (dir => Csv(dir, "0,1,2.5,3\n", Int8Input), ["data.csv:1:", "value 2 '2.5'"]),
        ["csv: NaN float"] = (dir => Csv(dir, "0,1.5,NaN\n", FloatInput), ["data.csv:1:", "value 2 'NaN' is not a finite number"]),
        ["csv: infinite float"] = (dir => Csv(dir, "0,-Infinity,1\n", FloatInput), ["data.csv:1:", "value 1 '-Infinity' is not a finite number"]),
        ["csv: overflowing float"] = (dir => Csv(dir, "0,1e39,1\n", FloatInput), ["data.csv:1:", "value 1 '1e39' is not a finite number"]),
        ["csv: non-numeric value"] = (dir => Csv(dir, "0,1,abc\n", FloatInput), ["data.csv:1:", "value 2 'abc'"]),
        ["csv: real values for an int8 input without quantization"] = (dir => LabelledInputFile.Read(Write(dir, "data.csv", "0,1,2,3\n"u8.ToArray()), Int8Input),
            ["data.csv", "no per-tensor scale and zero point"]),
        ["csv: --raw-int8 for a float input"] = (dir => LabelledInputFile.Read(Write(dir, "data.csv", "0,1,2\n"u8.ToArray()), FloatInput, rawInt8: true),
            ["data.csv", "float32"]),
        ["csv: unsupported input type"] = (dir => Csv(dir, "0,1\n", new TensorInfo("input", TensorType.UInt8, [1], 0)), ["data.csv", "UInt8", "int8 and float32"]),
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-malformed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Load_MalformedFile_ThrowsDataFormatExceptionNamingFileAndLineOrField(string name)
    {
        (Action<string> load, string[] expected) = Cases[name];

        var error = Assert.Throws<DataFormatException>(() => load(_dir));

        Assert.DoesNotContain('\n', error.Message);
        foreach (string fragment in expected) Assert.Contains(fragment, error.Message);
    }

    private static void Wisdm(string dir, params (string Name, string Text)[] files)
    {
        foreach ((string name, string text) in files) Write(dir, name, System.Text.Encoding.UTF8.GetBytes(text));
        WisdmDataset.FromDirectory(dir, out _);
    }

    private static void Idx(string dir, byte[] bytes) => IdxFile.Read(Write(dir, "labels.idx", bytes), 1);

    private static void Mnist(string dir, int images, byte[] labels)
    {
        Write(dir, "train-images-idx3-ubyte", IdxBytes([images, 2, 2], new byte[images * 4]));
        Write(dir, "train-labels-idx1-ubyte", IdxBytes([labels.Length], labels));
        MnistDataset.Load(dir, "train");
    }

    private static void Csv(string dir, string text, TensorInfo input) =>
        // int8 inputs here have no quantization: their cases are the raw-integer form.
        LabelledInputFile.Read(Write(dir, "data.csv", System.Text.Encoding.UTF8.GetBytes(text)), input, rawInt8: input.Type == TensorType.Int8);

    private static string Write(string dir, string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] IdxBytes(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
