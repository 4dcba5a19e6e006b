using System.Buffers.Binary;
using System.IO.Compression;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Mnist;

namespace MicroTL.Toolkit.Tests.Data.Mnist;

public sealed class MnistDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-mnist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
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

    [Fact]
    public void Load_PlainAndGzippedFiles_ReadsImagesAndLabels()
    {
        File.WriteAllBytes(Path.Combine(_dir, "train-images-idx3-ubyte"), Idx(8, [2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
        File.WriteAllBytes(Path.Combine(_dir, "train-labels-idx1-ubyte.gz"), Gzip(Idx(8, [2], [7, 3])));

        MnistDataset data = MnistDataset.Load(_dir, "train");

        Assert.Equal((2, 2, 3), (data.Count, data.Rows, data.Columns));
        Assert.Equal(new byte[] { 7, 8, 9, 10, 11, 12 }, data.Image(1).ToArray());
        Assert.Equal(3, data.Label(1));
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 5 }, "not an IDX file")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 5 }, "element type 0x0d")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 5 }, "need 3 data bytes, the file has 1")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF }, "negative")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 0, 0, 1, 0, 0, 0, 1, 5 }, "2 dimensions, expected 1")]
    public void Read_MalformedIdx_ThrowsNamingField(byte[] bytes, string expected)
    {
        string path = Path.Combine(_dir, "bad");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 1));

        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_CountsDiffer_Throws()
    {
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte"), Idx(8, [1, 1, 1], [0]));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte"), Idx(8, [2], [1, 2]));

        var error = Assert.Throws<DataFormatException>(() => MnistDataset.Load(_dir, "t10k"));

        Assert.Contains("1 images but", error.Message);
    }

    [Fact]
    public void Load_FixtureSlice_ReadsTheFirst600OfEachSplit()
    {
        string fixture = TestFixtures.Folder("mnist");

        MnistDataset train = MnistDataset.Load(fixture, "train");
        MnistDataset test = MnistDataset.Load(fixture, "t10k");

        Assert.Equal((600, 28, 28), (train.Count, train.Rows, train.Columns));
        Assert.Equal(600, test.Count);
        Assert.Equal(5, train.Label(0)); // the first MNIST training digit is a 5
        Assert.Equal(7, test.Label(0)); // the first t10k digit is a 7
    }

    [SharedDataFact]
    public void Load_SharedMnist_ReadsSixtyThousandTrainingDigits()
    {
        string shared = Path.Combine(TestFixtures.SharedRoot!, "mnist");

        MnistDataset train = MnistDataset.Load(shared, "train");
        MnistDataset test = MnistDataset.Load(shared, "t10k");

        Assert.Equal((60000, 28, 28), (train.Count, train.Rows, train.Columns));
        Assert.Equal(10000, test.Count);
        Assert.Equal(5, train.Label(0));
    }
}
