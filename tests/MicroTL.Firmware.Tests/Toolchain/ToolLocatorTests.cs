// Finding the toolchain: a missing tool is a clear error naming the program and its Debian package.
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Toolchain;

public sealed class ToolLocatorTests
{
    private static readonly string EmptyPath = KernelRunner.NewDirectory("empty-path");

    [Fact]
    public void Find_ProgramInSecondDirectory_ReturnsItsPath()
    {
        string directory = KernelRunner.NewDirectory("tools");
        string program = Path.Combine(directory, "arm-none-eabi-gcc");
        File.WriteAllText(program, "");

        Assert.Equal(program, ToolLocator.Find("arm-none-eabi-gcc", EmptyPath + Path.PathSeparator + directory));
    }

    [Fact]
    public void Require_MissingTool_ThrowsNamingToolAndPackage()
    {
        var error = Assert.Throws<ToolNotFoundException>(() => ToolLocator.Require(ToolLocator.ArmGcc, EmptyPath));

        Assert.Equal("arm-none-eabi-gcc", error.Tool);
        Assert.Contains("arm-none-eabi-gcc not found", error.Message);
        Assert.Contains("apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi", error.Message);
    }

    [Fact]
    public void FirmwareCompilerLocate_NoCompiler_ThrowsToolNotFound() =>
        Assert.Equal("gcc-arm-none-eabi libnewlib-arm-none-eabi",
            Assert.Throws<ToolNotFoundException>(() => FirmwareCompiler.Locate(EmptyPath)).DebianPackage);

    [Fact]
    public void QemuRunnerLocate_NoQemu_ThrowsToolNotFound() =>
        Assert.Equal("qemu-system-arm", Assert.Throws<ToolNotFoundException>(() => QemuRunner.Locate(EmptyPath)).DebianPackage);

    [Fact]
    public void HostCompilerLocate_NoGcc_ThrowsToolNotFound() =>
        Assert.Equal("gcc", Assert.Throws<ToolNotFoundException>(() => HostCompiler.Locate(EmptyPath)).Tool);
}
