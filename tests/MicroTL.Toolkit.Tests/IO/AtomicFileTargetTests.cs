// What AtomicFile replaces: only a regular file or a new path. Before, `--out /dev/null` as root replaced the device
// node with a regular file, and a symbolic link was replaced by a file; every writer of the library goes through here.
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

public sealed class AtomicFileTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-atomic-target-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void WriteAllBytes_CharacterDevice_WrittenInPlaceAndStaysADevice()
    {
        if (!OperatingSystem.IsLinux()) return;

        AtomicFile.WriteAllBytes("/dev/null", [1, 2, 3]);

        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null").Kind);
    }

    [Fact]
    public void WriteAllBytes_SymbolicLink_ReplacesTheTargetAndKeepsTheLink()
    {
        File.WriteAllText(PathOf("target.json"), "old");
        File.CreateSymbolicLink(PathOf("link.json"), "target.json");

        AtomicFile.WriteAllText(PathOf("link.json"), "new");

        Assert.Equal("target.json", new FileInfo(PathOf("link.json")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(PathOf("target.json")));
    }

    [Fact]
    public void WriteAllBytes_Folder_RefusedNotReplaced()
    {
        Directory.CreateDirectory(PathOf("report.json"));

        var error = Assert.Throws<FilePathException>(() => AtomicFile.WriteAllText(PathOf("report.json"), "{}"));

        Assert.Contains("is a folder", error.Message);
        Assert.True(Directory.Exists(PathOf("report.json")));
    }
}
