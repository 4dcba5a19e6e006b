using MicroTL.Storage;

namespace MicroTL.Tests.Storage;

/// <summary>The RAM medium keeps NOR flash's rules, so code that works on it works on a flash driver.</summary>
public class RamFlashMediumTests
{
    private static readonly FlashGeometry Geometry = new(EraseBlockBytes: 64, ProgramUnitBytes: 4);

    [Fact]
    public void Constructor_Size_IsErased()
    {
        var medium = new RamFlashMedium(256, Geometry);

        Assert.Equal(256, medium.SizeBytes);
        Assert.False(medium.Bytes.ContainsAnyExcept((byte)0xFF));
        Assert.Equal(64, medium.EraseBlockBytes);
        Assert.Equal(4, medium.ProgramUnitBytes);
    }

    [Fact]
    public void ProgramThenRead_ErasedBytes_ReturnsTheBytes()
    {
        var medium = new RamFlashMedium(256, Geometry);

        medium.Program(8, [1, 2, 3, 4, 5, 6, 7, 8]);
        var read = new byte[12];
        medium.Read(4, read);

        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8 }, read);
    }

    [Fact]
    public void Program_OverAProgrammedByte_ThrowsNamingTheAddressAndValue()
    {
        var medium = new RamFlashMedium(256, Geometry, "board flash");
        medium.Program(16, [0xFF, 0xFF, 0x5A, 0xFF]);

        var error = Assert.Throws<InvalidOperationException>(() => medium.Program(16, [0xFF, 0xFF, 0xFF, 0x00]));

        Assert.Contains("board flash", error.Message);
        Assert.Contains("address 18", error.Message);
        Assert.Contains("0x5A", error.Message);
        Assert.Equal(0xFF, medium.Bytes[19]); // nothing of the refused program landed
    }

    [Theory]
    [InlineData(2, 4)] // unaligned address
    [InlineData(4, 3)] // not whole units
    [InlineData(252, 8)] // past the end
    [InlineData(-4, 4)]
    public void Program_BadRange_ThrowsArgumentOutOfRange(int address, int length)
    {
        var medium = new RamFlashMedium(256, Geometry);

        Assert.Throws<ArgumentOutOfRangeException>(() => medium.Program(address, new byte[length]));
        Assert.False(medium.Bytes.ContainsAnyExcept((byte)0xFF));
    }

    [Fact]
    public void Erase_WholeBlock_SetsItToFFAndLeavesTheOthers()
    {
        var medium = new RamFlashMedium(256, Geometry);
        medium.Program(60, [1, 2, 3, 4, 5, 6, 7, 8]); // across the first two blocks

        medium.Erase(64, 64);

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, medium.Bytes.Slice(60, 4).ToArray());
        Assert.False(medium.Bytes.Slice(64, 64).ContainsAnyExcept((byte)0xFF));
        medium.Program(64, [9, 9, 9, 9]); // erased bytes program again
    }

    [Theory]
    [InlineData(32, 64)] // not at a block boundary
    [InlineData(0, 100)] // not whole blocks
    [InlineData(192, 128)] // past the end
    public void Erase_BadRange_ThrowsNamingTheBlockSize(int address, int length)
    {
        var medium = new RamFlashMedium(256, Geometry);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => medium.Erase(address, length));

        Assert.Contains(address + length > 256 ? "256 bytes" : "64-byte blocks", error.Message);
    }

    [Fact]
    public void Read_PastTheEnd_ThrowsArgumentOutOfRange()
    {
        var medium = new RamFlashMedium(256, Geometry);

        Assert.Throws<ArgumentOutOfRangeException>(() => medium.Read(250, new byte[8]));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(64, 0)]
    [InlineData(64, 24)] // the unit does not divide the block
    public void Constructor_InvalidGeometry_Throws(int eraseBlock, int programUnit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RamFlashMedium(256, new FlashGeometry(eraseBlock, programUnit)));
    }
}
