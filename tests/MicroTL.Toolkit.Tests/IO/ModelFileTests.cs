// Model files on the host: reading names the broken file, writing replaces the target atomically
// and never makes up a folder.
using MicroTL.TfLite;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] HelloWorldBytes => File.ReadAllBytes(TestFixtures.Model("hello_world_int8.tflite"));

    [Fact]
    public void Read_ExampleModel_EqualsTheParsedBytes()
    {
        TfLiteModel model = ModelFile.Read(TestFixtures.Model("hello_world_int8.tflite"));

        Assert.Equal(TfLiteWriter.Write(TfLiteReader.Read(HelloWorldBytes)), TfLiteWriter.Write(model));
    }

    [Fact]
    public void Read_BrokenFile_MessageStartsWithPath()
    {
        string path = Path.Combine(_directory, "broken.tflite");
        File.WriteAllBytes(path, HelloWorldBytes[..100]);

        var error = Assert.Throws<InvalidModelException>(() => ModelFile.Read(path));

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.IsType<InvalidModelException>(error.InnerException);
    }

    [Fact]
    public void Read_MissingFile_ThrowsIOException()
    {
        Assert.ThrowsAny<IOException>(() => ModelFile.Read(Path.Combine(_directory, "missing.tflite")));
    }

    [Fact]
    public void Write_ExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.tflite");
        File.WriteAllText(path, "old contents");
        TfLiteModel model = TfLiteReader.Read(HelloWorldBytes);

        ModelFile.Write(path, model);

        Assert.Equal(TfLiteWriter.Write(model), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void Write_MissingDirectory_ThrowsIOExceptionAndCreatesNothing()
    {
        string folder = Path.Combine(_directory, "missing");

        Assert.ThrowsAny<IOException>(() => ModelFile.Write(Path.Combine(folder, "model.tflite"), TfLiteReader.Read(HelloWorldBytes)));

        Assert.False(Directory.Exists(folder));
    }
}
