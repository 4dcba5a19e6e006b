// The operators and variants the TFLM fixtures do not reach (CoverageModel), generated, built and run on
// the host and under QEMU: every layer byte for byte as the C# interpreter's and the tail the C#'s. The
// last layer, a float SOFTMAX, runs the C library's expf: bit for bit with glibc (which .NET calls), within
// a few ulps with newlib on the device (mtl_float_math.h).
using System.Runtime.InteropServices;
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;
using MicroTL.TfLite;

namespace MicroTL.Firmware.Tests.Models;

public sealed class CoverageModelTests
{
    private static FixtureModel Model => FixtureModel.InMemory(CoverageModel.FileName, CoverageModel.Build);

    [HostGccFact]
    public void Host_CoverageModel_EveryLayerMatchesCSharp()
    {
        FixtureModel model = Model;
        Assert.Equal(10, model.Model.MainSubgraph.Operators.Count);
        // No layer hides a mistake behind a constant output (all clamped, all zero).
        foreach ((int tensor, byte[] bytes) in model.Cases[0].CSharp)
            Assert.True(bytes.Distinct().Count() > 1, $"t{tensor} of case 0 is constant; the coverage model would not test its operator");

        ModelAssert.Matches(model, ModelBuilds.RunOnHost(model), "host");
    }

    [FirmwareFact]
    public void Firmware_CoverageModelUnderQemu_IntegerLayersExactFloatSoftmaxWithinFourUlps()
    {
        FixtureModel model = Model;
        ModelRun run = ModelBuilds.RunOnQemu(model);
        Subgraph graph = model.Model.MainSubgraph;
        int softmax = graph.Operators[^1].Outputs[0];

        // Everything but the softmax's output byte for byte (ModelAssert checks the arena and tail as well).
        var exceptSoftmax = model.Cases.Select(c => c with { CSharp = c.CSharp.Where(p => p.Key != softmax).ToDictionary() }).ToArray();
        Assert.Equal(model.Plan.TotalBytes, run.Report.ArenaBytes);
        ModelAssert.Same(model.Tail, ModelRunFiles.ReadTail(run.Directory), "QEMU coverage model: the arena tail after init");
        for (int k = 0; k < model.Cases.Count; k++)
        {
            foreach (OperatorInfo op in graph.Operators.SkipLast(1))
                ModelAssert.Same(exceptSoftmax[k].CSharp[op.Outputs[0]], ModelRunFiles.ReadOutput(run.Directory, k, op.Outputs[0]), $"QEMU case {k} t{op.Outputs[0]}");
            float[] expected = MemoryMarshal.Cast<byte, float>(model.Cases[k].CSharp[softmax]).ToArray();
            float[] actual = MemoryMarshal.Cast<byte, float>(ModelRunFiles.ReadOutput(run.Directory, k, softmax)).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.InRange(Math.Abs(BitConverter.SingleToInt32Bits(expected[i]) - BitConverter.SingleToInt32Bits(actual[i])), 0, 4);
        }
    }
}
