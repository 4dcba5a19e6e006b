using MicroTL.Toolkit.Energy;
using MicroTL.Toolkit.Reports;

namespace MicroTL.Toolkit.Tests.Reports;

/// <summary>The typed reports' JSON: NaN as null, camelCase, round trips, and errors that name the file and the field.</summary>
public sealed class ReportJsonTests
{
    private const string Training = """{"forwardMultiplyAdds": 1, "backwardMultiplyAdds": 2, "optimizerMultiplyAdds": 3, "bytesDequantized": 4, "steps": 5}""";

    private static string Report(string training = Training, string workload = """{"samples": 10, "rawBytesPerSample": 5, "cloudTrainHostSeconds": 0.5, "cloudModelBytes": 3000}""") =>
        $$"""{"epochs": 3, "headParameterBytes": 1224, "ops": {"collectionInt8Macs": {"CONV_2D": 640}, "bytesStored": 640, "training": {{training}}}, "workload": {{workload}}}""";

    [Fact]
    public void Serialize_NonFiniteDouble_WritesNullAndReadsBackNaN()
    {
        var epoch = new HeadEpochReport(1, 0.5, 0.75, double.NaN, double.PositiveInfinity);

        string json = ReportJson.Serialize(epoch);
        HeadEpochReport back = ReportJson.Deserialize<HeadEpochReport>(json, "e.json");

        Assert.Contains("\"validationLoss\": null", json);
        Assert.Contains("\"validationAccuracy\": null", json);
        Assert.Contains("\"trainAccuracy\": 0.75", json);
        Assert.True(double.IsNaN(back.ValidationLoss));
        Assert.True(double.IsNaN(back.ValidationAccuracy));
        Assert.Equal(0.5, back.TrainLoss);
    }

    [Fact]
    public void Serialize_NonFiniteFloat_WritesNull()
    {
        string json = ReportJson.Serialize(new PretrainAccuracyReport(0.9f, float.NaN, float.NegativeInfinity, 0.98f, [new ClassAccuracyReport("A", 0.5, double.NaN)]));

        Assert.Contains("\"int8\": null", json);
        Assert.Contains("\"drop\": null", json);
        Assert.Contains("\"float\": 0.9,", json); // float precision, as written before the records (not 0.8999999761581421)
        Assert.True(float.IsNaN(ReportJson.Deserialize<PretrainAccuracyReport>(json, "p.json").Int8));
    }

    [Fact]
    public void Serialize_MeanOfNoValues_WritesNullMeanAndSd()
    {
        string json = ReportJson.Serialize(StatReport.From(MicroTL.Toolkit.Experiments.MeanSd.Of([])));

        Assert.Equal("{\n  \"mean\": null,\n  \"sd\": null,\n  \"n\": 0\n}", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void WorkloadFile_ToJsonOfTheBuiltInScenario_IsTheResourceByteForByte()
    {
        using Stream stream = typeof(DefaultScenario).Assembly.GetManifestResourceStream("MicroTL.Energy.Scenarios.wisdm-smartwatch.json")!;
        string resource = new StreamReader(stream).ReadToEnd();
        string measuredWith = ReportJson.Deserialize<WorkloadDocument>(resource, "resource").MeasuredWith!;

        Assert.Equal(resource.ReplaceLineEndings("\n"), WorkloadFile.ToJson(DefaultScenario.Workload, measuredWith).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void WorkloadDocument_WriteReadWrite_IsTheSame()
    {
        WorkloadDocument document = WorkloadDocument.From(DefaultScenario.Workload, "test");

        string json = ReportJson.Serialize(document);
        WorkloadDocument back = ReportJson.Deserialize<WorkloadDocument>(json, "w.json");

        Assert.Equal(json, ReportJson.Serialize(back));
        Assert.Equal(document.Ops!.CollectionInt8Macs, back.Ops!.CollectionInt8Macs);
        Assert.Equal(document.Ops.Training, back.Ops.Training);
        Assert.Equal(document.Workload, back.Workload);
    }

    [Fact]
    public void DeviceProfileDocument_WriteReadWrite_IsTheSameAndLoadsAsAProfile()
    {
        DeviceProfile nrf = DeviceProfileLoader.Default;
        IReadOnlyList<DeviceProfileDocument> documents = [DeviceProfileDocument.From(nrf)];

        string json = ReportJson.Serialize(documents);
        IReadOnlyList<DeviceProfileDocument> back = ReportJson.Deserialize<IReadOnlyList<DeviceProfileDocument>>(json, "d.json");
        string one = ReportJson.Serialize(back);
        DeviceProfile loaded = DeviceProfileLoader.Parse(System.Text.Json.Nodes.JsonNode.Parse(one)!.AsArray()[0]!.ToJsonString(), "copy.json");

        Assert.Equal(json, one);
        Assert.Equal(nrf.Values.Count(), back[0].Values.Count);
        Assert.Equal(nrf.RamBytes, loaded.RamBytes);
        Assert.Equal(nrf["radioTxMilliamps"], loaded["radioTxMilliamps"]);
    }

    [Theory]
    [InlineData("steps", "ops.training.steps")]
    [InlineData("bytesDequantized", "ops.training.bytesDequantized")]
    public void Deserialize_MissingRequiredNestedField_NamesFileAndField(string removed, string field)
    {
        string training = Training.Replace($"\"{removed}\": ", "\"x\": ", StringComparison.Ordinal);

        var e = Assert.Throws<ReportFormatException>(() => ReportJson.Deserialize<WorkloadDocument>(Report(training), "r.json"));

        Assert.Equal($"r.json: field '{field}' is missing", e.Message);
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Deserialize_FieldOfWrongType_NamesFileAndField()
    {
        string report = Report(workload: """{"samples": 10, "rawBytesPerSample": 5, "cloudTrainHostSeconds": 0.5, "cloudModelBytes": "big"}""");

        var e = Assert.Throws<ReportFormatException>(() => ReportJson.Deserialize<WorkloadDocument>(report, "r.json"));

        Assert.Equal("workload.cloudModelBytes", e.Field);
        Assert.StartsWith("r.json: field 'workload.cloudModelBytes' has a value of the wrong type", e.Message);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2]")]
    [InlineData("{\"epochs\": 3,")]
    [InlineData("null")]
    public void Deserialize_NotAReport_NamesTheFile(string text)
    {
        var e = Assert.Throws<ReportFormatException>(() => ReportJson.Deserialize<WorkloadDocument>(text, "broken.json"));

        Assert.StartsWith("broken.json: ", e.Message);
        Assert.Equal("broken.json", e.Origin);
    }

    [Fact]
    public void WorkloadFile_FieldOutOfRange_ThrowsWorkloadExceptionNamingTheFile()
    {
        var e = Assert.Throws<WorkloadException>(() => WorkloadFile.Parse(Report(workload: """{"samples": 10, "rawBytesPerSample": 5, "cloudTrainHostSeconds": 0.5, "cloudModelBytes": 1e40}"""), "r.json"));

        Assert.Contains("r.json", e.Message);
        Assert.Contains("workload.cloudModelBytes", e.Message);
    }

    [Fact]
    public void WorkloadFile_Unreadable_ThrowsWorkloadExceptionNamingThePath()
    {
        var e = Assert.Throws<WorkloadException>(() => WorkloadFile.Read("/nonexistent/r.json"));

        Assert.Contains("/nonexistent/r.json", e.Message);
    }
}
