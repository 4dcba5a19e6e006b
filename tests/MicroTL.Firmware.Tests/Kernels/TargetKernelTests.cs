// The same C kernels cross-compiled with arm-none-eabi-gcc for the Cortex-M4F and run under QEMU
// mps2-an386 (inputs and outputs through semihosting files), against the C# kernels byte for byte:
// a few cases of every kernel, in one run. SOFTMAX float32 depends on the C library's expf
// (mtl_float_math.h): newlib's is within 1 ulp of glibc's (a few ulps after the normalisation) (which .NET calls), and exp via double is
// bit-identical under both.
using MicroTL.Firmware.Tests.Support;
using static MicroTL.Firmware.Tests.Kernels.WindowKernelTests;
using static MicroTL.Firmware.Tests.Support.FloatAndMathCases;

namespace MicroTL.Firmware.Tests.Kernels;

public sealed class TargetKernelTests
{
    [FirmwareFact]
    public void AllKernels_OnCortexM4UnderQemu_MatchCSharpByteForByte()
    {
        const int n = 6;
        const int dsp = 30; // the kernels with a DSP path (SXTB16/SMLAD, SSUB8/SEL): more shapes, tails and offsets on the target
        var cases = new List<KernelCase>();
        cases.AddRange(Cases(101, WindowCases.Conv2D, dsp));
        cases.AddRange(Cases(102, WindowCases.DepthwiseConv2D, dsp));
        cases.AddRange(Cases(103, rng => WindowCases.Pool(rng, average: true), n));
        cases.AddRange(Cases(104, rng => WindowCases.Pool(rng, average: false), dsp));
        cases.AddRange(Cases(105, ElementwiseCases.FullyConnected, dsp));
        cases.AddRange(Cases(106, ElementwiseCases.Softmax, n));
        cases.AddRange(Cases(107, ElementwiseCases.Add, n));
        cases.AddRange(Cases(108, ElementwiseCases.AddBroadcast, n));
        cases.AddRange(Cases(109, ElementwiseCases.QuantizeFloat, n));
        cases.AddRange(Cases(110, ElementwiseCases.Requantize, n));
        cases.AddRange(Cases(111, ElementwiseCases.Dequantize, n));
        cases.AddRange(Cases(112, ElementwiseCases.Reshape, 2));
        cases.AddRange(Cases(113, FullyConnectedFloat, n));
        cases.Add(QuantizeMultiplier(new Random(115), 100));
        cases.AddRange(Enum.GetValues<FixedPointFunction>().Select((f, i) => FixedPoint(new Random(116 + i), f, 100)));

        KernelAssert.MatchOnTarget(cases);
    }

    [FirmwareFact]
    public void SoftmaxF32_NewlibExpf_WithinFourUlpsOfCSharp()
    {
        List<KernelCase> cases = Cases(114, SoftmaxFloat, 30);
        byte[][] actual = KernelRunner.RunOnTarget(cases);
        int differing = 0, total = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            float[] expected = AsFloats(cases[i].Expected), got = AsFloats(actual[i]);
            Assert.Equal(expected.Length, got.Length);
            for (int k = 0; k < expected.Length; k++, total++)
            {
                long ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(expected[k]) - BitConverter.SingleToInt32Bits(got[k]));
                Assert.True(ulps <= 4, $"case {i} ({cases[i].Description}) element {k}: C# {expected[k]:R}, C {got[k]:R}, {ulps} ulps apart");
                if (ulps != 0) differing++;
            }
        }
        // Measured: 169 of 1,288 outputs differ, by at most 3 ulps. Some must differ, or newlib's expf has become
        // glibc's and the note of mtl_float_math.h is stale.
        Assert.InRange(differing, 1, total / 2);
    }

    [FirmwareFact]
    public void SoftmaxF32_ExpViaDouble_MatchesMathExpBitForBitOnQemuAndHost()
    {
        var rng = new Random(117);
        var cases = new List<KernelCase>();
        for (int i = 0; i < 30; i++)
        {
            KernelCase c = SoftmaxFloat(rng);
            cases.Add(c);
        }
        List<KernelCase> viaDouble = cases.Select(RecomputeWithDoubleExp).ToList();
        KernelAssert.MatchOnTarget(viaDouble, "MTL_EXP_VIA_DOUBLE");
        KernelAssert.MatchOnHost(viaDouble, "MTL_EXP_VIA_DOUBLE");
    }

    // The same case, expected output recomputed as SoftmaxFloat would with (float)Math.Exp.
    private static KernelCase RecomputeWithDoubleExp(KernelCase c)
    {
        (int rows, int depth, float beta, float[] input) = c.SoftmaxF32Arguments();
        var y = new float[input.Length];
        for (int r = 0; r < rows; r++)
        {
            float max = float.MinValue;
            for (int k = 0; k < depth; k++) max = Math.Max(max, input[r * depth + k]);
            float sum = 0f;
            for (int k = 0; k < depth; k++)
            {
                float e = (float)Math.Exp((input[r * depth + k] - max) * beta);
                y[r * depth + k] = e;
                sum += e;
            }
            for (int k = 0; k < depth; k++) y[r * depth + k] /= sum;
        }
        return new KernelCase(KernelOp.SoftmaxF32, c.Description + ", exp via double").Ints(rows, depth).Float(beta).Blob(input).Expect(y);
    }

    private static float[] AsFloats(byte[] bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
