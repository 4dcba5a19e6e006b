// The C fixed-point helpers (mtl_quantization_math, mtl_fixed_point_math), built for the host,
// against QuantizationMath.cs and FixedPointMath.cs over random arguments and their edges.
using MicroTL.Firmware.Tests.Support;
using static MicroTL.Firmware.Tests.Support.FloatAndMathCases;

namespace MicroTL.Firmware.Tests.Kernels;

public sealed class FixedPointMathTests
{
    [HostGccFact]
    public void QuantizeMultiplier_RandomAndEdgeMultipliers_MatchCSharp() =>
        KernelAssert.MatchOnHost([QuantizeMultiplier(new Random(31), 400)]);

    [HostGccFact]
    public void FixedPointFunctions_RandomArguments_MatchCSharp() =>
        KernelAssert.MatchOnHost(Enum.GetValues<FixedPointFunction>().Select((f, i) => FixedPoint(new Random(32 + i), f, 400)).ToList());
}
