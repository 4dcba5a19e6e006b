// Every TFLM fixture model generated to C, built for QEMU's mps2-an386 (and linked for the nRF52840) and
// run under QEMU with all its cases in one run: every layer's output byte for byte as the C# interpreter's
// and the TFLM goldens', the C arena the C# plan's, the tail the C prepares wrote the C#'s bytes.
using MicroTL.Firmware.Generation;
using MicroTL.Firmware.Tests.Support;
using MicroTL.Firmware.Toolchain;
using Xunit.Abstractions;

namespace MicroTL.Firmware.Tests.Models;

public sealed class ModelFirmwareTests(ITestOutputHelper output)
{
    [FirmwareTheory]
    [MemberData(nameof(FixtureModel.FileNames), MemberType = typeof(FixtureModel))]
    public void Firmware_FixtureModelUnderQemu_EveryLayerMatchesCSharpAndGoldens(string fileName)
    {
        FixtureModel model = FixtureModel.Get(fileName);

        ModelRun run = ModelBuilds.RunOnQemu(model);

        int golden = ModelAssert.Matches(model, run, "QEMU");
        if (model.Cases.Any(c => c.Golden.Count > 0)) Assert.True(golden > 0, $"{fileName}: no layer was compared with a golden");
        ModelRunReport report = run.Report;
        Assert.All(report.Operators, o => Assert.True(o.Instructions > 0, $"case {o.Case} op {o.Operator} {o.Name} counted no instructions"));
        for (int k = 0; k < report.Cases; k++)
        {
            // One whole inference costs what its operators cost one by one, within the counter's resolution
            // (40 instructions a reading) and the calls between them.
            long operators = report.Operators.Where(o => o.Case == k).Sum(o => o.Instructions);
            long whole = report.InferenceInstructions[k];
            long slack = 40L * (model.Model.MainSubgraph.Operators.Count + 2) + operators / 20;
            Assert.InRange(whole, operators - slack, operators + slack);
        }

        ElfSizes nrf = ModelBuilds.Images(model).Nrf.Sizes();
        Assert.InRange(nrf.FlashBytes, model.Bytes.Length / 4, 1024 * 1024);
        Assert.InRange(nrf.StaticRamBytes, model.Plan.TotalBytes, 256 * 1024);
        string counts = FormattableString.Invariant(
            $"{report.InferenceInstructions.Min()}-{report.InferenceInstructions.Max()} instructions an inference, {model.MacsPerInference} MACs");
        string memory = FormattableString.Invariant(
            $"arena {report.ArenaBytes} bytes, nRF52840 flash {nrf.FlashBytes} bytes, static RAM {nrf.StaticRamBytes} (.data {nrf.DataBytes}, .bss {nrf.BssBytes}, stack {nrf.StackBytes})");
        string perOperator = string.Join(", ", report.Operators.Where(o => o.Case == 0).Select(o => FormattableString.Invariant($"{o.Name} {o.Instructions}")));
        output.WriteLine($"{fileName}: {counts}; {memory}; case 0 per operator: {perOperator}");
    }
}

public sealed class ModelHostTests
{
    [HostGccTheory]
    [MemberData(nameof(FixtureModel.FileNames), MemberType = typeof(FixtureModel))]
    public void Host_FixtureModelWithGcc_EveryLayerMatchesCSharpAndGoldens(string fileName)
    {
        FixtureModel model = FixtureModel.Get(fileName);

        ModelRun run = ModelBuilds.RunOnHost(model);

        int golden = ModelAssert.Matches(model, run, "host");
        if (model.Cases.Any(c => c.Golden.Count > 0)) Assert.True(golden > 0, $"{fileName}: no layer was compared with a golden");
        Assert.All(run.Report.Operators, o => Assert.Equal(0, o.Instructions));
    }
}
