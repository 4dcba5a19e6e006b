// The generator without a compiler: what it refuses and why, that its output is deterministic and names
// the model, and that any tensor or file name becomes valid C.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Models;

public sealed class ModelCodeGeneratorTests
{
    [Fact]
    public void Generate_FloatConvolution_ThrowsNamingOperatorAndType()
    {
        TfLiteModel model = TinyModels.Conv2DFloat();
        _ = new MicroTL.Runtime.Interpreter(model); // the C# engine runs it

        var error = Assert.Throws<FirmwareGenerationException>(() => ModelCodeGenerator.Generate(model, ModelIdentity.Of(model, "conv.tflite")));
        Assert.Equal((0, "CONV_2D", "FLOAT32"), (error.OperatorIndex, error.OperatorName, error.TypeName));
        Assert.Contains("op 0 CONV_2D: FLOAT32 is not supported by the firmware's C interpreter", error.Message);
        Assert.Contains("INT8 only", error.Message);
    }

    [Fact]
    public void Check_CustomOperator_ThrowsNamingItsCustomCode()
    {
        var error = Assert.Throws<FirmwareGenerationException>(() => FirmwareSupport.Check(TinyModels.CustomOperator()));

        Assert.Equal((0, "CUSTOM 'VENDOR_FFT'"), (error.OperatorIndex, error.OperatorName));
        Assert.Contains("op 0 CUSTOM 'VENDOR_FFT': the firmware's C interpreter has no CUSTOM 'VENDOR_FFT' (it runs ADD, AVERAGE_POOL_2D, CONV_2D, CUSTOM 'MICROTL_WINDOW_STATISTICS'", error.Message);
    }

    [Fact]
    public void Generate_QuantizeToInt16_ThrowsNamingTheOutputType()
    {
        TfLiteModel model = TinyModels.QuantizeInt8ToInt16();
        _ = new MicroTL.Runtime.Interpreter(model); // the C# engine runs it

        var error = Assert.Throws<FirmwareGenerationException>(() => ModelCodeGenerator.Generate(model, ModelIdentity.Of(model, "q.tflite")));
        Assert.Equal((0, "QUANTIZE"), (error.OperatorIndex, error.OperatorName));
        Assert.Contains("op 0 QUANTIZE: INT8 -> INT16 is not supported by the firmware's C interpreter, which writes INT8 only", error.Message);
    }

    [Fact]
    public void Generate_ModelTheCSharpEngineRefuses_ThrowsItsUnsupportedOperatorException()
    {
        TfLiteModel model = TinyModels.UnknownOperator();

        var error = Assert.Throws<UnsupportedOperatorException>(() => ModelCodeGenerator.Generate(model, ModelIdentity.Of(model, "x.tflite")));
        Assert.Contains("op 0", error.Message);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void Generate_SymbolNotAnIdentifier_ThrowsArgumentException()
    {
        TfLiteModel model = TinyModels.AddInt8([1, 4]);

        var error = Assert.Throws<ArgumentException>(() =>
            ModelCodeGenerator.Generate(model, ModelIdentity.Of(model, "add.tflite"), new ModelGeneratorOptions { Symbol = "2fast" }));
        Assert.Contains("'2fast'", error.Message);
    }

    [Fact]
    public void Generate_SameModelTwice_GivesTheSameBytes()
    {
        FixtureModel fixture = FixtureModel.Get("test_conv_model.tflite");
        var identity = ModelIdentity.FromBytes(fixture.FileName, fixture.Bytes);

        GeneratedModel first = ModelCodeGenerator.Generate(fixture.Model, identity);
        GeneratedModel second = ModelCodeGenerator.Generate(TfLiteReader.Read(fixture.Bytes.ToArray()), identity);

        Assert.Equal(first.SourceText, second.SourceText);
        Assert.Equal(first.HeaderText, second.HeaderText);
    }

    [Fact]
    public void Generate_FixtureModel_HeaderNamesFileHashArenaAndSettings()
    {
        FixtureModel fixture = FixtureModel.Get("micro_speech_quantized.tflite");

        GeneratedModel generated = ModelCodeGenerator.Generate(fixture.Model, ModelIdentity.FromBytes(fixture.Path, fixture.Bytes));

        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(fixture.Bytes));
        Assert.Equal("micro_speech_quantized", generated.Symbol);
        foreach (string text in new[] { generated.HeaderText, generated.SourceText })
        {
            Assert.StartsWith("/* MicroTL firmware model micro_speech_quantized.tflite", text, StringComparison.Ordinal);
            Assert.Contains($"{fixture.Bytes.Length} bytes, SHA-256 {sha}", text);
            Assert.Contains($"arena         {fixture.Plan.TotalBytes} bytes", text);
            Assert.Contains("PreserveAllTensors=false", text);
        }
        Assert.Contains($"#define MTL_MODEL_MICRO_SPEECH_QUANTIZED_ARENA_BYTES {fixture.Plan.TotalBytes}", generated.HeaderText);
        Assert.Contains("const mtl_model mtl_model_micro_speech_quantized = {", generated.SourceText);
        Assert.Equal(fixture.Plan.TotalBytes, generated.ArenaBytes);
        Assert.Equal(1960, generated.InputBytes);
    }

    [Fact]
    public void Generate_FixtureModel_ConstantTensorsAreAlignedTypedArrays()
    {
        FixtureModel fixture = FixtureModel.Get("hello_world_float.tflite");

        string source = ModelCodeGenerator.Generate(fixture.Model, ModelIdentity.FromBytes(fixture.Path, fixture.Bytes)).SourceText;

        // Weights of 16 x 16 floats (t5) and a bias of 16 (t1): typed, 16-byte aligned, every constant an operator reads.
        Assert.Contains("static const float t5_data[256] MTL_ALIGNED(16) = {", source);
        Assert.Contains("static const float t1_data[16] MTL_ALIGNED(16) = {", source);
        Assert.DoesNotContain("t0_data", source); // the input is planned in the arena
        long inputOffset = fixture.Plan.Entries.Single(e => e.Kind == MicroTL.Runtime.ArenaEntryKind.Tensor && e.Tensor == 0).Offset;
        Assert.Contains($"{{ MTL_TYPE_FLOAT32, 2, t0_shape, 4, {inputOffset}, NULL, 0, NULL, NULL, 0 }}", source);
    }

    [Fact]
    public void Generate_NamesThatAreNotC_BecomeSafeIdentifiersAndComments()
    {
        TfLiteModel model = TinyModels.AddInt8([1, 4], "in */ /* ??/ \\\nx", "é\u0001", "ok");

        GeneratedModel generated = ModelCodeGenerator.Generate(model, ModelIdentity.Of(model, "/some/dir/2 my model*v2 (final).tflite"));

        Assert.Equal("m2_my_model_v2_final", generated.Symbol);
        string comments = string.Concat(generated.SourceText.Split("/*").Skip(1).Select(c => c[..c.IndexOf("*/", StringComparison.Ordinal)]));
        Assert.DoesNotContain("??", comments);
        Assert.DoesNotContain("\\", comments);
        Assert.DoesNotContain("é", generated.SourceText);
        Assert.Contains("/* t0 'in *_/ /_* ?_/ ??x' */".Replace("??", "?_", StringComparison.Ordinal), generated.SourceText);
    }
}
