using MicroTL.Features;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Toolkit.Tests.Data;

public sealed class LabelledInputFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();
    private static readonly TensorInfo Int8Input = new("in", TensorType.Int8, [1, 3], 0);
    // scale 0.5, zero point -10: x = 1.0 is q = round(2) - 10 = -8.
    private static readonly TensorInfo QuantizedInput = new("in", TensorType.Int8, [1, 3], 0, new QuantizationParams([0.5f], [-10]));
    private static readonly TensorInfo FloatInput = new("in", TensorType.Float32, [1, 2], 0);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_RawInt8Samples_ReturnsTheIntegersAndLabels()
    {
        File.WriteAllText(_path, "# comment\n0,-128,0,127\n\n2,1,2,3\n");

        IReadOnlyList<LabelledInput> samples = LabelledInputFile.Read(_path, Int8Input, rawInt8: true);

        Assert.Equal(2, samples.Count);
        Assert.Equal(new byte[] { 0x80, 0, 127 }, samples[0].Input);
        Assert.Equal(2, samples[1].Label);
    }

    [Fact]
    public void Read_RealValuesForInt8Input_QuantizesWithTheInputsScaleAndZeroPoint()
    {
        // 1.0 -> -8; 0.25 -> round(0.5) = 1 (half away from zero) -> -9; -100 -> clamped to -128; 200 -> clamped to 127.
        File.WriteAllText(_path, "3,1.0,0.25,-100\n1,200,-0.25,0\n");

        IReadOnlyList<LabelledInput> samples = LabelledInputFile.Read(_path, QuantizedInput);

        Assert.Equal([unchecked((byte)-8), unchecked((byte)-9), 0x80], samples[0].Input);
        Assert.Equal([127, unchecked((byte)-11), unchecked((byte)-10)], samples[1].Input);
        Assert.Equal([3, 1], samples.Select(s => s.Label));
    }

    [Fact]
    public void Read_ExportedWindows_QuantizeAsTheDataSetPathDoes()
    {
        // What `dataset export` writes and `transfer --data` reads must give the device the bytes `transfer --dataset` gives it.
        TfLiteModel model = TfLiteReader.Read(File.ReadAllBytes(TestFixtures.Model("hello_world_int8.tflite")));
        TensorInfo input = model.MainSubgraph.Tensors[model.MainSubgraph.Inputs[0]];
        float[] values = [-3.25f, 0f, 0.1f, 1.5707964f, 6.2831855f, 1e-7f];
        int[] labels = [0, 1, 0, 1, 1, 0];
        using (var writer = new StreamWriter(_path)) LabelledInputFile.WriteReal(writer, "six one-value samples", values, labels, 1);
        var samples = new MicroTL.Toolkit.Training.SampleSet(new MicroTL.Toolkit.Training.FeatureShape(1, 1, 1), values, labels);

        IReadOnlyList<LabelledInput> read = LabelledInputFile.Read(_path, input);
        IReadOnlyList<LabelledInput> expected = TransferExperiment.Quantize(model, samples);

        Assert.Equal(expected.Select(s => s.Input[0]), read.Select(s => s.Input[0]));
        Assert.Equal(labels, read.Select(s => s.Label));
    }

    [Fact]
    public void ReadRows_LinesWithAndWithoutLabel_TellThemApartByCount()
    {
        File.WriteAllText(_path, "label,x,y\n4,1.5,-2\n0.5,0.25\n");

        IReadOnlyList<InputRow> rows = LabelledInputFile.ReadRows(_path, FloatInput);

        Assert.Equal([4, null], rows.Select(r => r.Label));
        Assert.Equal(BitConverter.GetBytes(0.5f).Concat(BitConverter.GetBytes(0.25f)), rows[1].Input);
        Assert.Equal([2, 3], rows.Select(r => r.Line)); // the header line is skipped, the numbering is the file's
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
    [InlineData("0,1,2\n", ":1: 3 fields, the input tensor has 3 elements")]
    [InlineData("0,1,2,3\nx,1,2,3\n", ":2: label 'x'")]
    [InlineData("0,1,2,300\n", ":1: value 3 '300' is not an int8")]
    [InlineData("0,1,2,0.5\n", ":1: value 3 '0.5' is not an int8")]
    [InlineData("# only a comment\n", "no samples")]
    public void Read_MalformedRawInt8File_ThrowsNamingLine(string text, string expected)
    {
        File.WriteAllText(_path, text);

        var error = Assert.Throws<DataFormatException>(() => LabelledInputFile.Read(_path, Int8Input, rawInt8: true));

        Assert.Contains(expected, error.Message);
        Assert.Contains(_path, error.Message);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void Read_RealValuesForUnquantizedInt8Input_ThrowsSayingWhatToGive()
    {
        File.WriteAllText(_path, "0,1,2,3\n");

        var error = Assert.Throws<DataFormatException>(() => LabelledInputFile.Read(_path, Int8Input));

        Assert.Contains("no per-tensor scale and zero point", error.Message);
        Assert.Contains("--raw-int8", error.Hint);
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

        var error = Assert.Throws<MicroTL.Toolkit.IO.InputTooLargeException>(() => LabelledInputFile.Read(_path, QuantizedInput));

        Assert.StartsWith($"{_path}:2: a line longer than {LabelledInputFile.MaxLineChars(3)} characters", error.Message);
    }

    [Fact]
    public void WriteReal_ValuesNotAWholeNumberOfSamples_Throws()
    {
        using var writer = new StringWriter();

        Assert.Throws<ArgumentException>(() => LabelledInputFile.WriteReal(writer, "c", [1f, 2f, 3f], [0, 1], 2));
    }
}
