using MicroTL.Storage;

namespace MicroTL.Tests.Storage;

/// <summary>The test medium's faults are the ones the power-loss sweeps claim to cover.</summary>
public class FaultInjectingFlashMediumTests
{
    private static readonly FlashGeometry Geometry = new(EraseBlockBytes: 16, ProgramUnitBytes: 4);

    [Fact]
    public void Counting_EachByteEraseBlockAndSyncIsAStep()
    {
        var medium = FaultInjectingFlashMedium.Counting(new RamFlashMedium(64, Geometry));

        medium.Program(0, new byte[8]);
        medium.Erase(16, 32);
        medium.Sync();

        Assert.Equal(8 + 2 + 1, medium.Steps);
        Assert.False(medium.Faulted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Program_CutAfterFiveBytes_LeavesThemAndTheRestErasedOrGarbledAndPowerStaysOff(bool garble)
    {
        var inner = new RamFlashMedium(64, Geometry);
        var medium = new FaultInjectingFlashMedium(inner, 5, FlashFault.PowerCut, garble);

        Assert.Throws<PowerCutException>(() => medium.Program(0, [1, 2, 3, 4, 5, 6, 7, 8]));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, inner.Bytes[..5].ToArray());
        Assert.Equal(garble, inner.Bytes[5..8].ContainsAnyExcept((byte)0xFF));
        Assert.Throws<PowerCutException>(() => medium.Read(0, new byte[4]));
    }

    [Fact]
    public void Erase_CutAtTheSecondBlockWithGarbling_ErasesTheFirstAndGarblesTheSecond()
    {
        var inner = new RamFlashMedium(new byte[64], Geometry); // all zero: nothing erased
        var medium = new FaultInjectingFlashMedium(inner, 1, FlashFault.PowerCut, garble: true);

        Assert.Throws<PowerCutException>(() => medium.Erase(0, 48));

        Assert.False(inner.Bytes[..16].ContainsAnyExcept((byte)0xFF));
        Assert.True(inner.Bytes[16..32].ContainsAnyExcept((byte)0));
        Assert.False(inner.Bytes[32..].ContainsAnyExcept((byte)0));
    }

    [Fact]
    public void WriteError_FailsOnceThenWorks()
    {
        var inner = new RamFlashMedium(64, Geometry);
        var medium = new FaultInjectingFlashMedium(inner, 0, FlashFault.WriteError);

        Assert.Throws<IOException>(medium.Sync);
        medium.Program(0, [7, 7, 7, 7]);

        Assert.True(medium.Faulted);
        Assert.Equal(7, inner.Bytes[3]);
    }
}
