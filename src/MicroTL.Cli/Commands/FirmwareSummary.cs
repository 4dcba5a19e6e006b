using MicroTL.Firmware.Session;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Cli.Commands;

/// <summary>The summary of <c>microtl firmware</c> for people (the report for machines: <see cref="FirmwareReport"/>).</summary>
internal static class FirmwareSummary
{
    public static void Write(TextWriter w, SessionPlan plan, FirmwareReport r, int train, int test, int perClass, DataSelection selection)
    {
        w.WriteLine($"data       {Markup.Count(train, "labelled sample")} ({perClass} per class of {string.Join(",", selection.Classes)}), {Markup.Count(test, "test sample")}");
        w.WriteLine($"session    head {plan.Head}, cut tensor {plan.Cut.Tensor}; store of {Markup.Count(plan.StoreRecords, "record")} ({plan.StoreMode})");
        w.WriteLine($"arena      {r.Ram.PlannedBytes} bytes, one static array laid out from the C# plan ({Markup.Count(plan.Layout.Slices.Count, "buffer")})");
        if (r.RanOn == "not run")
        {
            w.WriteLine($"firmware   {r.Project}: generated (build with make nrf52840 qemu; make run runs it under QEMU, or pass --run qemu)");
            return;
        }

        w.WriteLine($"nrf52840   {(r.LinkedForNrf52840 ? "links" : "does NOT link")}: flash {r.FlashBytes} bytes (+ {r.StoreFlashBytes} for the store's log), static RAM {r.Ram.StaticBytes} bytes " +
            $"= arena {r.Ram.ArenaBytes} + C runtime and newlib globals {r.Ram.StaticBytes - r.Ram.ArenaBytes}; stack {r.Ram.StackBytes} of {r.Ram.StackRegionBytes} bytes, heap {r.Ram.HeapBytes}");
        if (r.Instructions is { } i)
        {
            w.WriteLine($"qemu       {i.Total} instructions; collection {i.CollectionPerSample} a sample ({i.CollectionMin}-{i.CollectionMax}), split {i.Split} (instructions, not cycles)");
            if (i.TrainingPerEpoch is { } epoch)
                w.WriteLine($"           training {epoch} an epoch ({Markup.Count(i.Epochs.Count, "epoch")}), deployment check {i.Deployment}, export {i.Export}, prediction {i.PredictionPerSample} a test sample");
            if (i.PerInt8Mac is { } mac && i.PerFloatMultiplyAdd is { } fma)
                w.WriteLine($"           {mac:F2} instructions per int8 MAC of collection, {fma:F2} per float multiply-add of training (a profile's firmwareInstructionsPer* fields)");
        }
        if (r.Match is { } m)
            w.WriteLine($"match      features {m.Features.Identical}/{m.Features.Total} records identical{(m.FirstFeatureDifference is { } d ? $" (first difference: {d})" : "")}, " +
                $"split {(m.Split ? "identical" : "DIFFERS")}{(m.FlashImage is { } f ? $", flash image {(f ? "identical" : "DIFFERS")}" : "")}");
        if (r.Match is { Predictions: { } p } mm)
            w.WriteLine($"           head {(mm.HeadParametersDiffering == 0 ? $"bit-identical ({mm.HeadParameters} parameters)" : $"{mm.HeadParametersDiffering} of {mm.HeadParameters} parameters differ, by at most {mm.HeadMaxAbsDiff:G3}")}, " +
                $"predictions {p.Identical}/{p.Total} identical");
        if (r.Accuracy is { } a)
            w.WriteLine($"accuracy   firmware {a.Firmware:P1}, C# engine {a.Host:P1} on the {Markup.Count(r.Match?.Predictions?.Total ?? 0, "test sample")}");
    }
}
