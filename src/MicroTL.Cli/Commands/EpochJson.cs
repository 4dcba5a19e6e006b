// The per-epoch parts of the scenario JSON: each run's curves as measured, each row's curves as
// mean ± sd over the runs that reached an epoch. A missing value (no validation data) is null.
using System.Text.Json;
using MicroTL.Toolkit.Experiments;
using MicroTL.Toolkit.Training;
using MicroTL.Training;

namespace MicroTL.Cli.Commands;

/// <summary>Writes accuracy and loss per epoch into a scenario report.</summary>
internal static class EpochJson
{
    /// <summary><c>name: [{epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy}, ...]</c> of a head training.</summary>
    public static void WriteHeadEpochs(Utf8JsonWriter j, string name, IReadOnlyList<EpochRecord> epochs)
    {
        j.WriteStartArray(name);
        foreach (EpochRecord e in epochs)
        {
            j.WriteStartObject();
            j.WriteNumber("epoch", e.Epoch);
            Number(j, "trainLoss", e.TrainLoss);
            Number(j, "trainAccuracy", e.TrainAccuracy);
            Number(j, "validationLoss", e.ValidationLoss);
            Number(j, "validationAccuracy", e.ValidationAccuracy);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    /// <summary><c>name: [{epoch, trainLoss, trainAccuracy, testAccuracyFloat}, ...]</c> of the cloud network (test accuracy null when not recorded).</summary>
    public static void WriteCloudEpochs(Utf8JsonWriter j, string name, CloudScratchResult cloud)
    {
        j.WriteStartArray(name);
        for (int i = 0; i < cloud.History.Count; i++)
        {
            EpochProgress e = cloud.History[i];
            j.WriteStartObject();
            j.WriteNumber("epoch", e.Epoch);
            Number(j, "trainLoss", e.Loss);
            Number(j, "trainAccuracy", e.Accuracy);
            Number(j, "testAccuracyFloat", i < cloud.TestAccuracyPerEpoch.Count ? cloud.TestAccuracyPerEpoch[i] : double.NaN);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    /// <summary><c>name: [{epoch, field: {mean, sd, n}}, ...]</c>.</summary>
    public static void WriteSummaries(Utf8JsonWriter j, string name, string field, IReadOnlyList<EpochSummary> summaries)
    {
        j.WriteStartArray(name);
        foreach (EpochSummary s in summaries)
        {
            j.WriteStartObject();
            j.WriteNumber("epoch", s.Epoch);
            ScenarioReport.Stat(j, field, s.Accuracy);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter j, string name, double value)
    {
        if (double.IsFinite(value)) j.WriteNumber(name, value);
        else j.WriteNull(name);
    }
}
