// One writer per file: a second lock is refused at once and takes nothing from the holder; the lock file goes
// with the holder.
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

public sealed class FileLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Acquire_HeldElsewhere_RefusedAndTheHoldersLockFileStays()
    {
        using FileLock held = FileLock.Acquire(PathOf("s.bin"), "--store s.bin");

        var error = Assert.Throws<FileInUseException>(() => FileLock.Acquire(PathOf("s.bin"), "--store s.bin"));

        Assert.Equal(PathOf(".s.bin.microtl.lock"), error.LockPath);
        Assert.True(File.Exists(held.LockPath));
    }

    [Fact]
    public void Dispose_RemovesTheLockFileAndFreesTheFile()
    {
        FileLock first = FileLock.Acquire(PathOf("s.bin"), "--store s.bin");
        first.Dispose();

        Assert.False(File.Exists(PathOf(".s.bin.microtl.lock")));
        using FileLock second = FileLock.Acquire(PathOf("s.bin"), "--store s.bin");
    }

    [Fact]
    public void Acquire_StaleLockFileOfAGoneProcess_TakenOver()
    {
        File.WriteAllText(PathOf(".s.bin.microtl.lock"), "microtl process 999999 writes s.bin\n"); // what a kill -9 leaves

        FileLock taken = FileLock.Acquire(PathOf("s.bin"), "--store s.bin");
        Assert.Throws<FileInUseException>(() => FileLock.Acquire(PathOf("s.bin"), "--store s.bin"));
        taken.Dispose();

        Assert.False(File.Exists(PathOf(".s.bin.microtl.lock")));
    }

    [Fact]
    public void Acquire_FolderMissing_RefusedAsAPathProblem()
    {
        Assert.Throws<FilePathException>(() => FileLock.Acquire(PathOf("none/s.bin"), "--store none/s.bin"));
    }
}
