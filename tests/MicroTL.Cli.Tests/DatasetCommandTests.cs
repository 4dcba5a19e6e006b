namespace MicroTL.Cli.Tests;

public class DatasetCommandTests
{
    [Fact]
    public void DatasetInfo_Embedded_ListsAllSubjectsAndActivities()
    {
        CliResult result = CliRunner.Run("dataset", "info");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("41: 1600-1640", result.Stdout);
        foreach (string activity in new[] { "walking", "jogging", "stairs", "sitting", "standing", "kicking" })
            Assert.Contains(activity, result.Stdout);
    }

    [Fact]
    public void DatasetInfo_MissingFolder_ExitsTwo()
    {
        CliResult result = CliRunner.Run("dataset", "info", "--data", "/nonexistent/wisdm");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr);
    }
}
