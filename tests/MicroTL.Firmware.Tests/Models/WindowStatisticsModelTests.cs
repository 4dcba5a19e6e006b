// MICROTL_WINDOW_STATISTICS (issue 13's custom operator) in the firmware's C interpreter: a motion base pretrained with its
// window statistics as a second output, generated, built and run on the host and under QEMU; every layer, the statistics
// included, byte for byte as the C# interpreter's, and the arena tail (the operator's data block) the C#'s.
using MicroTL.Firmware.Tests.Support;
using MicroTL.TfLite;
using MicroTL.Toolkit.Data.Wisdm;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Firmware.Tests.Models;

public sealed class WindowStatisticsModelTests
{
    private static FixtureModel Model => FixtureModel.InMemory("motion_statistics.tflite", () =>
    {
        PretrainResult result = Pretrainer.Pretrain(new WisdmDataset(WisdmPack.ReadEmbedded()), ['A', 'B', 'D', 'E'], [.. Enumerable.Range(1600, 6)],
            seed: 4, epochs: 1, Pretrainer.MotionDefaults);
        return TfLiteReader.Read(result.Quantized.Bytes);
    });

    private static int StatisticsOutput(FixtureModel model) =>
        model.Model.MainSubgraph.Operators.Single(o => model.Model.OperatorCodes[o.OpcodeIndex].CustomCode == "MICROTL_WINDOW_STATISTICS").Outputs[0];

    [HostGccFact]
    public void Host_MotionBaseWithStatistics_EveryLayerMatchesCSharp()
    {
        FixtureModel model = Model;
        int statistics = StatisticsOutput(model);
        Assert.True(model.Cases[0].CSharp[statistics].Distinct().Count() > 1, "the statistics of case 0 are constant; the test would not test the operator");

        ModelAssert.Matches(model, ModelBuilds.RunOnHost(model), "host");
    }

    [FirmwareFact]
    public void Firmware_MotionBaseWithStatisticsUnderQemu_EveryLayerMatchesCSharp()
    {
        FixtureModel model = Model;

        ModelAssert.Matches(model, ModelBuilds.RunOnQemu(model), "QEMU");
    }
}
