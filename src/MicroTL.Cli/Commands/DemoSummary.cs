using MicroTL.Session;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Reporting;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Cli.Commands;

/// <summary>The demo's terminal summary (its report.json: <see cref="Toolkit.Reports.DemoReport"/>).</summary>
public static class DemoSummary
{
    /// <summary>The summary: accuracies, memory, ops, energy and break-even, time.</summary>
    public static void Write(TextWriter w, DemoResult d)
    {
        TransferOutcome o = d.Transfer.Outcome;
        TransferEvaluation t = d.Transfer.Evaluation;
        w.WriteLine();
        w.WriteLine($"MicroTL demo: new activities for new users (WISDM smartwatch, {d.DataSource})");
        w.WriteLine($"  cloud    base network on {string.Join(",", d.Pretrain.Classes)}: float {d.Pretraining.FloatAccuracy:P1}, int8 {d.Pretraining.Int8Accuracy:P1} on held-out subjects");
        w.WriteLine($"  deploy   int8 model {d.BaseModel.ModelBytes} bytes flash, arena {d.BaseModel.ArenaBytes} bytes, {d.BaseModel.MacsPerInference} MACs per inference");
        w.WriteLine($"  device   {d.TrainSamples} labelled windows ({d.SamplesPerClass} per class of {string.Join(",", d.Device.Classes)}), head {o.Head}, "
            + $"{Markup.Count(o.Training.EpochsRun, "epoch")} (stopped: {o.Training.Reason})"
            + (o.Decision == MicroTL.Training.DeploymentDecision.Rejected ? "; head rejected, the base model stays deployed" : ""));
        w.WriteLine($"  memory   {o.Memory.TotalBytes} of {o.Device.RamBytes} bytes RAM on {o.Device.Name} ({(o.Memory.Fits(o.Device) ? "fits" : "does NOT fit")})");
        w.WriteLine($"  accuracy on {d.TestSamples} test windows of the new users:");
        w.WriteLine($"             base model unchanged        {t.AccuracyBefore,7:P1}");
        w.WriteLine($"             MicroTL on the device       {t.AccuracyAfter,7:P1}");
        w.WriteLine($"             cloud, from scratch (int8)  {d.Transfer.Cloud.Int8Accuracy,7:P1}  (uploads {d.Transfer.Workload.Samples} x {d.Transfer.Workload.RawBytesPerSample} bytes)");
        if (d.Transfer.FloatFineTune is { } f)
            w.WriteLine($"             float head, float features  {f.Accuracy,7:P1}  ({Int8StorageCost(100 * (f.Accuracy - t.AccuracyAfter))})");
        if (d.Transfer.Classical is { } c)
            w.WriteLine($"             classical, forest on stats  {c.Accuracy,7:P1}  (random forest on {c.Features} window statistics, host only)");
        w.WriteLine($"  ops      device training {o.Training.Ops.TotalMultiplyAdds} multiply-adds, feature collection {o.CollectionMacs.Values.Sum()} int8 MACs");
        WriteEnergy(w, d.Energy);
        w.WriteLine($"  time     {d.Timing.TotalSeconds:F1} s on this host (pretraining {d.Timing.PretrainSeconds:F1} s)");
    }

    private static void WriteEnergy(TextWriter w, DemoEnergy e)
    {
        EnergyComparison c = e.Comparison;
        w.WriteLine(Toolkit.Reports.EnergyReport.CalibrationNote(c.Device) is { } calibrated
            ? $"  energy   estimate on {c.Device.Name} (cost model: op counts x constants; {calibrated}):"
            : $"  energy   estimate on {c.Device.Name} (cost model: op counts x datasheet constants, not measured on hardware):");
        w.WriteLine(Inv($"             on the device   {c.OnDevice.Seconds,10:F2} s {c.OnDevice.EnergyMillijoules,10:F1} mJ  ({Phases(c.OnDevice)})"));
        w.WriteLine(Inv($"             via the cloud   {c.Cloud.Seconds,10:F2} s {c.Cloud.EnergyMillijoules,10:F1} mJ  ({Phases(c.Cloud)})"));
        w.WriteLine(Inv($"             cloud / device: energy {c.EnergyRatio:F2}x, time {c.TimeRatio:F2}x (paper: {EnergyComparison.PaperEnergyRatio}x, {EnergyComparison.PaperTimeRatio}x)"));
        w.WriteLine($"             verdict: {c.Verdict}");
        if (e.DatasheetKernels is { } k)
        {
            w.WriteLine("             with optimized kernels instead (the profile's datasheet cycles per operation, e.g. CMSIS-NN's int8 convolution; an estimate):");
            w.WriteLine(Inv($"             on the device   {k.OnDevice.Seconds,10:F2} s {k.OnDevice.EnergyMillijoules,10:F1} mJ; cloud / device: energy {k.EnergyRatio:F2}x, time {k.TimeRatio:F2}x"));
        }
        w.WriteLine("  break-even, where cloud and device energy are equal (the rest of this run fixed):");
        w.WriteLine($"             link throughput  {e.EnergyBreakEvenText(SweepParameter.LinkThroughput, 1000, "kbit/s")}");
        w.WriteLine($"             samples          {e.EnergyBreakEvenText(SweepParameter.Samples)}");
        w.WriteLine($"             on-device epochs {e.EnergyBreakEvenText(SweepParameter.Epochs)}");
    }

    private static string Phases(WayCost way) => string.Join(", ", way.Phases.Select(p => Inv($"{p.Name} {p.EnergyMillijoules:F1} mJ")));

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>"what int8 storage costs: 1.2 points", or, when the device is level or ahead, that it cost nothing on this run.</summary>
    public static string Int8StorageCost(double floatMinusDevicePoints) => Math.Round(floatMinusDevicePoints, 1) switch
    {
        > 0 => Inv($"what int8 storage costs: {floatMinusDevicePoints:F1} points"),
        0 => "int8 storage cost nothing here: the same accuracy",
        _ => Inv($"int8 storage cost nothing here: the device is {-floatMinusDevicePoints:F1} points ahead"),
    };
}
