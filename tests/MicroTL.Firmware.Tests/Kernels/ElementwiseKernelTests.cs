// The C int8 and conversion kernels without windows, built for the host, against the C# kernels on
// seeded random cases.
using MicroTL.Firmware.Tests.Support;
using static MicroTL.Firmware.Tests.Kernels.WindowKernelTests;

namespace MicroTL.Firmware.Tests.Kernels;

public sealed class ElementwiseKernelTests
{
    [HostGccFact]
    public void FullyConnectedS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(11, ElementwiseCases.FullyConnected));

    [HostGccFact]
    public void SoftmaxS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(12, ElementwiseCases.Softmax));

    [HostGccFact]
    public void AddS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(13, ElementwiseCases.Add));

    [HostGccFact]
    public void AddS8Broadcast_RandomShapes_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(14, ElementwiseCases.AddBroadcast));

    [HostGccFact]
    public void QuantizeF32S8_RandomValuesTiesAndSpecials_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(15, ElementwiseCases.QuantizeFloat));

    [HostGccFact]
    public void RequantizeS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(16, ElementwiseCases.Requantize));

    [HostGccFact]
    public void DequantizeS8F32_RandomCases_MatchCSharpBitForBit() =>
        KernelAssert.MatchOnHost(Cases(17, ElementwiseCases.Dequantize));

    [HostGccFact]
    public void Reshape_RandomBytes_CopiesThem() =>
        KernelAssert.MatchOnHost(Cases(18, ElementwiseCases.Reshape, count: 10));
}
