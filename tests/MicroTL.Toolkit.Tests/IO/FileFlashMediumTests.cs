using System.Buffers.Binary;
using MicroTL.Features;
using MicroTL.Storage;
using MicroTL.Store;
using MicroTL.Toolkit.IO;

namespace MicroTL.Toolkit.Tests.IO;

/// <summary>The host's flash image: the NOR rules as on the device, durable across reopening, and a feature store on it.</summary>
public sealed class FileFlashMediumTests : IDisposable
{
    private static readonly FlashGeometry Geometry = new(EraseBlockBytes: 256, ProgramUnitBytes: 4);
    private static readonly FeatureQuantization Quantization = new(0.05f, -3);
    private readonly string _directory = Directory.CreateTempSubdirectory("microtl-flashfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Create_Size_WritesAnErasedImageAndNoTemporaryFile()
    {
        string path = PathOf("store.mtl");

        using (FileFlashMedium medium = FileFlashMedium.Create(path, 1024, Geometry))
        {
            Assert.Equal(1024, medium.SizeBytes);
            Assert.Equal(path, medium.Name);
        }

        Assert.Equal(Enumerable.Repeat((byte)0xFF, 1024), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void ProgramEraseAndSync_ThenReopen_TheFileHoldsTheImage()
    {
        string path = PathOf("store.mtl");
        using (FileFlashMedium medium = FileFlashMedium.Create(path, 1024, Geometry))
        {
            medium.Program(4, [1, 2, 3, 4]);
            medium.Program(300, [5, 6, 7, 8]);
            medium.Erase(256, 256);
            medium.Sync();
        }

        using FileFlashMedium reopened = FileFlashMedium.Open(path, Geometry);
        var read = new byte[8];
        reopened.Read(0, read);

        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4 }, read);
        Assert.Equal(0xFF, File.ReadAllBytes(path)[300]);
    }

    [Fact]
    public void Program_OverAProgrammedByte_ThrowsNamingTheFileAndAddress()
    {
        string path = PathOf("store.mtl");
        using FileFlashMedium medium = FileFlashMedium.Create(path, 1024, Geometry);
        medium.Program(512, [0xFF, 0x11, 0xFF, 0xFF]);

        var error = Assert.Throws<InvalidOperationException>(() => medium.Program(512, [0xFF, 0xFF, 0xFF, 0x22]));

        Assert.Contains(path, error.Message);
        Assert.Contains("address 513", error.Message);
        Assert.Equal(0xFF, File.ReadAllBytes(path)[515]);
    }

    [Fact]
    public void ProgramAndErase_BadRanges_Throw()
    {
        using FileFlashMedium medium = FileFlashMedium.Create(PathOf("store.mtl"), 1024, Geometry);

        Assert.Throws<ArgumentOutOfRangeException>(() => medium.Program(2, new byte[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => medium.Program(1020, new byte[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => medium.Erase(128, 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => medium.Read(1000, new byte[32]));
    }

    [Fact]
    public void OpenReadOnly_ProgramOrErase_ThrowsIOException()
    {
        string path = PathOf("store.mtl");
        FileFlashMedium.Create(path, 1024, Geometry).Dispose();
        using FileFlashMedium medium = FileFlashMedium.Open(path, Geometry, readOnly: true);

        Assert.Throws<IOException>(() => medium.Program(0, new byte[4]));
        Assert.Throws<IOException>(() => medium.Erase(0, 256));
    }

    [Fact]
    public void CreateOverExistingFile_And_OpenMissingFile_Throw()
    {
        string path = PathOf("store.mtl");
        File.WriteAllText(path, "mine");

        Assert.Throws<IOException>(() => FileFlashMedium.Create(path, 1024, Geometry));
        Assert.Equal("mine", File.ReadAllText(path));
        Assert.Throws<FileNotFoundException>(() => FileFlashMedium.Open(PathOf("missing.mtl"), Geometry));
    }

    [Fact]
    public void OpenOrCreate_ExistingFile_KeepsItsOwnSize()
    {
        string path = PathOf("store.mtl");
        FileFlashMedium.Create(path, 512, Geometry).Dispose();

        using FileFlashMedium medium = FileFlashMedium.OpenOrCreate(path, 4096, Geometry);

        Assert.Equal(512, medium.SizeBytes);
    }

    [Theory]
    [InlineData(FeatureStoreMode.RamJournaled)]
    [InlineData(FeatureStoreMode.Flash)]
    public void FeatureStore_OnTheFileRegion_ReopensTheSameRecordsInAnotherProcessLifetime(FeatureStoreMode mode)
    {
        string path = PathOf("store.mtl");
        FlashRegion region = FileFlashMedium.Region(path, Geometry);
        int size = FeatureStore.RequiredFlashBytes(8, 10 * 10, Geometry);
        var written = new List<(int, string)>();
        using (var medium = (FileFlashMedium)region.Open(size))
        {
            FeatureStore store = FeatureStore.OpenOrCreate(medium, 8, Quantization, 10 * 10, maxClasses: 3, seed: 4, mode);
            for (int i = 0; i < 40; i++) store.Add(Sample(i), i % 3);
            for (int i = 0; i < store.Count; i++) written.Add((store.LabelOf(i), Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(store.FeaturesOf(i)))));
        }

        Assert.Equal(size, new FileInfo(path).Length);
        using var reopened = (FileFlashMedium)region.Open(size);
        FeatureStore again = FeatureStore.Open(reopened, mode);
        Assert.True(again.Recovery.WasClean);
        Assert.Equal(written, Enumerable.Range(0, again.Count).Select(i => (again.LabelOf(i), Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(again.FeaturesOf(i))))));
    }

    [Fact]
    public void FeatureStore_VersionOneStoreFile_IsRefusedNamingTheFileAndTheVersion()
    {
        // A store file of the single-file format of earlier builds: a 40-byte header, then records.
        string path = PathOf("old.mtl");
        byte[] old = new byte[40 + 2 * 44];
        "MTLFS"u8.CopyTo(old);
        old[5] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(old.AsSpan(8), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(36), Crc32.Compute(old.AsSpan(0, 36)));
        File.WriteAllBytes(path, old);
        using FileFlashMedium medium = FileFlashMedium.OpenOrCreate(path, 4096, FlashGeometry.Nrf52840);

        var error = Assert.Throws<FeatureStoreException>(() => FeatureStore.OpenOrCreate(medium, 16, Quantization, 64 * 1024, 2));

        Assert.Contains(path, error.Message);
        Assert.Contains("format version 1 is not supported", error.Message);
        Assert.Equal(old, File.ReadAllBytes(path));
    }

    private static sbyte[] Sample(int i) => [.. Enumerable.Range(0, 8).Select(f => unchecked((sbyte)(i * 31 + f * 7)))];
}
