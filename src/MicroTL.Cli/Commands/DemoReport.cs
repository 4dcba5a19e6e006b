using System.Text;
using System.Text.Json;
using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;
using MicroTL.Training;
using MicroTL.Transfer;

namespace MicroTL.Cli.Commands;

/// <summary>
/// The demo's report.json and its terminal summary. Wall-clock figures sit in "timing" and workload.cloudTrainHostSeconds only;
/// "energy" is the cost model's estimate (the same object as <c>microtl energy --json --sweep</c> for this run and device).
/// </summary>
public static class DemoReport
{
    public static string ToJson(DemoResult d)
    {
        TransferOutcome o = d.Transfer.Outcome;
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteString("scenario", "new-activities");
            j.WriteNumber("seed", d.Seed);
            j.WriteNumber("samplesPerClass", d.SamplesPerClass);
            j.WriteNumber("trainSamples", d.TrainSamples);
            j.WriteNumber("testSamples", d.TestSamples);
            Selection(j, "pretrainData", d.Pretrain);
            Selection(j, "deviceData", d.Device);
            j.WriteStartObject("accuracy");
            j.WriteNumber("pretrainFloat", d.Pretraining.FloatAccuracy);
            j.WriteNumber("pretrainInt8", d.Pretraining.Int8Accuracy);
            j.WriteNumber("baseUnchanged", o.AccuracyBefore);
            j.WriteNumber("device", o.AccuracyAfter);
            j.WriteNumber("cloudScratch", d.Transfer.Cloud.Int8Accuracy);
            j.WriteNumber("cloudScratchFloat", d.Transfer.Cloud.FloatAccuracy);
            if (d.Transfer.FloatFineTune is { } f) j.WriteNumber("floatFineTune", f.Accuracy); else j.WriteNull("floatFineTune");
            if (d.Transfer.Classical is { } c) j.WriteNumber("classical", c.Accuracy); else j.WriteNull("classical");
            j.WriteEndObject();
            j.WriteStartObject("perEpoch");
            Series(j, "pretrainTrainAccuracy", d.Pretraining.History.Select(e => (double)e.Accuracy));
            Series(j, "deviceValidationAccuracy", o.Training.Epochs.Select(e => e.ValidationAccuracy));
            Series(j, "deviceTrainAccuracy", o.Training.Epochs.Select(e => e.TrainAccuracy));
            Series(j, "cloudScratchTrainAccuracy", d.Transfer.Cloud.History.Select(e => (double)e.Accuracy));
            Series(j, "floatFineTuneValidationAccuracy", d.Transfer.FloatFineTune?.Training.Epochs.Select(e => e.ValidationAccuracy) ?? []);
            j.WriteEndObject();
            j.WriteNumber("epochs", o.Training.EpochsRun);
            j.WriteString("stopReason", o.Training.Reason.ToString());
            j.WriteStartObject("baseModel");
            j.WriteNumber("modelBytes", d.BaseModel.ModelBytes);
            j.WriteNumber("arenaBytes", d.BaseModel.ArenaBytes);
            j.WriteNumber("macsPerInference", d.BaseModel.MacsPerInference);
            j.WriteNumber("operators", d.BaseModel.Operators);
            j.WriteEndObject();
            TransferReport.WriteMemory(j, o.Memory, o.Device, o.AllocatedBytes);
            TransferReport.WriteOps(j, o);
            j.WritePropertyName("transfer");
            j.WriteRawValue(TransferReport.ToJson(o, d.Transfer));
            j.WritePropertyName("energy");
            j.WriteRawValue(EnergyReport.ToJson(d.Energy.Comparison, d.Energy.BreakEven));
            j.WriteStartObject("timing");
            j.WriteNumber("pretrainSeconds", Math.Round(d.Timing.PretrainSeconds, 3));
            j.WriteNumber("transferSeconds", Math.Round(d.Timing.TransferSeconds, 3));
            j.WriteNumber("totalSeconds", Math.Round(d.Timing.TotalSeconds, 3));
            j.WriteEndObject();
            j.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteSummary(TextWriter w, DemoResult d)
    {
        TransferOutcome o = d.Transfer.Outcome;
        w.WriteLine();
        w.WriteLine($"MicroTL demo: new activities for new users (WISDM smartwatch, {d.DataSource})");
        w.WriteLine($"  cloud    base network on {string.Join(",", d.Pretrain.Classes)}: float {d.Pretraining.FloatAccuracy:P1}, int8 {d.Pretraining.Int8Accuracy:P1} on held-out subjects");
        w.WriteLine($"  deploy   int8 model {d.BaseModel.ModelBytes} bytes flash, arena {d.BaseModel.ArenaBytes} bytes, {d.BaseModel.MacsPerInference} MACs per inference");
        w.WriteLine($"  device   {d.TrainSamples} labelled windows ({d.SamplesPerClass} per class of {string.Join(",", d.Device.Classes)}), head {o.Head}, "
            + $"{o.Training.EpochsRun} epochs (stopped: {o.Training.Reason})"
            + (o.Decision == MicroTL.Training.DeploymentDecision.Rejected ? "; head rejected, the base model stays deployed" : ""));
        w.WriteLine($"  memory   {o.Memory.TotalBytes} of {o.Device.RamBytes} bytes RAM on {o.Device.Name} ({(o.Memory.Fits(o.Device) ? "fits" : "does NOT fit")})");
        w.WriteLine($"  accuracy on {d.TestSamples} test windows of the new users:");
        w.WriteLine($"             base model unchanged        {o.AccuracyBefore,7:P1}");
        w.WriteLine($"             MicroTL on the device       {o.AccuracyAfter,7:P1}");
        w.WriteLine($"             cloud, from scratch (int8)  {d.Transfer.Cloud.Int8Accuracy,7:P1}  (uploads {d.Transfer.Workload.Samples} x {d.Transfer.Workload.RawBytesPerSample} bytes)");
        if (d.Transfer.FloatFineTune is { } f)
            w.WriteLine($"             float head, float features  {f.Accuracy,7:P1}  (what int8 storage costs: {100 * (f.Accuracy - o.AccuracyAfter):F1} points)");
        if (d.Transfer.Classical is { } c)
            w.WriteLine($"             classical, forest on stats  {c.Accuracy,7:P1}  (random forest on {c.Features} window statistics, host only)");
        w.WriteLine($"  ops      device training {o.Training.Ops.TotalMultiplyAdds} multiply-adds, feature collection {o.CollectionMacs.Values.Sum()} int8 MACs");
        WriteEnergy(w, d.Energy);
        w.WriteLine($"  time     {d.Timing.TotalSeconds:F1} s on this host (pretraining {d.Timing.PretrainSeconds:F1} s)");
    }

    private static void WriteEnergy(TextWriter w, DemoEnergy e)
    {
        EnergyComparison c = e.Comparison;
        w.WriteLine($"  energy   estimate on {c.Device.Name} (cost model: op counts x datasheet constants, not measured on hardware):");
        w.WriteLine(Inv($"             on the device   {c.OnDevice.Seconds,10:F2} s {c.OnDevice.EnergyMillijoules,10:F1} mJ  ({Phases(c.OnDevice)})"));
        w.WriteLine(Inv($"             via the cloud   {c.Cloud.Seconds,10:F2} s {c.Cloud.EnergyMillijoules,10:F1} mJ  ({Phases(c.Cloud)})"));
        w.WriteLine(Inv($"             cloud / device: energy {c.EnergyRatio:F2}x, time {c.TimeRatio:F2}x (paper: {EnergyComparison.PaperEnergyRatio}x, {EnergyComparison.PaperTimeRatio}x)"));
        w.WriteLine($"             verdict: {c.Verdict}");
        w.WriteLine("  break-even, where cloud and device energy are equal (the rest of this run fixed):");
        w.WriteLine($"             link throughput  {e.EnergyBreakEvenText(SweepParameter.LinkThroughput, 1000, "kbit/s")}");
        w.WriteLine($"             samples          {e.EnergyBreakEvenText(SweepParameter.Samples)}");
        w.WriteLine($"             on-device epochs {e.EnergyBreakEvenText(SweepParameter.Epochs)}");
    }

    private static string Phases(WayCost way) => string.Join(", ", way.Phases.Select(p => Inv($"{p.Name} {p.EnergyMillijoules:F1} mJ")));

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    private static void Selection(Utf8JsonWriter j, string name, DataSelection s)
    {
        j.WriteStartObject(name);
        j.WriteStartArray("classes");
        foreach (string c in s.Classes) j.WriteStringValue(c);
        j.WriteEndArray();
        j.WriteStartArray("subjects");
        foreach (int subject in s.Subjects ?? []) j.WriteNumberValue(subject);
        j.WriteEndArray();
        j.WriteEndObject();
    }

    private static void Series(Utf8JsonWriter j, string name, IEnumerable<double> values)
    {
        j.WriteStartArray(name);
        foreach (double v in values)
            if (double.IsFinite(v)) j.WriteNumberValue(v); else j.WriteNullValue();
        j.WriteEndArray();
    }
}
