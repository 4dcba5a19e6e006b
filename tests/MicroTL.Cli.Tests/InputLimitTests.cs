// Every input is read within a limit derived from what it can be (issue 16, case 3). Before, inspect /dev/zero,
// infer --input /dev/zero, --device /dev/zero and --data /dev/zero read until memory ran out (4-8 GB, 30-60 s, then
// exit 1 or a raw .NET message). Now each is refused at once with exit 2, naming the file and the limit.
namespace MicroTL.Cli.Tests;

public sealed class InputLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microtl-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Model => CliRunner.Model("hello_world_int8.tflite");

    public static TheoryData<string, string[]> EndlessInputs => new()
    {
        { "model /dev/zero holds more than 67108864 bytes, the most a model file can be (64 MiB)", ["inspect", "/dev/zero"] },
        { "--input /dev/zero holds more than 4 bytes, the size of input tensor 0", ["infer", "MODEL", "--input", "/dev/zero"] }, // float32 values to quantize
        { "--input /dev/zero holds more than 1 byte, the size of input tensor 0", ["infer", "MODEL", "--input", "/dev/zero", "--raw-int8"] },
        { "zero.csv:1: a line longer than 4144 characters", ["infer", "MODEL", "--input", "CSVLINK"] },
        { "/dev/zero:1: a line longer than 4144 characters", ["evaluate", "MODEL", "--csv", "/dev/zero"] },
        { "device profile /dev/zero holds more than 1048576 bytes, the most a profile file can be", ["inspect", "MODEL", "--device", "/dev/zero"] },
        { "/dev/zero:1: a line longer than 4144 characters", ["transfer", "MODEL", "--data", "/dev/zero", "--classes", "2", "--out", "OUT"] },
        { "/dev/zero:1: a line longer than 4144 characters", ["transfer", "MODEL", "--data", "DATA", "--test", "/dev/zero", "--classes", "2", "--out", "OUT"] },
        { "scenario /dev/zero holds more than 16777216 bytes", ["energy", "--scenario", "/dev/zero"] },
        { "model /dev/zero holds more than 1048576 bytes, the flash of nrf52840", ["transfer", "/dev/zero", "--data", "DATA", "--classes", "2", "--out", "OUT"] },
    };

    [Theory]
    [MemberData(nameof(EndlessInputs))]
    public void Command_EndlessInput_RefusedAtOnceNamingTheFileAndTheLimit(string expected, string[] args)
    {
        if (!OperatingSystem.IsLinux()) return;
        string data = Path.Combine(_dir, "d.csv");
        File.WriteAllLines(data, Enumerable.Range(0, 20).Select(i => $"{i % 2},{i}"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // infer reads a CSV by its name: a link named .csv leads to the endless device.
        string csvLink = Path.Combine(_dir, "zero.csv");
        File.CreateSymbolicLink(csvLink, "/dev/zero");
        CliResult r = CliRunner.Run([.. args.Select(a => a switch { "MODEL" => Model, "OUT" => Path.Combine(_dir, "o.tflite"), "DATA" => data, "CSVLINK" => csvLink, _ => a })]);

        // A model over the device's flash does not fit the device (3); every other limit is bad input (2).
        Assert.True(r.ExitCode == (args[0] == "transfer" && args[1] == "/dev/zero" ? 3 : 2), $"exit {r.ExitCode}: {r.Stderr}");
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains(expected, r.Stderr.Split('\n')[0]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        Assert.False(File.Exists(Path.Combine(_dir, "o.tflite")));
    }

    [Theory]
    [InlineData(5, false, "holds 5 bytes, more than 4, the size of input tensor 0")] // an int8 input takes its values as float32 too
    [InlineData(2, true, "holds 2 bytes, more than 1, the size of input tensor 0")]
    public void Infer_InputFileLongerThanTheTensor_RefusedWithItsLength(int bytes, bool rawInt8, string expected)
    {
        string input = Path.Combine(_dir, "in.bin");
        File.WriteAllBytes(input, new byte[bytes]);

        CliResult r = CliRunner.Run(["infer", Model, "--input", input, .. rawInt8 ? new[] { "--raw-int8" } : []]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--input {input} {expected}", r.Stderr);
    }

    [Theory]
    [InlineData("inspect", "DIR")]
    [InlineData("infer", "MODEL", "--input", "DIR")]
    [InlineData("transfer", "MODEL", "--data", "DIR", "--classes", "2", "--out", "OUT")]
    [InlineData("energy", "--scenario", "DIR")]
    [InlineData("evaluate", "DIR", "--classes", "A,B", "--subjects", "1600")]
    public void Command_FolderGivenAsAFile_SaysItIsAFolder(params string[] args)
    {
        CliResult r = CliRunner.Run([.. args.Select(a => a switch { "MODEL" => Model, "OUT" => Path.Combine(_dir, "o.tflite"), "DIR" => _dir, _ => a })]);

        Assert.Equal(2, r.ExitCode);
        InspectCommandTests.AssertOneErrorAndHint(r.Stderr);
        Assert.Contains($"{_dir} is a folder, not a file", r.Stderr);
        Assert.DoesNotContain("Access to the path", r.Stderr); // before: "Access to the path '...' is denied."
    }
}
