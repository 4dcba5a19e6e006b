// The C window kernels (conv2d_s8.c, depthwise_conv2d_s8.c, average_pool2d_s8.c, max_pool2d_s8.c),
// built for the host, against the C# reference kernels on seeded random cases.
using MicroTL.Firmware.Tests.Support;

namespace MicroTL.Firmware.Tests.Kernels;

public sealed class WindowKernelTests
{
    private const int CasesPerKernel = 60;

    [HostGccFact]
    public void Conv2DS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(1, WindowCases.Conv2D));

    [HostGccFact]
    public void DepthwiseConv2DS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(2, WindowCases.DepthwiseConv2D));

    [HostGccFact]
    public void AveragePool2DS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(3, rng => WindowCases.Pool(rng, average: true)));

    [HostGccFact]
    public void MaxPool2DS8_RandomCases_MatchCSharpByteForByte() =>
        KernelAssert.MatchOnHost(Cases(4, rng => WindowCases.Pool(rng, average: false)));

    internal static List<KernelCase> Cases(int seed, Func<Random, KernelCase> make, int count = CasesPerKernel)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => make(rng)).ToList();
    }
}
