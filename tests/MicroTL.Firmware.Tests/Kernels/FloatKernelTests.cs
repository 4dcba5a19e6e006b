// The float32 head's C kernels (fully_connected_f32.c, softmax_f32.c), built for the host with
// -ffp-contract=off, against the C# kernels bit for bit.
using MicroTL.Firmware.Tests.Support;
using static MicroTL.Firmware.Tests.Kernels.WindowKernelTests;

namespace MicroTL.Firmware.Tests.Kernels;

public sealed class FloatKernelTests
{
    [HostGccFact]
    public void FullyConnectedF32_RandomCases_MatchCSharpBitForBit() =>
        KernelAssert.MatchOnHost(Cases(21, FloatAndMathCases.FullyConnectedFloat));

    [HostGccFact]
    public void SoftmaxF32_RandomCases_MatchCSharpBitForBit() =>
        KernelAssert.MatchOnHost(Cases(22, FloatAndMathCases.SoftmaxFloat));
}
