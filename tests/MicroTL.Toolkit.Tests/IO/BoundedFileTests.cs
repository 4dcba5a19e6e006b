// Inputs are read within a limit: a regular file over it is refused before a byte is read, an endless device after
// the limit, a folder by name; lines are read one at a time within their own limit.
using MicroTL.Budget;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

public sealed class BoundedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-bounded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ReadAllBytes_RegularFileOverTheLimit_RefusedWithItsLength()
    {
        File.WriteAllBytes(PathOf("big.bin"), new byte[101]);

        var error = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadAllBytes(PathOf("big.bin"), 100, "--input", "the size of the tensor"));

        Assert.Equal($"--input {PathOf("big.bin")} holds 101 bytes, more than 100, the size of the tensor", error.Message);
        Assert.False(error.LimitIsDeviceMemory);
    }

    [Fact]
    public void ReadAllBytes_AtTheLimit_ReadsEveryByte()
    {
        byte[] bytes = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
        File.WriteAllBytes(PathOf("ok.bin"), bytes);

        Assert.Equal(bytes, BoundedFile.ReadAllBytes(PathOf("ok.bin"), 100, "--input", "the size of the tensor"));
    }

    [Fact]
    public void ReadAllBytes_EndlessDevice_RefusedOnceTheLimitIsPassed()
    {
        if (!OperatingSystem.IsLinux()) return;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadAllBytes("/dev/zero", ModelFile.MaxBytes, "model", "the most a model file can be"));

        Assert.Equal($"model /dev/zero holds more than {ModelFile.MaxBytes} bytes, the most a model file can be", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
    }

    [Fact]
    public void ReadFor_ModelLargerThanTheFlash_RefusedAsNotFittingTheDevice()
    {
        File.WriteAllBytes(PathOf("m.tflite"), new byte[4097]);
        var device = new DeviceMemory("tiny", RamBytes: 4096, FlashBytes: 4096, Source: "test");

        var error = Assert.Throws<InputTooLargeException>(() => ModelFile.ReadFor(PathOf("m.tflite"), device));

        Assert.True(error.LimitIsDeviceMemory);
        Assert.Contains("more than 4096, the flash of tiny", error.Message);
    }

    [Fact]
    public void OpenRead_Folder_RefusedByName()
    {
        var error = Assert.Throws<FilePathException>(() => BoundedFile.ReadAllBytes(_dir, 10, "MODEL", "x"));

        Assert.Equal($"MODEL {_dir} is a folder, not a file", error.Message);
    }

    [Fact]
    public void OpenRead_Missing_NamesTheFile()
    {
        var error = Assert.Throws<FileNotFoundException>(() => BoundedFile.ReadAllBytes(PathOf("none"), 10, "MODEL", "x"));

        Assert.Equal($"MODEL {PathOf("none")}: no such file", error.Message);
    }

    [Fact]
    public void ReadLines_LinesWithinTheLimit_ReadWithoutBreaks()
    {
        File.WriteAllText(PathOf("d.csv"), "a,b\r\nc\n\nlast");

        Assert.Equal(["a,b", "c", "", "last"], BoundedFile.ReadLines(PathOf("d.csv"), 4, 1000, "CSV", "a line"));
    }

    [Fact]
    public void ReadLines_LineOverTheLimit_RefusedNamingTheLine()
    {
        File.WriteAllText(PathOf("d.csv"), "ok\n" + new string('x', 5000) + "\n");

        var error = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadLines(PathOf("d.csv"), 4096, 1 << 20, "CSV", "a data line").ToList());

        Assert.StartsWith($"{PathOf("d.csv")}:2: a line longer than 4096 characters", error.Message);
    }

    [Fact]
    public void ReadLines_EndlessDeviceWithoutLineBreaks_RefusedAtTheFirstLine()
    {
        if (!OperatingSystem.IsLinux()) return;

        var error = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadLines("/dev/zero", 4096, 1 << 30, "CSV", "a data line").ToList());

        Assert.StartsWith("/dev/zero:1: a line longer than 4096 characters", error.Message);
    }

    [Fact]
    public void ReadLines_FileOverItsLimit_Refused()
    {
        File.WriteAllText(PathOf("d.csv"), string.Concat(Enumerable.Repeat("0,1\n", 100)));

        var error = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadLines(PathOf("d.csv"), 10, 100, "CSV", "a line").ToList());

        Assert.Contains("holds 400 bytes, more than 100", error.Message);
    }
}
