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

    private static readonly string[] Operators =
    [
        "op_add:AddOperator", "op_average_pool2d:AveragePool2DOperator", "op_conv2d:Conv2DOperator",
        "op_convolution_prepare:ConvolutionPrepare", "op_depthwise_conv2d:DepthwiseConv2DOperator", "op_dequantize:DequantizeOperator",
        "op_fully_connected:FullyConnectedOperator", "op_max_pool2d:MaxPool2DOperator", "op_pool2d_prepare:Pool2DPrepare",
        "op_quantize:QuantizeOperator", "op_reshape:ReshapeOperator", "op_softmax:SoftmaxOperator",
    ];

    [Fact]
    public void ReadText_EachInterpreterOperator_NamesTheCSharpOperatorItMirrors()
    {
        foreach (string entry in Operators)
        {
            string[] parts = entry.Split(':');
            string text = RuntimeSources.ReadText($"interpreter/{parts[0]}.c");
            string header = text[..text.IndexOf("*/", StringComparison.Ordinal)];
            Assert.Contains($"src/MicroTL/Runtime/Ops/{parts[1]}.cs", header);
        }
        foreach (string file in new[] { "interpreter/mtl_interpreter.h", "interpreter/mtl_model.h", "interpreter/mtl_op_data.h", "app/mtl_model_runner.c" })
            Assert.Contains(file, RuntimeSources.Files);
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
        Assert.Contains(Path.Combine(tree.InterpreterDirectory, "mtl_interpreter.c"), tree.InterpreterSources);
        Assert.True(File.Exists(tree.ModelRunnerSource));
    }
}
