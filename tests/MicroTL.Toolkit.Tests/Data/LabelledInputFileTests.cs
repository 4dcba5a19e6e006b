using MicroTL.Features;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;

namespace MicroTL.Toolkit.Tests.Data;

public sealed class LabelledInputFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();
    private static readonly TensorInfo Int8Input = new("in", TensorType.Int8, [1, 3], 0);
    private static readonly TensorInfo FloatInput = new("in", TensorType.Float32, [1, 2], 0);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_Int8Samples_ReturnsRawBytesAndLabels()
    {
        File.WriteAllText(_path, "# comment\n0,-128,0,127\n\n2,1,2,3\n");

        IReadOnlyList<LabelledInput> samples = LabelledInputFile.Read(_path, Int8Input);

        Assert.Equal(2, samples.Count);
        Assert.Equal(new byte[] { 0x80, 0, 127 }, samples[0].Input);
        Assert.Equal(2, samples[1].Label);
    }

    [Fact]
    public void Read_FormattedSamples_RoundTrips()
    {
        var samples = new[] { new LabelledInput(BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-0.1f)).ToArray(), 4) };
        File.WriteAllText(_path, LabelledInputFile.Format(samples, TensorType.Float32));

        IReadOnlyList<LabelledInput> read = LabelledInputFile.Read(_path, FloatInput);

        Assert.Equal(samples[0].Input, read[0].Input);
        Assert.Equal(4, read[0].Label);
    }

    [Theory]
    [InlineData("0,1,2\n", ":1: 2 values, the input tensor has 3")]
    [InlineData("0,1,2,3\nx,1,2,3\n", ":2: label 'x'")]
    [InlineData("0,1,2,300\n", ":1: value 3 '300' is not an int8")]
    [InlineData("# only a comment\n", "no samples")]
    public void Read_MalformedInt8File_ThrowsNamingLine(string text, string expected)
    {
        File.WriteAllText(_path, text);

        var error = Assert.Throws<DataFormatException>(() => LabelledInputFile.Read(_path, Int8Input));

        Assert.Contains(expected, error.Message);
        Assert.Contains(_path, error.Message);
    }

    [Theory]
    [InlineData("0,1,NaN\n")]
    [InlineData("0,1,Infinity\n")]
    [InlineData("0,1,abc\n")]
    public void Read_NonFiniteFloat_ThrowsNamingValue(string text)
    {
        File.WriteAllText(_path, text);

        var error = Assert.Throws<DataFormatException>(() => LabelledInputFile.Read(_path, FloatInput));

        Assert.Contains(":1: value 2", error.Message);
    }

    [Fact]
    public void Read_HugeField_QuotedShortInTheMessage()
    {
        File.WriteAllText(_path, "0,1," + new string('9', 3000) + "x\n");

        var error = Assert.Throws<DataFormatException>(() => LabelledInputFile.Read(_path, FloatInput));

        Assert.True(error.Message.Length < 300, error.Message);
        Assert.Contains("... (3001 characters)", error.Message);
    }

    [Fact]
    public void Read_LineLongerThanItsValuesCanBe_RefusedNamingTheLine()
    {
        File.WriteAllText(_path, "0,1,2,3\n0," + new string('1', LabelledInputFile.MaxLineChars(3) + 10) + "\n");

        var error = Assert.Throws<MicroTL.Toolkit.IO.InputTooLargeException>(() => LabelledInputFile.Read(_path, Int8Input));

        Assert.StartsWith($"{_path}:2: a line longer than {LabelledInputFile.MaxLineChars(3)} characters", error.Message);
    }
}
