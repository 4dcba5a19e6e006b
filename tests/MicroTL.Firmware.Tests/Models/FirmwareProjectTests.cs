// A generated project on disk: its files, and its Makefile building what the C# driver builds (same
// flags, same section sizes) and running under QEMU by hand.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;

namespace MicroTL.Firmware.Tests.Models;

public sealed class FirmwareProjectTests
{
    [Fact]
    public void Write_Model_LaysOutRuntimeModelAndMakefile()
    {
        FixtureModel fixture = FixtureModel.Get("network_model.tflite");
        GeneratedModel model = ModelCodeGenerator.Generate(fixture.Model, ModelIdentity.FromBytes(fixture.FileName, fixture.Bytes));

        FirmwareProject project = FirmwareProject.Write(KernelRunner.NewDirectory("layout"), model);

        foreach (string file in new[] { "Makefile", "model/model.h", "model/model.c", "runtime/app/mtl_model_runner.c",
            "runtime/interpreter/mtl_interpreter.c", "runtime/interpreter/op_depthwise_conv2d.c", "runtime/kernels/conv2d_s8.c", "runtime/platform/nrf52840.ld" })
            Assert.True(File.Exists(Path.Combine(project.Directory, file)), $"{file} is missing");
        Assert.Equal(model.SourceText, File.ReadAllText(project.ModelSource));
        string makefile = File.ReadAllText(project.Makefile);
        Assert.Contains("CPU_FLAGS = " + string.Join(' ', CompilerFlags.CortexM4F), makefile);
        Assert.Contains("CFLAGS = " + string.Join(' ', CompilerFlags.Common.Concat(CompilerFlags.Sections)), makefile);
        Assert.Contains("-Wl,--defsym=__stack_size=8192", makefile);
        Assert.Equal(project.DeviceSources.Count, project.HostSources.Count + 2);
        Assert.All(project.DeviceSources, s => Assert.Contains(Path.GetRelativePath(project.Directory, s), makefile));
    }

    [Fact]
    public void RequireMatch_RuntimeOfOtherSideOrDefines_ThrowsArgumentException()
    {
        var device = new CompiledRuntime(["kernels.o"], ForDevice: true, ["MTL_EXP_VIA_DOUBLE"]);

        var wrongSide = Assert.Throws<ArgumentException>(() => device.RequireMatch(forDevice: false, ["MTL_EXP_VIA_DOUBLE"]));
        var wrongDefines = Assert.Throws<ArgumentException>(() => device.RequireMatch(forDevice: true, ["X"]));

        Assert.Contains("compiled for the device (arm-none-eabi-gcc), this build is for the host (gcc)", wrongSide.Message);
        Assert.Contains("defines [MTL_EXP_VIA_DOUBLE], this build uses [X]", wrongDefines.Message);
        device.RequireMatch(forDevice: true, ["MTL_EXP_VIA_DOUBLE"]);
    }

    [HostGccFact]
    public void BuildHost_DeviceRuntime_ThrowsBeforeCompiling()
    {
        FirmwareProject project = ModelBuilds.Project(FixtureModel.Get("hello_world_int8.tflite"));
        var device = new CompiledRuntime(["kernels.o"], ForDevice: true, []);

        var error = Assert.Throws<ArgumentException>(() => project.BuildHost(HostCompiler.Locate(), runtime: device));
        Assert.Contains("compiled for the device", error.Message);
    }

    [FirmwareMakeFact]
    public void Makefile_BuildAndRun_SameSizesAsTheDriverAndRunsUnderQemu()
    {
        FixtureModel fixture = FixtureModel.Get("hello_world_int8.tflite");
        GeneratedModel model = ModelCodeGenerator.Generate(fixture.Model, ModelIdentity.FromBytes(fixture.FileName, fixture.Bytes));
        FirmwareProject project = FirmwareProject.Write(KernelRunner.NewDirectory("make"), model);
        string make = ToolLocator.Require(ToolLocator.Make);

        ProcessResult build = ProcessRunner.Run(make, ["-j2", "nrf52840", "qemu", "host"], project.Directory, TimeSpan.FromMinutes(2));
        Assert.True(build.ExitCode == 0, build.Stdout + build.Stderr);
        ProcessResult run = ProcessRunner.Run(make, ["--no-print-directory", "run"], project.Directory, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("mtl-runner: cases=1 status=0", run.Stdout);
        Assert.True(File.Exists(Path.Combine(project.Directory, "run", "c0_t9.bin")));
        Assert.True(File.Exists(Path.Combine(project.Directory, "build", "host", "model_runner")));
        ElfSizes byMake = ElfSizes.Read(Path.Combine(project.Directory, "build", "nrf52840", "firmware.elf"), FirmwareMemoryMap.Of(FirmwareTarget.Nrf52840));
        ElfSizes byDriver = ModelBuilds.Images(fixture).Nrf.Sizes();
        Assert.Equal((byDriver.TextBytes, byDriver.RodataBytes, byDriver.DataBytes, byDriver.BssBytes),
            (byMake.TextBytes, byMake.RodataBytes, byMake.DataBytes, byMake.BssBytes));
    }
}
