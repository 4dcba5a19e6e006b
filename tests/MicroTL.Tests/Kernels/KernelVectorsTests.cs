// Reproduces every int8 case of kernel_vectors/vectors.json (TFLM's own kernel unit tests) exactly.
using System.Text.Json;
using MicroTL.Kernels;
using MicroTL.TfLite;

namespace MicroTL.Tests.Kernels;

public class KernelVectorsTests
{
    public static TheoryData<string> ConvCases => KernelTestData.CaseNames("conv_");
    public static TheoryData<string> PoolCases => KernelTestData.CaseNames("pool_");

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2DInt8_TflmVector_MatchesGoldenOnBothPaths(string name)
    {
        JsonElement v = KernelTestData.Vectors.GetProperty(name);
        int[] inShape = v.Ints("input_shape"), fShape = v.Ints("filter_shape"), outShape = v.Ints("output_shape");
        int[] stride = v.Ints("stride");
        Padding padding = Enum.Parse<Padding>(v.GetProperty("padding").GetString()!, ignoreCase: true);
        float inScale = v.Float("input_scale"), outScale = v.Float("output_scale");
        int inZp = v.GetProperty("input_zp").GetInt32(), outZp = v.GetProperty("output_zp").GetInt32();
        float[] filterScales = v.Floats("filter_scale_per_channel");
        ActivationFunction act = ParseActivation(v.GetProperty("activation").GetString()!);

        PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(stride[0], stride[1], 1, 1, inShape[1], inShape[2],
            fShape[1], fShape[2], padding, out int oh, out int ow);
        Assert.Equal(outShape[1], oh);
        Assert.Equal(outShape[2], ow);
        var g = new ConvGeometry(inShape[0], inShape[1], inShape[2], inShape[3], fShape[1], fShape[2], fShape[3],
            oh, ow, fShape[0], stride[0], stride[1], 1, 1, pad.Height, pad.Width);
        int channels = fShape[0];
        var multipliers = new int[channels];
        var shifts = new int[channels];
        for (int c = 0; c < channels; c++)
            (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplier(
                (double)inScale * filterScales[filterScales.Length == 1 ? 0 : c] / outScale);
        Assert.True(QuantizationMath.TryQuantizedActivationRange(act, outScale, outZp, out int min, out int max));
        var q = new Int8Requantization(multipliers, shifts, -inZp, outZp, min, max);
        sbyte[] input = v.SBytes("input"), filter = v.SBytes("filter");
        int[] bias = v.Ints("bias");
        sbyte[] golden = v.SBytes("golden");

        var reference = new sbyte[g.OutputLength];
        Conv2DInt8.RunReference(g, q, input, filter, bias, reference);
        Assert.Equal(golden, reference);

        var folded = new int[channels];
        Conv2DInt8.ComputeFoldedBias(g, filter, bias, q.InputOffset, folded);
        var fast = new sbyte[g.OutputLength];
        Conv2DInt8.Run(g, q, input, Packed(g, filter, SimdSupport.Best), folded, fast, new byte[Conv2DInt8.ScratchBytes(g)], SimdSupport.Best);
        Assert.Equal(golden, fast);
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void Pool2DInt8_TflmVector_MatchesGolden(string name)
    {
        JsonElement v = KernelTestData.Vectors.GetProperty(name);
        int[] inShape = v.Ints("input_shape"), outShape = v.Ints("output_shape");
        int[] filter = v.Ints("filter_hw"), stride = v.Ints("stride_hw");
        Padding padding = Enum.Parse<Padding>(v.GetProperty("padding").GetString()!, ignoreCase: true);
        PaddingValues pad = PaddingMath.ComputePaddingHeightWidth(stride[0], stride[1], 1, 1, inShape[1], inShape[2],
            filter[0], filter[1], padding, out int oh, out int ow);
        Assert.Equal(outShape[1], oh);
        Assert.Equal(outShape[2], ow);
        var g = new ConvGeometry(inShape[0], inShape[1], inShape[2], inShape[3], filter[0], filter[1], inShape[3],
            oh, ow, inShape[3], stride[0], stride[1], 1, 1, pad.Height, pad.Width);
        Assert.True(QuantizationMath.TryQuantizedActivationRange(ParseActivation(v.GetProperty("activation").GetString()!),
            v.Float("scale"), v.GetProperty("zp").GetInt32(), out int min, out int max));

        var output = new sbyte[g.OutputLength];
        if (v.GetProperty("op").GetString() == "avg")
            AveragePool2DInt8.Run(g, min, max, v.SBytes("input"), output, SimdSupport.Best);
        else
            MaxPool2DInt8.Run(g, min, max, v.SBytes("input"), output, SimdSupport.Best);
        Assert.Equal(v.SBytes("golden"), output);
    }

    private static ActivationFunction ParseActivation(string s) => s switch
    {
        "NONE" => ActivationFunction.None,
        "RELU" => ActivationFunction.Relu,
        "RELU6" => ActivationFunction.Relu6,
        "RELU_N1_TO_1" => ActivationFunction.ReluN1To1,
        _ => throw new ArgumentException(s),
    };

    private static sbyte[] Packed(ConvGeometry g, sbyte[] filter, SimdLevel level)
    {
        var packed = new sbyte[Conv2DInt8.PackedFilterBytes(g)];
        Conv2DInt8.PackFilter(g, filter, packed, level);
        return packed;
    }
}
