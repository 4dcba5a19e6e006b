using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroTL.Cli.Tests;

public sealed class EnergyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-energy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Energy_Json_HasRequiredFieldsAndConsistentRatios()
    {
        CliResult r = CliRunner.Run("energy", "--json");

        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        double deviceMj = root.GetProperty("device").GetProperty("energyMillijoules").GetDouble();
        double cloudMj = root.GetProperty("cloud").GetProperty("energyMillijoules").GetDouble();
        double deviceS = root.GetProperty("device").GetProperty("timeSeconds").GetDouble();
        double cloudS = root.GetProperty("cloud").GetProperty("timeSeconds").GetDouble();
        Assert.True(deviceMj > 0 && cloudMj > 0 && deviceS > 0 && cloudS > 0);
        Assert.Equal(cloudMj / deviceMj, root.GetProperty("energyRatio").GetDouble(), 9);
        Assert.Equal(cloudS / deviceS, root.GetProperty("timeRatio").GetDouble(), 9);
        double phaseSum = root.GetProperty("device").GetProperty("phases").EnumerateArray().Sum(p => p.GetProperty("energyMillijoules").GetDouble());
        Assert.Equal(deviceMj, phaseSum, 9);
        Assert.Equal("nrf52840", root.GetProperty("profile").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("paper").GetProperty("verdict").GetString()));
    }

    [Fact]
    public void Energy_Sweep_JsonHasBreakEvenPerDevice()
    {
        CliResult r = CliRunner.Run("energy", "--sweep", "--json");

        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement sweeps = doc.RootElement.GetProperty("breakEven");
        Assert.Equal(12, sweeps.GetArrayLength());
        Assert.Contains(sweeps.EnumerateArray(), s => s.GetProperty("parameter").GetString() == "linkThroughput");
        Assert.All(sweeps.EnumerateArray(), s => Assert.True(s.GetProperty("points").GetArrayLength() >= 2));
    }

    [Fact]
    public void Energy_Text_PrintsPhasesRatiosAndVerdict()
    {
        CliResult r = CliRunner.Run("energy", "--device", "nrf52810");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("feature collection", r.Stdout);
        Assert.Contains("upload", r.Stdout);
        Assert.Contains("ratios", r.Stdout);
        Assert.Contains("verdict", r.Stdout);
        Assert.Contains("does NOT fit", r.Stdout); // 24 KB RAM cannot hold the default job
    }

    [Fact]
    public void Energy_UnknownDevice_ExitsTwoWithHint()
    {
        CliResult r = CliRunner.Run("energy", "--device", "abacus");

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: unknown device 'abacus'", r.Stderr);
        Assert.Contains("hint: known devices: nrf52840", r.Stderr);
    }

    [Fact]
    public void Energy_ProfileFileWithNegativeCurrent_ExitsTwoNamingFieldAndFile()
    {
        CliResult list = CliRunner.Run("energy", "--list-devices", "--device", "nrf52840", "--json");
        JsonObject profile = JsonNode.Parse(list.Stdout)!.AsObject(); // with --device, one object: the form of a profile file
        profile["radioTxMilliamps"]!["value"] = -8.1;
        string path = Path.Combine(_dir, "broken.json");
        File.WriteAllText(path, profile.ToJsonString());

        CliResult r = CliRunner.Run("energy", "--device", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'radioTxMilliamps' is -8.1; must be > 0", r.Stderr);
        Assert.Contains("broken.json", r.Stderr);
    }

    [Fact]
    public void Energy_ProfileFileCopy_IsUsed()
    {
        CliResult list = CliRunner.Run("energy", "--list-devices", "--device", "nrf52840", "--json");
        JsonObject profile = JsonNode.Parse(list.Stdout)!.AsObject(); // with --device, one object: the form of a profile file
        profile["name"] = "my-watch";
        profile["ramBytes"]!["value"] = 131072;
        string path = Path.Combine(_dir, "watch.json");
        File.WriteAllText(path, profile.ToJsonString());

        CliResult energy = CliRunner.Run("energy", "--device", path, "--json");
        CliResult inspect = CliRunner.Run("inspect", CliRunner.Model("hello_world_int8.tflite"), "--device", path, "--json");

        Assert.Equal(0, energy.ExitCode);
        Assert.Equal("my-watch", JsonDocument.Parse(energy.Stdout).RootElement.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(0, inspect.ExitCode);
        Assert.Equal(131072, JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("device").GetProperty("ramBytes").GetInt64());
    }

    [Theory]
    [InlineData("stm32f746", 327680)]
    [InlineData("nrf52832", 65536)]
    public void Inspect_BuiltInProfileName_UsesItsRam(string device, long ram)
    {
        CliResult r = CliRunner.Run("inspect", CliRunner.Model("hello_world_int8.tflite"), "--device", device, "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(ram, JsonDocument.Parse(r.Stdout).RootElement.GetProperty("device").GetProperty("ramBytes").GetInt64());
    }

    [Fact]
    public void Transfer_ProfileWithTooLittleRam_ExitsThreeNamingIt()
    {
        // hello_world with the default 64 KB store needs ~107 KB; the nRF52810 profile has 24 KB.
        CliResult small = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--classes", "2", "--dry-run", "--device", "nrf52810");
        CliResult large = CliRunner.Run("transfer", CliRunner.Model("hello_world_int8.tflite"), "--classes", "2", "--dry-run", "--device", "stm32f746");

        Assert.Equal(3, small.ExitCode);
        Assert.Contains("nrf52810", small.Stderr);
        Assert.Equal(0, large.ExitCode);
        Assert.Contains("bytes RAM on stm32f746 (fits)", large.Stdout);
    }

    [Fact]
    public void Energy_ScenarioNotAReport_ExitsTwo()
    {
        string path = Path.Combine(_dir, "x.json");
        File.WriteAllText(path, "{\"epochs\": 3}");

        CliResult r = CliRunner.Run("energy", "--scenario", path);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: energy: scenario", r.Stderr);
        Assert.Contains("hint:", r.Stderr);
    }

    [Fact]
    public void Energy_CloudFactor_ScalesCloudTraining()
    {
        double Train(CliResult r) => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("cloud").GetProperty("phases")[1].GetProperty("timeSeconds").GetDouble();
        double one = Train(CliRunner.Run("energy", "--json"));
        double ten = Train(CliRunner.Run("energy", "--json", "--cloud-factor", "10"));
        Assert.Equal(10 * one, ten, 9);
        Assert.Equal(2, CliRunner.Run("energy", "--cloud-factor", "-1").ExitCode);
    }

    [Fact]
    public void Energy_ListDevices_PrintsEverySource()
    {
        CliResult r = CliRunner.Run("energy", "--list-devices");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("nrf52840", r.Stdout);
        Assert.Contains("stm32f746", r.Stdout);
        Assert.Contains("Product Specification", r.Stdout);
    }
}
