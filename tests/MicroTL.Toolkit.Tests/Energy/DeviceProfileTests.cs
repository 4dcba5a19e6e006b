using System.Text.Json.Nodes;
using MicroTL.Toolkit.Energy;

namespace MicroTL.Toolkit.Tests.Energy;

public class DeviceProfileTests
{
    private static string DefaultJson()
    {
        var root = new JsonObject { ["name"] = "test-board", ["description"] = "a copy of the nrf52840 profile" };
        foreach ((ProfileField field, SourcedValue value) in DeviceProfileLoader.Default.Values)
            root[field.Name] = new JsonObject { ["value"] = value.Value, ["source"] = value.Source };
        return root.ToJsonString();
    }

    [Fact]
    public void BuiltIn_HasDefaultFirstAndTheFourBoards()
    {
        Assert.Equal("nrf52840", DeviceProfileLoader.BuiltIn[0].Name);
        Assert.Equal(["nrf52840", "nrf52810", "nrf52832", "stm32f746"], DeviceProfileLoader.BuiltIn.Select(p => p.Name));
    }

    [Fact]
    public void BuiltIn_EveryValueNamesASource()
    {
        foreach (DeviceProfile p in DeviceProfileLoader.BuiltIn)
        foreach ((ProfileField field, SourcedValue value) in p.Values)
            Assert.True(value.Source.Length > 10, $"{p.Name}.{field.Name} has source '{value.Source}'");
    }

    [Fact]
    public void BuiltIn_Nrf52840_MatchesTheDatasheetFigures()
    {
        DeviceProfile p = DeviceProfileLoader.Find("NRF52840")!;
        Assert.Equal(256 * 1024, p.RamBytes);
        Assert.Equal(64e6, p.ClockHz);
        Assert.Equal(3.0, p.SupplyVolts);
        Assert.Equal(3.3, p.CpuInt8Milliamps);
        Assert.Equal(8.1, p.RadioTxMilliamps);
        Assert.Equal(8.6, p.RadioRxMilliamps);
    }

    [Fact]
    public void BuiltIn_BoardWithoutFpu_PaysFarMoreForFloatThanForInt8()
    {
        DeviceProfile noFpu = DeviceProfileLoader.Find("nrf52810")!;
        DeviceProfile fpu = DeviceProfileLoader.Default;
        Assert.True(noFpu.CyclesPerFloatMultiplyAdd >= 10 * fpu.CyclesPerFloatMultiplyAdd);
        Assert.Equal(fpu.CyclesPerInt8MacConv, noFpu.CyclesPerInt8MacConv);
    }

    [Fact]
    public void Parse_CopyOfDefault_RoundTrips()
    {
        DeviceProfile p = DeviceProfileLoader.Parse(DefaultJson(), "copy.json");
        Assert.Equal("test-board", p.Name);
        Assert.Equal(DeviceProfileLoader.Default.ClockHz, p.ClockHz);
        Assert.Equal(DeviceProfileLoader.Default["clockHz"].Source, p["clockHz"].Source);
    }

    [Fact]
    public void Parse_MissingField_ThrowsNamingFieldAndFile()
    {
        JsonObject root = JsonNode.Parse(DefaultJson())!.AsObject();
        root.Remove("radioTxMilliamps");
        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(root.ToJsonString(), "my-board.json"));
        Assert.Contains("'radioTxMilliamps' is missing", e.Message);
        Assert.Contains("my-board.json", e.Message);
    }

    [Theory]
    [InlineData("clockHz", -64e6, "must be > 0")]
    [InlineData("sleepMilliamps", -0.001, "must be >= 0")]
    [InlineData("supplyVolts", 0, "must be > 0")]
    [InlineData("packetLossRate", 1.0, "must be in [0, 1)")]
    public void Parse_OutOfRangeValue_ThrowsNamingField(string field, double value, string expected)
    {
        JsonObject root = JsonNode.Parse(DefaultJson())!.AsObject();
        root[field]!["value"] = value;
        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(root.ToJsonString(), "b.json"));
        Assert.Contains($"'{field}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void With_NonFiniteValue_Throws()
    {
        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Default.With("cyclesPerFloatMultiplyAdd", double.NaN, "test"));
        Assert.Contains("finite", e.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"clockHz\": 64000000}", "must be an object")]
    [InlineData("{\"name\": \"x\", \"clockHz\": {\"value\": \"fast\", \"source\": \"s\"}}", "must be a number")]
    [InlineData("{\"name\": \"x\", \"clockHz\": {\"value\": 1}}", "must be an object")]
    [InlineData("{\"clockHz\": {\"value\": 1, \"source\": \"s\"}}", "'name' is missing")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{not json", "not valid JSON")]
    public void Parse_MalformedField_ThrowsClearError(string json, string expected)
    {
        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(json, "bad.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_UnknownField_Throws()
    {
        JsonObject root = JsonNode.Parse(DefaultJson())!.AsObject();
        root["warpDrive"] = new JsonObject { ["value"] = 1, ["source"] = "fiction" };
        Assert.Contains("unknown field 'warpDrive'", Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Parse(root.ToJsonString(), "b.json")).Message);
    }

    [Fact]
    public void Resolve_UnknownNameAndNoFile_ThrowsListingBuiltIns()
    {
        var e = Assert.Throws<DeviceProfileException>(() => DeviceProfileLoader.Resolve("no-such-board"));
        Assert.Contains("nrf52840", e.Message);
    }

    [Fact]
    public void Resolve_File_LoadsIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"microtl-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, DefaultJson());
        try { Assert.Equal("test-board", DeviceProfileLoader.Resolve(path).Name); }
        finally { File.Delete(path); }
    }
}
