using MicroTL.Toolkit.Data.Wisdm;

namespace MicroTL.Toolkit.Tests.Data.Wisdm;

public sealed class WisdmTextReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-wisdm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(int subject, params string[] lines)
    {
        string path = Path.Combine(_dir, $"data_{subject}_accel_watch.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Theory]
    [InlineData("1600,A,7.091625,-0.5916671,8.195502;")]
    [InlineData("1600,A,252207666810782,7.091625,-0.5916671,8.195502;")]
    public void TryParse_BothLineForms_ReadsSubjectActivityAndValues(string line)
    {
        Assert.True(WisdmTextReader.TryParse(line, out int subject, out char activity, out float x, out float y, out float z, out _));

        Assert.Equal((1600, 'A'), (subject, activity));
        Assert.Equal((7.091625f, -0.5916671f, 8.195502f), (x, y, z));
    }

    [Theory]
    [InlineData("1600,A,1,2;", "4 fields")]
    [InlineData("x,A,1,2,3;", "subject 'x'")]
    [InlineData("1600,Z,1,2,3;", "activity 'Z'")]
    [InlineData("1600,A,1,NaN,3;", "not three finite numbers")]
    [InlineData("1600,A,1,abc,3;", "not three finite numbers")]
    public void TryParse_MalformedLine_SaysWhy(string line, string expected)
    {
        Assert.False(WisdmTextReader.TryParse(line, out _, out _, out _, out _, out _, out string? problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void ReadFile_MalformedAndRepeatedLines_AreDroppedAndCountedWithFileAndLine()
    {
        string path = Write(1601,
            "1601,A,1,2,3;", "1601,A,1,2,3;", "1601,A,4,5,6;", "1601,A,oops;", "1602,A,1,1,1;", "1601,B,7,8,9;");
        var report = new WisdmLoadReport();

        IReadOnlyList<WisdmRecording> recordings = WisdmTextReader.ReadFile(path, report);

        Assert.Equal(2, recordings.Count);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, recordings[0].Samples);
        Assert.Equal('B', recordings[1].Activity);
        Assert.Equal(1, report.ConsecutiveDuplicateLines);
        Assert.Equal(2, report.MalformedLines);
        Assert.Contains($"{path}:4:", report.Problems[0]);
        Assert.Contains("subject 1602 in a file of subject 1601", report.Problems[1]);
        Assert.Equal(3, report.SamplesKept);
    }

    [Fact]
    public void ReadFile_WholeContentTwice_IsReadOnce()
    {
        string[] content = ["1629,A,1,2,3;", "1629,A,4,5,6;", "1629,D,7,8,9;"];
        var report = new WisdmLoadReport();

        IReadOnlyList<WisdmRecording> recordings = WisdmTextReader.ReadFile(Write(1629, [.. content, .. content]), report);

        Assert.Equal(3, recordings.Sum(r => r.Length));
        Assert.Equal(3, report.RepeatedContentLines);
    }

    [Fact]
    public void ReadDirectory_NoDataFiles_ThrowsNamingThePattern()
    {
        var error = Assert.Throws<MicroTL.Toolkit.Data.DataFormatException>(() => WisdmTextReader.ReadDirectory(_dir, new WisdmLoadReport()));

        Assert.Contains(WisdmTextReader.FilePattern, error.Message);
    }
}
