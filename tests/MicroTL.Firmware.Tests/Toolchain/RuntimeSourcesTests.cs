// The C runtime embedded in the assembly: every file present, written out intact, each kernel
// documented with its layouts.
using MicroTL.Firmware.Tests.Support;

namespace MicroTL.Firmware.Tests.Toolchain;

public sealed class RuntimeSourcesTests
{
    private static readonly string[] Kernels =
    [
        "add_s8", "average_pool2d_s8", "conv2d_s8", "depthwise_conv2d_s8", "dequantize_s8_f32", "fully_connected_f32",
        "fully_connected_s8", "max_pool2d_s8", "quantize_f32_s8", "requantize_s8", "reshape", "softmax_f32", "softmax_s8",
    ];

    [Fact]
    public void Files_Embedded_HoldPlatformScriptsAndEveryKernel()
    {
        foreach (string file in new[] { "platform/startup_cortex_m4.c", "platform/mtl_platform.c", "platform/mtl_platform.h",
            "platform/mtl_sections.ld", "platform/nrf52840.ld", "platform/mps2_an386.ld", "kernels/mtl_kernels.h", "kernels/mtl_types.h" })
            Assert.Contains(file, RuntimeSources.Files);
        foreach (string kernel in Kernels) Assert.Contains($"kernels/{kernel}.c", RuntimeSources.Files);
    }

    [Fact]
    public void ReadText_EachKernel_OpensWithLayoutsAndTheCSharpItMirrors()
    {
        foreach (string kernel in Kernels)
        {
            string text = RuntimeSources.ReadText($"kernels/{kernel}.c");
            string header = text[..text.IndexOf("*/", StringComparison.Ordinal)];
            Assert.Contains("Layouts:", header);
            Assert.True(header.Contains("src/MicroTL/Kernels/", StringComparison.Ordinal) || kernel == "reshape", $"{kernel}.c names no C# kernel");
        }
    }

    [Fact]
    public void ReadText_UnknownFile_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RuntimeSources.ReadText("kernels/nope.c"));
        Assert.Contains("kernels/nope.c", error.Message);
    }

    [Fact]
    public void WriteTo_Folder_WritesEveryFileWithItsText()
    {
        string directory = KernelRunner.NewDirectory("runtime-copy");
        RuntimeTree tree = RuntimeSources.WriteTo(directory);

        foreach (string file in RuntimeSources.Files)
            Assert.Equal(RuntimeSources.ReadText(file), File.ReadAllText(Path.Combine(tree.Root, file)));
        Assert.Contains(Path.Combine(tree.KernelsDirectory, "conv2d_s8.c"), tree.KernelSources);
        Assert.Contains(Path.Combine(tree.PlatformDirectory, "startup_cortex_m4.c"), tree.PlatformSources);
    }
}
