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

    /// <summary>The folder of TFLM test data beside the repository (../shared/data/tflm).</summary>
    public static string Tflm
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data", "tflm");
                if (Directory.Exists(candidate)) return candidate;
            }

            throw new DirectoryNotFoundException("shared/data/tflm not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Model(string name) => Path.Combine(Tflm, "models", name);
}
