// The linker's overflow diagnostics turned into FirmwareOverflowException, and a model too large for the
// nRF52840 refused with the bytes it is over, measured from its link for mps2-an386.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Toolchain;

public sealed class OverflowTests
{
    [Fact]
    public void TryParse_RegionOverflowedByBytes_KeepsRegionAndBytes()
    {
        const string ld = "ld: fw.elf section `.rodata' will not fit in region `FLASH'\nld: region `FLASH' overflowed by 4242 bytes\n";

        FirmwareOverflowException? error = FirmwareOverflowException.TryParse(FirmwareTarget.Nrf52840, ld);

        Assert.NotNull(error);
        Assert.Equal(("FLASH", 4242L), (error.Region, error.OverflowBytes));
        Assert.Contains("FLASH overflowed by 4,242 bytes (the FLASH region holds 1,048,576 bytes)", error.Message);
    }

    [Fact]
    public void TryParse_OverflowedByZeroAndAssertion_RamWithoutBytes()
    {
        const string ld = "ld: p.elf section `.bss' will not fit in region `RAM'\nld: RAM overflow: .data + .bss + heap minimum + stack exceed the RAM region\n" +
            "ld: region `RAM' overflowed by 0 bytes\n";

        FirmwareOverflowException? error = FirmwareOverflowException.TryParse(FirmwareTarget.Nrf52840, ld);

        Assert.NotNull(error);
        Assert.Equal("RAM", error.Region);
        Assert.Null(error.OverflowBytes);
    }

    [Fact]
    public void TryParse_OtherLinkError_ReturnsNull() =>
        Assert.Null(FirmwareOverflowException.TryParse(FirmwareTarget.Nrf52840, "ld: undefined reference to `main'\n"));

    [FirmwareFact]
    public void Link_ModelLargerThanNrf52840Ram_ThrowsRamOverflowedByMeasuredBytes()
    {
        TfLiteModel model = TinyModels.AddInt8([1, 512, 512, 1]);
        GeneratedModel generated = ModelCodeGenerator.Generate(model, ModelIdentity.Of(model, "big_add.tflite"));
        CompiledFirmware compiled = FirmwareProject.Write(KernelRunner.NewDirectory("big-add"), generated).Compile(FirmwareCompiler.Locate());

        var error = Assert.Throws<FirmwareOverflowException>(() => compiled.Link(FirmwareTarget.Nrf52840));

        // The arena (three 256 KB tensors and the tail) and the runner's copy of the two inputs, beyond 256 KB of RAM.
        long atLeast = generated.ArenaBytes + generated.InputBytes - 256 * 1024;
        Assert.Equal(("RAM", FirmwareTarget.Nrf52840), (error.Region, error.Target));
        Assert.InRange(error.OverflowBytes!.Value, atLeast, atLeast + 64 * 1024);
        Assert.Contains($"RAM overflowed by {error.OverflowBytes.Value:N0} bytes", error.Message);
        Assert.Contains(".bss", error.Message);
        Assert.InRange(compiled.Link(FirmwareTarget.Mps2An386).Sizes().BssBytes, generated.ArenaBytes, 4L << 20);
    }
}
