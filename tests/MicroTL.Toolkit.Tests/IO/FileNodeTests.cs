// What a path names, as the output set sees it: the kind after following links, where a link leads, and one
// identity for every name of a file.
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

public sealed class FileNodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-node-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Of_EachKind_IsTold()
    {
        File.WriteAllText(PathOf("f"), "");

        Assert.Equal(FileNodeKind.RegularFile, FileNode.Of(PathOf("f")).Kind);
        Assert.Equal(FileNodeKind.Directory, FileNode.Of(_dir).Kind);
        Assert.Equal(FileNodeKind.Missing, FileNode.Of(PathOf("none")).Kind);
        Assert.Equal(FileNodeKind.Missing, FileNode.Of(PathOf("f/none")).Kind); // ENOTDIR: nothing there either
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(FileNodeKind.CharacterDevice, FileNode.Of("/dev/null").Kind);
        Assert.True(FileNode.Of("/dev/null").IsStream);
    }

    [Fact]
    public void Of_Pipe_IsAStreamWrittenInPlace()
    {
        if (!OperatingSystem.IsLinux()) return;
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [PathOf("fifo")])) mkfifo.WaitForExit();

        FileNode node = FileNode.Of(PathOf("fifo"));

        Assert.Equal(FileNodeKind.Pipe, node.Kind);
        Assert.True(node.IsStream);
    }

    [Fact]
    public void Of_SymbolicLinkChain_TargetIsTheLastFileAndIdentityItsOwn()
    {
        File.WriteAllText(PathOf("real"), "x");
        File.CreateSymbolicLink(PathOf("one"), "real");
        File.CreateSymbolicLink(PathOf("two"), PathOf("one"));

        FileNode node = FileNode.Of(PathOf("two"));

        Assert.True(node.IsSymbolicLink);
        Assert.Equal(PathOf("real"), node.TargetPath);
        Assert.Equal(FileNode.Of(PathOf("real")).Identity, node.Identity);
    }

    [Fact]
    public void Of_DanglingLink_MissingWithTheTargetToCreate()
    {
        File.CreateSymbolicLink(PathOf("link"), "new.bin");

        FileNode node = FileNode.Of(PathOf("link"));

        Assert.Equal(FileNodeKind.Missing, node.Kind);
        Assert.Equal(PathOf("new.bin"), node.TargetPath);
    }

    [Theory]
    [InlineData("/dev/stdout", 1)]
    [InlineData("/dev/stderr", 2)]
    [InlineData("/dev/fd/0", 0)]
    [InlineData("/proc/self/fd/7", 7)]
    public void Of_DescriptorOfThisProcess_IsAStreamWhateverItLeadsTo(string path, int descriptor)
    {
        if (!OperatingSystem.IsLinux()) return;

        FileNode node = FileNode.Of(path);

        Assert.Equal(descriptor, node.Descriptor);
        Assert.True(node.IsStream);
    }

    [Fact]
    public void Of_EmptyPath_Refused()
    {
        Assert.Throws<FilePathException>(() => FileNode.Of(""));
    }
}
