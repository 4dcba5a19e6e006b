using System.Globalization;
using System.Text;
using System.Text.Json;
using MicroTL.Toolkit.Experiments;

namespace MicroTL.Cli.Commands;

/// <summary>The accuracy table of a scenario for people and its JSON for machines.</summary>
public static class ScenarioReport
{
    public static void WriteTable(TextWriter o, ScenarioResult r)
    {
        int seeds = r.Runs.Select(x => x.Seed).Distinct().Count();
        o.WriteLine($"scenario {Scenarios.NameOf(r.Scenario)}: accuracy on the device's test samples, mean ± sd over {seeds} seed(s)"
            + (r.Scenario == Scenario.Personalisation ? $" (subjects {string.Join(",", r.Runs.Select(x => x.Subject).Distinct())})" : ""));
        o.WriteLine($"{"K",4}  {"base unchanged",15}  {"MicroTL device",15}  {"cloud scratch",15}  {"float fine-tune",15}  {"classical",15}  {"epochs",11}  {"memory B",9}  {"train MACs",10}  stop reasons");
        foreach (ScenarioRow row in r.Rows)
            o.WriteLine($"{row.SamplesPerClass,4}  {Percent(row.Base),15}  {Percent(row.Device),15}  {Percent(row.CloudScratch),15}  {Percent(row.FloatFineTune),15}  {Percent(row.Classical),15}  "
                + $"{row.Epochs.Mean,5:F1} ± {row.Epochs.Sd,3:F1}  {row.MemoryTotalBytes,9}  {row.TrainingMultiplyAdds.Mean,10:0.00E+00}  "
                + string.Join(", ", row.StopReasons.Select(kv => $"{kv.Key} {kv.Value}")));
        o.WriteLine($"({r.Runs.Count} transfers, {r.ElapsedSeconds:F1} s)");
    }

    private static string Percent(MeanSd v) =>
        v.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100 * v.Mean:F1} ± {100 * v.Sd:F1}");

    public static string ToJson(ScenarioResult r)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteString("scenario", Scenarios.NameOf(r.Scenario));
            WriteSettings(j, r);
            j.WriteStartArray("rows");
            foreach (ScenarioRow row in r.Rows)
            {
                j.WriteStartObject();
                j.WriteNumber("samplesPerClass", row.SamplesPerClass);
                j.WriteNumber("runs", row.Runs);
                Stat(j, "base", row.Base);
                Stat(j, "device", row.Device);
                Stat(j, "cloudScratch", row.CloudScratch);
                Stat(j, "floatFineTune", row.FloatFineTune);
                Stat(j, "classical", row.Classical);
                Stat(j, "epochs", row.Epochs);
                j.WriteStartObject("stopReasons");
                foreach ((string reason, int count) in row.StopReasons) j.WriteNumber(reason, count);
                j.WriteEndObject();
                j.WriteNumber("memoryTotalBytes", row.MemoryTotalBytes);
                Stat(j, "trainingMultiplyAdds", row.TrainingMultiplyAdds);
                Stat(j, "collectionMultiplyAdds", row.CollectionMultiplyAdds);
                EpochJson.WriteSummaries(j, "perEpoch", "validationAccuracy", row.DevicePerEpoch);
                EpochJson.WriteSummaries(j, "floatFineTunePerEpoch", "validationAccuracy", row.FloatFineTunePerEpoch);
                EpochJson.WriteSummaries(j, "cloudScratchPerEpoch", "testAccuracyFloat", row.CloudScratchPerEpoch);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteStartArray("runs");
            foreach (ScenarioRun run in r.Runs)
            {
                j.WriteStartObject();
                j.WriteNumber("seed", run.Seed);
                j.WriteNumber("samplesPerClass", run.SamplesPerClass);
                if (run.Subject is { } subject) j.WriteNumber("subject", subject);
                j.WriteNumber("pretrainFloat", run.PretrainFloatAccuracy);
                j.WriteNumber("pretrainInt8", run.PretrainInt8Accuracy);
                j.WriteNumber("base", run.BaseAccuracy);
                j.WriteNumber("device", run.DeviceAccuracy);
                j.WriteNumber("cloudScratch", run.CloudScratchAccuracy);
                j.WriteNumber("cloudScratchFloat", run.Result.Cloud.FloatAccuracy);
                if (double.IsFinite(run.FloatFineTuneAccuracy)) j.WriteNumber("floatFineTune", run.FloatFineTuneAccuracy);
                else j.WriteNull("floatFineTune");
                if (double.IsFinite(run.ClassicalAccuracy)) j.WriteNumber("classical", run.ClassicalAccuracy);
                else j.WriteNull("classical");
                j.WriteNumber("epochs", run.Result.Outcome.Training.EpochsRun);
                j.WriteString("stopReason", run.Result.Outcome.Training.Reason.ToString());
                j.WriteNumber("testSamples", run.Result.Outcome.TestSamples);
                j.WriteNumber("bestEpoch", run.Result.Outcome.Training.BestEpoch);
                EpochJson.WriteHeadEpochs(j, "perEpoch", run.Result.Outcome.Training.Epochs);
                if (run.Result.FloatFineTune is { } f)
                {
                    j.WriteNumber("floatFineTuneBestEpoch", f.Training.BestEpoch);
                    EpochJson.WriteHeadEpochs(j, "floatFineTunePerEpoch", f.Training.Epochs);
                }

                EpochJson.WriteCloudEpochs(j, "cloudScratchPerEpoch", run.Result.Cloud);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteStartObject("timing");
            j.WriteNumber("seconds", Math.Round(r.ElapsedSeconds, 3));
            j.WriteEndObject();
            j.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSettings(Utf8JsonWriter j, ScenarioResult r)
    {
        j.WriteStartObject("settings");
        j.WriteStartArray("seeds");
        foreach (ulong seed in r.Runs.Select(x => x.Seed).Distinct()) j.WriteNumberValue(seed);
        j.WriteEndArray();
        WriteNumbers(j, "samplesPerClass", r.Rows.Select(x => (double)x.SamplesPerClass));
        if (r.Scenario == Scenario.Personalisation) WriteNumbers(j, "subjects", r.Runs.Where(x => x.Subject is not null).Select(x => (double)x.Subject!.Value).Distinct());
        if (r.Options is { } o)
        {
            j.WriteNumber("pretrainEpochs", o.PretrainEpochsFor(r.Scenario));
            j.WriteNumber("cloudEpochs", o.CloudEpochs);
            j.WriteNumber("maxEpochs", o.Transfer.MaxEpochs);
            j.WriteString("optimizer", o.Transfer.EffectiveOptimizer.Kind.ToString().ToLowerInvariant());
            j.WriteNumber("learningRate", o.Transfer.EffectiveOptimizer.LearningRate);
            if (o.Transfer.Hidden is { } hidden) j.WriteNumber("hidden", hidden);
            else j.WriteNull("hidden"); // the base model's own head width
            j.WriteNumber("batchSize", o.Transfer.BatchSize);
            j.WriteNumber("patience", o.Transfer.Patience);
            j.WriteBoolean("int8Head", o.Transfer.Int8Head);
        }

        j.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter j, string name, IEnumerable<double> values)
    {
        j.WriteStartArray(name);
        foreach (double v in values) j.WriteNumberValue(v);
        j.WriteEndArray();
    }

    /// <summary><c>name: {mean, sd, n}</c>; mean and sd null without values.</summary>
    internal static void Stat(Utf8JsonWriter j, string name, MeanSd v)
    {
        j.WriteStartObject(name);
        if (v.Count == 0) { j.WriteNull("mean"); j.WriteNull("sd"); }
        else { j.WriteNumber("mean", v.Mean); j.WriteNumber("sd", v.Sd); }
        j.WriteNumber("n", v.Count);
        j.WriteEndObject();
    }
}
