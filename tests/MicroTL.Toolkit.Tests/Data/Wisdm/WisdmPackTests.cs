using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Tests.Data.Wisdm;

public sealed class WisdmPackTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"microtl-pack-{Guid.NewGuid():N}.gz");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_WrittenPack_ReturnsTheSameRecordings()
    {
        WisdmRecording[] recordings = [new(1600, 'A', [1.5f, -2.25f, 9.81f]), new(1601, 'M', [0f, 1e-7f, -67.58985f, 3f, 4f, 5f])];

        WisdmPack.Write(_path, recordings);
        IReadOnlyList<WisdmRecording> read = WisdmPack.Read(_path);

        Assert.Equal(2, read.Count);
        Assert.Equal(recordings[1].Samples, read[1].Samples);
        Assert.Equal((1601, 'M'), (read[1].Subject, read[1].Activity));
    }

    [Fact]
    public void Read_NotGzip_ThrowsNamingFile()
    {
        File.WriteAllText(_path, "plain text");

        var error = Assert.Throws<DataFormatException>(() => WisdmPack.Read(_path));

        Assert.Contains(_path, error.Message);
    }

    [Fact]
    public void Read_DamagedContent_FailsTheCrc()
    {
        WisdmPack.Write(_path, [new(1600, 'A', [1f, 2f, 3f])]);
        byte[] raw = Decompress(File.ReadAllBytes(_path));
        raw[^6] ^= 0x40; // a value byte
        File.WriteAllBytes(_path, Compress(raw));

        var error = Assert.Throws<DataFormatException>(() => WisdmPack.Read(_path));

        Assert.Contains("CRC", error.Message);
    }

    [Fact]
    public void ReadEmbedded_Subject1600_EqualsTheFixtureTextFile()
    {
        var fromText = WisdmDataset.FromDirectory(TestFixtures.Folder("wisdm2019-watch-accel"), out WisdmLoadReport report);

        WisdmRecording[] embedded = WisdmPack.ReadEmbedded().Where(r => r.Subject == 1600).ToArray();

        Assert.Equal(0, report.MalformedLines);
        AssertSameRecordings(fromText.Recordings, embedded);
    }

    [SharedDataFact]
    public void ReadEmbedded_EqualsTheSharedTextFiles()
    {
        var fromText = WisdmDataset.FromDirectory(Path.Combine(TestFixtures.SharedRoot!, "wisdm2019-watch-accel"), out WisdmLoadReport report);

        IReadOnlyList<WisdmRecording> embedded = WisdmPack.ReadEmbedded();

        Assert.Equal(0, report.MalformedLines);
        AssertSameRecordings(fromText.Recordings, embedded);
    }

    private static void AssertSameRecordings(IReadOnlyList<WisdmRecording> expected, IReadOnlyList<WisdmRecording> actual)
    {
        Assert.NotEmpty(actual);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < actual.Count; i++)
        {
            Assert.Equal((expected[i].Subject, expected[i].Activity), (actual[i].Subject, actual[i].Activity));
            Assert.True(expected[i].Samples.AsSpan().SequenceEqual(actual[i].Samples), $"recording {i} differs");
        }
    }

    private static byte[] Decompress(byte[] bytes)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
