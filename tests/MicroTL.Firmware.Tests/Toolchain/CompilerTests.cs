// The flags the driver passes and how it reports a failed build.
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Toolchain;

public sealed class CompilerTests
{
    [Fact]
    public void Arguments_Nrf52840_HaveCoreFloatWarningAndSectionFlagsAndItsScript()
    {
        RuntimeTree runtime = KernelRunner.RuntimeTree;
        IReadOnlyList<string> args = FirmwareCompiler.Arguments(FirmwareTarget.Nrf52840, runtime, [], "fw.elf",
            new FirmwareBuildOptions { StackBytes = 4096, Defines = ["X=1"] });

        foreach (string flag in new[] { "-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard", "-O2",
            "-ffp-contract=off", "-std=c99", "-Wall", "-Wextra", "-Werror", "-ffunction-sections", "-fdata-sections",
            "-Wl,--gc-sections", "--specs=rdimon.specs", "-nostartfiles", "-DX=1", "-Wl,--defsym=__stack_size=4096" })
            Assert.Contains(flag, args);
        Assert.Contains("-T" + Path.Combine(runtime.PlatformDirectory, "nrf52840.ld"), args);
        Assert.Contains(Path.Combine(runtime.KernelsDirectory, "conv2d_s8.c"), args);
    }

    [Fact]
    public void MemoryMap_Targets_HaveTheBoardsRegions()
    {
        FirmwareMemoryMap nrf = FirmwareMemoryMap.Of(FirmwareTarget.Nrf52840), mps2 = FirmwareMemoryMap.Of(FirmwareTarget.Mps2An386);

        Assert.Equal((0u, 1 << 20, 0x20000000u, 256 << 10), (nrf.FlashOrigin, nrf.FlashBytes, nrf.RamOrigin, nrf.RamBytes));
        Assert.Equal((nrf.FlashOrigin, nrf.RamOrigin), (mps2.FlashOrigin, mps2.RamOrigin));
        Assert.True(mps2.RamBytes > nrf.RamBytes && mps2.FlashBytes > nrf.FlashBytes);
        Assert.True(nrf.IsRam(0x2003FFFF));
        Assert.False(nrf.IsRam(0x20040000));
    }

    [Fact]
    public void MemoryMap_UnknownTarget_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FirmwareMemoryMap.Of((FirmwareTarget)99));

    [HostGccFact]
    public void BuildExecutable_CompileError_ThrowsWithCompilerDiagnostics()
    {
        string directory = KernelRunner.NewDirectory("broken");
        string source = Path.Combine(directory, "broken.c");
        File.WriteAllText(source, "int main(void) { int unused; return 0; }\n");

        var error = Assert.Throws<ToolchainException>(() => HostCompiler.Locate().BuildExecutable([source], [], Path.Combine(directory, "broken")));
        Assert.Contains("failed with exit code", error.Message);
        Assert.Contains("unused variable", error.Message); // -Wall -Werror
    }

    [FirmwareFact]
    public void Build_CompileError_ThrowsWithCompilerDiagnostics()
    {
        string directory = KernelRunner.NewDirectory("broken-fw");
        string source = Path.Combine(directory, "main.c");
        File.WriteAllText(source, "int main(void) { return undeclared; }\n");

        var error = Assert.Throws<ToolchainException>(() =>
            FirmwareCompiler.Locate().Build(FirmwareTarget.Mps2An386, KernelRunner.RuntimeTree, [source], Path.Combine(directory, "fw.elf")));
        Assert.Contains("building firmware for Mps2An386", error.Message);
        Assert.Contains("undeclared", error.Message);
    }

    [Fact]
    public void ObjectPaths_TwoSourcesOfOneName_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => FirmwareCompiler.ObjectPaths(["a/model.c", "b/model.c"], "obj"));
        Assert.Contains("model.c", error.Message);
    }

    [Fact]
    public void ObjectPaths_Sources_OneObjectEachInTheFolder() =>
        Assert.Equal([Path.GetFullPath("obj/x.o"), Path.GetFullPath("obj/y.o")], FirmwareCompiler.ObjectPaths(["src/x.c", "y.c"], "obj"));

    [FirmwareFact]
    public void Link_UndefinedSymbol_ThrowsToolchainExceptionNotOverflow()
    {
        string directory = KernelRunner.NewDirectory("link-error");
        string source = Path.Combine(directory, "main.c");
        File.WriteAllText(source, "extern int missing(void);\nint main(void) { return missing(); }\n");
        FirmwareCompiler compiler = FirmwareCompiler.Locate();
        IReadOnlyList<string> objects = compiler.Compile(KernelRunner.RuntimeTree, [.. KernelRunner.RuntimeTree.PlatformSources, source], Path.Combine(directory, "obj"));

        var error = Assert.Throws<ToolchainException>(() => compiler.Link(FirmwareTarget.Nrf52840, KernelRunner.RuntimeTree, objects, Path.Combine(directory, "fw.elf")));
        Assert.IsNotType<FirmwareOverflowException>(error);
        Assert.Contains("linking firmware for Nrf52840", error.Message);
        Assert.Contains("missing", error.Message);
    }
}
