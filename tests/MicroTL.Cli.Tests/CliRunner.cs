namespace MicroTL.Cli.Tests;

/// <summary>Runs the <c>microtl</c> command in process and captures what it prints.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

public static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The TFLM test data of the repository (tests/fixtures/tflm).</summary>
    public static string Tflm => TestFixtures.Tflm;

    public static string Model(string name) => TestFixtures.Model(name);
}
